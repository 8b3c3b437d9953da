import { runNode } from '../../helpers/n8n';
import { useEmulator } from '../../helpers/emulator';
import { RESOURCES } from '../../../nodes/VolcengineVms/actions/resources';

const env = useEmulator();
const inHours = (n: number) => `={{ Math.floor(Date.now() / 1000) + ${n} * 3600 }}`;
const POOL = 'NP160084061100694433';

/** A valid parameter set for every operation of the node. */
const MINIMAL: Record<string, Record<string, unknown>> = {
	'axn:bind': { numberPoolNo: POOL, phoneNoX: '13700000002', phoneNoA: '13800138000', expireTime: inHours(1) },
	'axn:selectNumberAndBind': { numberPoolNo: POOL, phoneNoA: '13800138000', expireTime: inHours(1) },
	'axn:update': { numberPoolNo: POOL, subId: 'S1', updateType: 'updatePhoneNoB', phoneNoB: '13900139000' },
	'axn:unbind': { numberPoolNo: POOL, subId: 'S1' },
	'axb:bind': { numberPoolNo: POOL, phoneNoX: '13800000002', phoneNoA: '13800138000', expireTime: inHours(1) },
	'axb:selectNumberAndBind': { numberPoolNo: POOL, phoneNoA: '13800138000', expireTime: inHours(1) },
	'axb:upgradeAxToAxb': { numberPoolNo: POOL, subId: 'S1', phoneNoB: '13900139000' },
	'axb:update': { numberPoolNo: POOL, subId: 'S1', updateType: 'updateOutId', outId: 'o-1' },
	'axb:unbind': { numberPoolNo: POOL, subId: 'S1' },
	'axne:bind': { numberPoolNo: POOL, phoneNoA: '13800138000', expireTime: inHours(1) },
	'axne:bindAxbForAxne': { numberPoolNo: POOL, parentSubId: 'S1', phoneNoB: '13900139000', enableDuration: 600 },
	'axne:update': { numberPoolNo: POOL, subId: 'S1', updateType: 'updateExpireTime', expireTime: inHours(2) },
	'axne:unbind': { numberPoolNo: POOL, subId: 'S1' },
	'axyb:bind': { numberPoolNo: POOL, phoneNoA: '13800138000', expireTime: inHours(1) },
	'axyb:bindYbForAxyb': { numberPoolNo: POOL, parentSubId: 'S1', phoneNoB: '13900139000', enableDuration: 600 },
	'axyb:update': { numberPoolNo: POOL, subId: 'S1', updateType: 'updatePhoneNoX', phoneNoX: '13500000002' },
	'axyb:unbind': { numberPoolNo: POOL, subId: 'S1' },
	'axg:bind': { numberPoolNo: POOL, phoneNoA: '13800138000', groupId: 'G1', expireTime: inHours(1) },
	'axg:update': { numberPoolNo: POOL, subId: 'S1', updateType: 'updateGroupId', groupId: 'G2' },
	'axg:unbind': { numberPoolNo: POOL, subId: 'S1' },
	'axg:createGroup': { numberPoolNo: POOL, numbers: '13900139000' },
	'axg:updateGroup': { numberPoolNo: POOL, groupId: 'G1', updateType: 'deleteNumbers', numbers: '13900139000' },
	'axg:deleteGroup': { numberPoolNo: POOL, groupId: 'G1' },
	'call:click2Call': { caller: '13800138000', callee: '13900139000', callerNumberPoolNo: POOL, calleeNumberPoolNo: POOL },
	'call:click2CallLite': { caller: '13800138000', callee: '13900139000', numberPoolNo: POOL },
	'call:cancelClick2Call': { callId: 'D1' },
	'call:getRecords': { callIds: 'D1,D2' },
	'call:getRecording': { callId: 'D1', download: true },
	'call:getTranscript': { callIds: ['D1'] },
	'subscription:get': { numberPoolNo: POOL, subId: 'S1' },
	'subscription:getMany': { numberPoolNo: POOL, returnAll: true },
	'numberPool:getMany': { returnAll: true },
	'numberPool:getNumbers': { numberPoolNo: POOL, returnAll: true },
	'numberPool:selectNumber': { numberPoolNo: POOL, numberCount: 1 },
	'numberPool:create': { name: 'Pool', serviceType: 200, subServiceType: 202 },
	'numberPool:update': { numberPoolNo: POOL, name: 'Pool' },
	'numberPool:scrollNumbers': { numberPoolNo: POOL, limit: 10 },
	'numberPool:setNumberStatus': { numberList: '13700000002', enableCode: 1 },
	'numberPool:applyForNumbers': {
		qualificationNo: 'QUA1',
		numberPoolNo: POOL,
		numberPurpose: '1',
		numberType: '1',
		subServiceType: '202',
		numberApplicationCityItemList: '[{ "CityCode": "010", "NumberCount": "1" }]',
	},
	'numberPool:getApplications': { returnAll: true },
	'numberPool:registerIndustrialId': { numberPoolNo: POOL, orderId: 'o-1' },
	'qualification:uploadFile': { binaryPropertyName: 'data' },
	'qualification:add': { qualificationMainInfoFormDO: '{ "QualificationEntity": "X" }', qualificationAdminInfoFormDO: '{}', qualificationScenarioInfoFormDOList: '[{ "SceneType": 1 }]' },
	'qualification:update': { qualificationMainInfoFormDO: '{ "QualificationNo": "QUA1" }' },
	'qualification:addScene': { qualificationScenarioInfoFormDOList: [{ QualificationNo: 'QUA1', SceneType: 1 }] },
	'qualification:updateScene': { qualificationScenarioInfoFormDOList: [{ QualificationNo: 'QUA1', SceneType: 1 }] },
	'qualification:getMany': { returnAll: true },
	'qualification:registerANumber': { requestId: 'r1', phoneNumber: '13800138000', name: 'Zhang San', idType: 1, idNumber: '1101', photo: 'aGk=' },
	'qualification:getANumberRegistration': { phone: '13800138000' },
	'call:companyAuth': { companyName: 'Example Ltd', companyCreditCode: '91110000MA01ABCD2X' },
	'call:numberAuth': { companyName: 'Example Ltd', companyCreditCode: '91110000MA01ABCD2X', authAction: 'add', aNumbers: '13800138000' },
	'voiceNotification:send': { phone: '13900139000', numberPoolNo: POOL, resourceType: 'tts', resourceKey: 'RK1' },
	'voiceNotification:get': { singleOpenId: 'n1' },
	'voiceNotification:cancel': { singleOpenId: 'n1' },
	'voiceTask:create': {
		name: 'Task',
		numberPoolNo: POOL,
		resourceType: 'tts',
		resourceKey: 'RT0001APPROVED',
		startTime: '2030-01-01 09:00:00',
		endTime: '2030-01-01 20:00:00',
		concurrency: 1,
		phone: '13800138000',
	},
	'voiceTask:append': { taskOpenId: 'T1', phone: '13800138000' },
	'voiceTask:update': { taskOpenId: 'T1', startTime: '2030-01-01 09:00:00', endTime: '2030-01-01 20:00:00', concurrency: 1 },
	'voiceTask:pause': { taskOpenId: 'T1' },
	'voiceTask:resume': { taskOpenId: 'T1' },
	'voiceTask:stop': { taskOpenId: 'T1' },
	'voiceTask:getMany': { returnAll: true },
	'voiceResource:getMany': { resourceType: 'tts', returnAll: true },
	'voiceResource:createTts': { name: 'Gate code', ttsTemplateContent: 'Your code is ${code}.' },
	'voiceResource:upload': { binaryPropertyName: 'data' },
	'voiceResource:fetchFromUrl': { url: 'https://files.example.test/a.mp3', name: 'A' },
	'voiceResource:getUsable': { resourceType: 'audio' },
	'voiceResource:rename': { resourceKey: 'RA0001APPROVED', name: 'B' },
	'voiceResource:delete': { resourceKey: 'RA0001APPROVED' },
	'riskControl:canCall': { customerNumberList: '13800138000', businessLineId: '1', callType: 1 },
	'riskControl:addToBlacklist': { customerNumber: '13800138000' },
	'riskControl:removeFromBlacklist': { customerNumber: '13800138000' },
};

/** Input binary data an operation reads (Upload File). */
const BINARY: Record<string, Array<Record<string, unknown>>> = {
	'qualification:uploadFile': [{ data: { data: Buffer.from('%PDF').toString('base64'), mimeType: 'application/pdf', fileName: 'a.pdf', fileExtension: 'pdf' } }],
	'voiceResource:upload': [{ data: { data: Buffer.from('ID3').toString('base64'), mimeType: 'audio/mpeg', fileName: 'a.mp3', fileExtension: 'mp3' } }],
};

/** The first node version each operation exists in (issue 15 added some in version 2 only). */
const FIRST_VERSION = Object.fromEntries(RESOURCES.flatMap((r) => r.operations.map((o) => [`${r.value}:${o.value}`, o.versions?.from ?? 1])));

const ALL = RESOURCES.flatMap((r) => r.operations.map((o) => [`${r.value}:${o.value}`, o.apiAction] as [string, string]));

function parameters(key: string, overrides: Record<string, unknown> = {}) {
	const [resource, operation] = key.split(':');
	return { resource, operation, ...MINIMAL[key], ...overrides };
}

describe('every operation maps API errors', () => {
	it('has a parameter set for every operation', () => {
		expect(Object.keys(MINIMAL).sort()).toEqual(ALL.map(([key]) => key).sort());
	});

	it.each(ALL)('%s (%s): a business error becomes a NodeApiError with code and hint', async (key, apiAction) => {
		const { emulator, credentials } = env();
		emulator.injectError({ action: apiAction, code: 'SubscriptionEmpty', message: 'gone' });
		const { error } = await runNode({ parameters: parameters(key), credentials, binary: BINARY[key] as never, typeVersion: FIRST_VERSION[key] });
		expect(error!.name).toBe('NodeApiError');
		expect(error!.message).toBe('SubscriptionEmpty: gone');
		expect(String(error!.description)).toContain('No such binding');
		expect(String(error!.description)).toContain(`Action: ${apiAction}`);
		expect(emulator.requests.map((r) => [r.action, r.signature.ok])).toEqual([[apiAction, true]]);
	});
});

// [operation, overrides, expected message]
const BAD: Array<[string, Record<string, unknown>, RegExp]> = [
	['axn:selectNumberAndBind', { additionalFields: { degradeCityList: '010,020,021,022,023,024' } }, /Degrade City List \(degradeCityList\) has 6 entries; at most 5/],
	['axn:selectNumberAndBind', { additionalFields: { degradeCityList: ['010', 'Beijing'] } }, /\(degradeCityList\): "Beijing" is not valid/],
	['axn:selectNumberAndBind', { additionalFields: { cityCode: '10' } }, /City Code \(cityCode\): "10" is not valid/],
	['axn:selectNumberAndBind', { additionalFields: { cityCodeByPhoneNo: '={{ "C" }}' } }, /\(cityCodeByPhoneNo\): "C" is not one of the accepted values/],
	['axn:update', { phoneNoB: '={{ $json.missing }}' }, /Phone No B \(phoneNoB\) is required/],
	// An AXYB update type pasted into an AXN node:
	['axn:update', { updateType: 'updatePhoneNoX', phoneNoX: '13700000002' }, /Update Type \(updateType\): "updatePhoneNoX" is not one of the accepted values/],
	['axn:update', { updateType: 'updateExpireTime', expireTime: '={{ Math.floor(Date.now() / 1000) }}' }, /Expire Time \(expireTime\).*not more than 60 seconds/],
	['axn:update', { updateType: 'updateOutId', outId: 'x'.repeat(129) }, /Out ID \(outId\) is 129 characters long; at most 128/],
	['axn:unbind', { subId: '={{ $json.missing }}' }, /Sub ID \(subId\) is required/],
	['axb:upgradeAxToAxb', { phoneNoB: '123' }, /Phone No B \(phoneNoB\): "123" is not a valid phone number/],
	['axb:bind', { additionalFields: { callDisplayType: '={{ 7 }}' } }, /\(callDisplayType\): 7 is not one of the accepted values/],
	['axne:bind', { additionalFields: { phoneNoE: '12a4' } }, /\(phoneNoE\): "12a4" is not valid/],
	['axne:bindAxbForAxne', { enableDuration: 30 }, /Enable Duration \(Seconds\) \(enableDuration\): 30 is not a whole number from 60/],
	['axne:bindAxbForAxne', { enableDuration: '={{ 90.5 }}' }, /\(enableDuration\): 90.5 is not a whole number/],
	['axyb:bind', { additionalFields: { numberPoolNoY: 'NP Y' } }, /Y Number Pool No \(numberPoolNoY\): "NP Y" is not valid/],
	['axyb:update', { phoneNoX: '={{ $json.missing }}' }, /Phone No X \(phoneNoX\) is required/],
	['axg:createGroup', { numbers: '13900139000,12345' }, /Numbers \(numbers\): "12345" is not valid/],
	['axg:createGroup', { numbers: Array.from({ length: 201 }, (_, i) => `139${String(i).padStart(8, '0')}`) }, /has 201 entries; at most 200/],
	['axg:updateGroup', { updateType: 'updateGroupInfo' }, /Update Group Info needs a Group Name \(groupName\) or an Expire Time \(expireTime\)/],
	['axg:deleteGroup', { groupId: '={{ $json.missing }}' }, /Group ID \(groupId\) is required/],
	['call:click2Call', { caller: '1380013800' }, /Caller \(caller\): "1380013800" is not a valid phone number/],
	['call:click2Call', { callee: '={{ $json.missing }}' }, /Callee \(callee\) is required/],
	['call:click2Call', { calleeNumberPoolNo: 'NP 1' }, /Callee Number Pool No \(calleeNumberPoolNo\): "NP 1" is not valid/],
	['call:click2Call', { additionalFields: { maxTime: 1441 } }, /Max Time \(Minutes\) \(maxTime\): 1441 is not a whole number from 0 to 1440/],
	['call:click2Call', { additionalFields: { lastVoiceTo: '={{ "ALL" }}' } }, /Last Voice To \(lastVoiceTo\): "ALL" is not one of the accepted values/],
	['call:click2Call', { additionalFields: { callerNumber: '12345' } }, /Caller Number \(callerNumber\): "12345" is not a valid phone number/],
	['call:click2Call', { additionalFields: { callerNumberDegradeCityList: '021' } }, /Caller Number Degrade City List \(callerNumberDegradeCityList\) needs Caller Number City Code/],
	['call:click2Call', { additionalFields: { calleeNumberCityCode: '010', calleeNumberDegradeCityList: '021,022,023,0571,0531,0532' } }, /\(calleeNumberDegradeCityList\) has 6 entries; at most 5/],
	['call:click2Call', { additionalFields: { calleeNumberCityCode: '010', calleeNumberDegradeCityList: '021,PNPC' } }, /\(calleeNumberDegradeCityList\): "PNPC" is not valid/],
	['call:click2Call', { additionalFields: { userData: 'x'.repeat(2049) } }, /User Data \(userData\) is 2049 characters long; at most 2048/],
	['call:click2CallLite', { numberPoolNo: '={{ $json.missing }}' }, /Number Pool No \(numberPoolNo\) is required/],
	['call:cancelClick2Call', { callId: 'D 1' }, /Call ID \(callId\): "D 1" is not valid/],
	['call:getRecords', { callIds: 'D1,,D 2' }, /Call IDs \(callIds\): "D 2" is not valid/],
	['call:getRecords', { callIds: '={{ [] }}' }, /Call IDs \(callIds\) is required/],
	['call:getRecording', { callId: '={{ $json.missing }}' }, /Call ID \(callId\) is required/],
	['call:getTranscript', { callIds: ['D1', 'D1;D2'] }, /Call IDs \(callIds\): "D1;D2" is not valid/],
	['subscription:getMany', { numberPoolNo: '={{ $json.missing }}' }, /Number Pool No \(numberPoolNo\) is required/],
	['subscription:getMany', { filters: { status: '={{ 5 }}' } }, /Status \(status\): 5 is not one of the accepted values/],
	['numberPool:selectNumber', { numberCount: 0 }, /Number Count \(numberCount\): 0 is not a whole number from 1 to 500/],
	['numberPool:getNumbers', { filters: { numberList: '137000000021' } }, /\(numberList\): "137000000021" is not valid/],
];

// Required fields left empty in the editor are n8n's own check (WorkflowHasIssuesError); these come
// from expressions that resolve to nothing, which only the node can catch.
describe('bad input to the lifecycle operations is refused before sending', () => {
	it.each(BAD)('%s %p', async (key, overrides, message) => {
		const { emulator, credentials } = env();
		const { error } = await runNode({ parameters: parameters(key, overrides), credentials });
		expect(error!.name).toBe('NodeOperationError');
		expect(error!.message).toMatch(message);
		expect(error!.description).toEqual(expect.any(String));
		expect(emulator.requests).toHaveLength(0);
	});
});
