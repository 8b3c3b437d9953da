/**
 * Voice Resource and Risk Control (issue 15) through real n8n-core against the emulator: resources with review
 * states, TTS templates, import from a URL, upload through the presigned URL, rename and delete; QueryCanCall and
 * the blacklist. Version 2 only.
 */
import type { IDataObject } from 'n8n-workflow';

import { loadOptions, runNode, type RunOptions } from '../../helpers/n8n';
import { useEmulator } from '../../helpers/emulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RESOURCE_KEYS, BLACKLISTED_NUMBER, blockedNumber } = require('../../emulator/voiceResources.js');

const env = useEmulator();

async function attempt(parameters: IDataObject, extra: Partial<RunOptions> = {}) {
	const { credentials } = env();
	return await runNode({ typeVersion: 2, parameters, credentials, ...extra });
}
async function run(parameters: IDataObject, extra: Partial<RunOptions> = {}) {
	const result = await attempt(parameters, extra);
	if (result.error) throw result.error;
	return result.items!;
}
const json = async (parameters: IDataObject, extra: Partial<RunOptions> = {}) => (await run(parameters, extra)).map((i) => i.json);
const requests = () => env().emulator.requests;
const lastRequest = () => requests()[requests().length - 1];

describe('Resource Key picker (listSearch searchResources)', () => {
	const search = async (resourceType: string | number, filter?: string) =>
		((await loadOptions('searchResources', env().credentials, { resourceType }, { typeVersion: 2, kind: 'listSearch', filter })) as {
			results: Array<{ name: string; value: string }>;
		}).results.map((r) => r.value);

	it('lists the approved resources of the chosen Resource Type, searchable by name or key', async () => {
		expect(await search('tts')).toEqual(expect.arrayContaining([RESOURCE_KEYS.tts.approved, RESOURCE_KEYS.tts.approved2]));
		expect(await search('tts')).not.toContain(RESOURCE_KEYS.tts.pending);
		expect(await search('audio')).toEqual([RESOURCE_KEYS.audio.approved]);
		expect(await search(2)).toEqual([RESOURCE_KEYS.ivr.approved]);
		expect(await search('tts', RESOURCE_KEYS.tts.approved2.toLowerCase())).toEqual([RESOURCE_KEYS.tts.approved2]);
		// Each through Get Usable's action (in whichever form this emulator serves), the type as its code, signed.
		expect(requests().map((r) => [r.action.replace(/V2$/, ''), String(r.params.Type), r.signature.ok])).toEqual(
			['1', '1', '0', '2', '1'].map((type) => ['QueryUsableResource', type, true]),
		);
	});
});

describe('Voice Resource', () => {
	it('get many: every review state of a type, Type and State named next to the codes, CreateTime as ISO', async () => {
		const found = await json({ resource: 'voiceResource', operation: 'getMany', resourceType: 'tts', returnAll: true });
		expect(found.map((r) => [r.ResourceKey, r.State, r.StateName])).toEqual([
			[RESOURCE_KEYS.tts.approved, 1, 'approved'],
			[RESOURCE_KEYS.tts.approved2, 1, 'approved'],
			[RESOURCE_KEYS.tts.pending, 0, 'pending'],
			[RESOURCE_KEYS.tts.rejected, 2, 'rejected'],
		]);
		expect(found[0]).toMatchObject({ Type: 1, TypeName: 'tts', CreateTime: '2026-01-05 10:00:00', CreateTimeIso: '2026-01-05T10:00:00+08:00' });
		// Name right after the code.
		const keys = Object.keys(found[0]);
		expect(keys[keys.indexOf('State') + 1]).toBe('StateName');
		expect(lastRequest()).toMatchObject({ method: 'POST', action: 'QueryOpenGetResource' });
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ Type: 1, Offset: 0, Limit: 100 });
	});

	it('get many: Limit pages, filters State and Keyword, and a resource type given as its code', async () => {
		const two = await json({ resource: 'voiceResource', operation: 'getMany', resourceType: 'tts', returnAll: false, limit: 2 });
		expect(two.map((r) => r.ResourceKey)).toEqual([RESOURCE_KEYS.tts.approved, RESOURCE_KEYS.tts.approved2]);
		const pending = await json({ resource: 'voiceResource', operation: 'getMany', resourceType: '={{ 0 }}', returnAll: true, filters: { state: 0 } });
		expect(pending.map((r) => [r.ResourceKey, r.TypeName])).toEqual([[RESOURCE_KEYS.audio.pending, 'audio']]);
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ Type: 0, State: 0, Offset: 0, Limit: 100 });
		const keyword = await json({ resource: 'voiceResource', operation: 'getMany', resourceType: 'ivr', returnAll: true, filters: { keyword: 'On-call' } });
		expect(keyword.map((r) => r.Name)).toEqual(['On-call acknowledge']);
	});

	it('get many refuses an unknown resource type before sending', async () => {
		const { error } = await attempt({ resource: 'voiceResource', operation: 'getMany', resourceType: '={{ "video" }}', returnAll: true });
		expect(error!.message).toContain('Resource Type (resourceType)');
		expect(requests()).toHaveLength(0);
	});

	it('create TTS template: JSON body with ReqSourceType 3; it is listed under review', async () => {
		const [created] = await json({
			resource: 'voiceResource',
			operation: 'createTts',
			name: 'Gate code',
			ttsTemplateContent: 'Your gate code is ${code}.',
			additionalFields: { remark: 'for couriers' },
		});
		expect(created).toMatchObject({ ResourceKey: expect.stringMatching(/^R/), Name: 'Gate code' });
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ Name: 'Gate code', TtsTemplateContent: 'Your gate code is ${code}.', Remark: 'for couriers', ReqSourceType: 3 });
		const [listed] = await json({ resource: 'voiceResource', operation: 'getMany', resourceType: 'tts', returnAll: true, filters: { keyword: 'Gate' } });
		expect(listed).toMatchObject({ ResourceKey: created.ResourceKey, State: 0, StateName: 'pending' });
	});

	it('create TTS template: a duplicate name is an API error naming the code; continue on fail keeps it as data', async () => {
		const { error } = await attempt({ resource: 'voiceResource', operation: 'createTts', name: 'Parcel arrival', ttsTemplateContent: 'x' });
		expect(error!.message).toContain('ResourceNameDuplicated');
		const items = await json(
			{ resource: 'voiceResource', operation: 'createTts', name: 'Parcel arrival', ttsTemplateContent: 'x' },
			{ settings: { onError: 'continueRegularOutput' } },
		);
		expect(items).toEqual([expect.objectContaining({ code: 'ResourceNameDuplicated' })]);
	});

	it('create from URL: FetchResource with Url, Name and ReqSourceType; a URL that is not http(s) is refused before sending', async () => {
		const [fetched] = await json({ resource: 'voiceResource', operation: 'fetchFromUrl', url: 'https://files.example.test/welcome.mp3', name: 'Welcome' });
		expect(fetched).toMatchObject({ ResourceKey: expect.stringMatching(/^R/), Name: 'Welcome', Suffix: 'mp3' });
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ Url: 'https://files.example.test/welcome.mp3', Name: 'Welcome', ReqSourceType: 3 });
		const before = requests().length;
		const { error } = await attempt({ resource: 'voiceResource', operation: 'fetchFromUrl', url: 'file:///etc/passwd', name: 'x' });
		expect(error!.message).toContain('URL (url)');
		expect(requests()).toHaveLength(before);
	});

	it('get usable: the approved resources of a type; the classic QueryUsableResource (POST, Type in the query, empty body) first', async () => {
		const usable = await json({ resource: 'voiceResource', operation: 'getUsable', resourceType: 'tts' });
		expect(usable.map((r) => [r.ResourceKey, r.StateName, r.TypeName])).toEqual([
			[RESOURCE_KEYS.tts.approved, 'approved', 'tts'],
			[RESOURCE_KEYS.tts.approved2, 'approved', 'tts'],
		]);
		expect(requests().map((r) => [r.method, r.action, r.rawBody, r.params.Type])).toEqual([['POST', 'QueryUsableResource', '', '1']]);
	});

	it('get usable falls back both ways: to QueryUsableResourceV2 (GET) where only the 2025 names are served, and back', async () => {
		// Which set of the actions VMS renamed in 2025 the emulator serves (test/emulator/server.js `actionSet`).
		const emulator = env().emulator as unknown as { actionSet?: 'classic' | 'v2' };
		const usable = async () => (await json({ resource: 'voiceResource', operation: 'getUsable', resourceType: 'ivr' })).map((r) => r.ResourceKey);
		const sent = () => requests().map((r) => `${r.method} ${r.action} ${r.response.status}`);

		emulator.actionSet = 'v2';
		expect(await usable()).toEqual([RESOURCE_KEYS.ivr.approved]);
		expect(sent()).toEqual(['POST QueryUsableResource 404', 'GET QueryUsableResourceV2 200']);
		// Remembered for the process: the next run sends the V2 form only.
		requests().length = 0;
		expect(await usable()).toEqual([RESOURCE_KEYS.ivr.approved]);
		expect(sent()).toEqual(['GET QueryUsableResourceV2 200']);

		emulator.actionSet = 'classic';
		requests().length = 0;
		expect(await usable()).toEqual([RESOURCE_KEYS.ivr.approved]);
		expect(sent()).toEqual(['GET QueryUsableResourceV2 404', 'POST QueryUsableResource 200']);
		requests().length = 0;
		expect(await usable()).toEqual([RESOURCE_KEYS.ivr.approved]);
		expect(sent()).toEqual(['POST QueryUsableResource 200']);
	});

	it('rename and delete: POST with ResourceKey (and Name) in the query, an empty body, no Result', async () => {
		const [renamed] = await json({ resource: 'voiceResource', operation: 'rename', resourceKey: RESOURCE_KEYS.audio.pending, name: 'New Year greeting' });
		expect(renamed).toEqual({ success: true, resourceKey: RESOURCE_KEYS.audio.pending, name: 'New Year greeting' });
		expect(lastRequest()).toMatchObject({ method: 'POST', action: 'OpenUpdateResource', rawBody: '', params: { ResourceKey: RESOURCE_KEYS.audio.pending, Name: 'New Year greeting' } });
		expect(new URLSearchParams(lastRequest().rawQuery).get('Name')).toBe('New Year greeting');
		const [listed] = await json({ resource: 'voiceResource', operation: 'getMany', resourceType: 'audio', returnAll: true, filters: { state: 0 } });
		expect(listed.Name).toBe('New Year greeting');

		const [deleted] = await json({ resource: 'voiceResource', operation: 'delete', resourceKey: RESOURCE_KEYS.audio.pending });
		expect(deleted).toEqual({ success: true, resourceKey: RESOURCE_KEYS.audio.pending });
		expect(lastRequest()).toMatchObject({ method: 'POST', action: 'OpenDeleteResource', rawBody: '' });
		expect(await json({ resource: 'voiceResource', operation: 'getMany', resourceType: 'audio', returnAll: true, filters: { state: 0 } })).toEqual([]);
		const { error } = await attempt({ resource: 'voiceResource', operation: 'delete', resourceKey: RESOURCE_KEYS.audio.pending });
		expect(error!.message).toContain('ResourceNotFound');
	});

	describe('upload', () => {
		const wav = Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt tone');
		const binary = (fileName: string, mimeType = 'audio/wav') => [{ data: { data: wav.toString('base64'), mimeType, fileName } }];

		it('gets the upload URL, PUTs the bytes with the Content-Type of the extension, commits: a resource under review', async () => {
			const [done] = await json({ resource: 'voiceResource', operation: 'upload', binaryPropertyName: 'data' }, { binary: binary('alarm.wav') });
			expect(done).toMatchObject({ ResourceKey: expect.stringMatching(/^R/), Name: 'alarm.wav', fileName: 'alarm.wav', contentType: 'audio/wav', fileSize: wav.length });
			expect(requests().map((r) => r.action)).toEqual(['GetResourceUploadUrl', 'CommitResourceUpload']);
			expect(requests().every((r) => r.signature.ok)).toBe(true);
			expect(JSON.parse(requests()[0].rawBody)).toEqual({ FileName: 'alarm.wav', ReqSourceType: 3 });
			const stored = env().emulator.state as unknown as { voiceResources: { resources: Map<string, { bytes: Buffer; State: number }> } };
			const resource = stored.voiceResources.resources.get(done.ResourceKey as string)!;
			expect(resource.bytes.equals(wav)).toBe(true);
			expect(resource.State).toBe(0);
		});

		it('File Name overrides the binary file name; .mp3 goes as audio/mpeg', async () => {
			const [done] = await json(
				{ resource: 'voiceResource', operation: 'upload', binaryPropertyName: 'data', additionalFields: { fileName: 'reminder.mp3' } },
				{ binary: binary('recording.bin', 'application/octet-stream') },
			);
			expect(done).toMatchObject({ Name: 'reminder.mp3', contentType: 'audio/mpeg' });
		});

		it('a file that is not .mp3 or .wav, or no binary field, is refused before anything is sent', async () => {
			const notAudio = await attempt({ resource: 'voiceResource', operation: 'upload', binaryPropertyName: 'data' }, { binary: binary('notes.txt', 'text/plain') });
			expect(notAudio.error!.message).toBe('File Name (fileName): "notes.txt" is not an .mp3 or .wav file name');
			const missing = await attempt({ resource: 'voiceResource', operation: 'upload', binaryPropertyName: 'audio' }, { binary: binary('a.wav') });
			expect(missing.error!.message).toContain('the item has no binary field "audio"');
			expect(requests()).toHaveLength(0);
		});

		it('a refused PUT fails the item and commits nothing', async () => {
			// An upload URL the storage does not know (as after a lost or stale URL): 404.
			env().emulator.faults.inject({ fault: 'result', action: 'GetResourceUploadUrl', result: { UploadUrl: `${env().emulator.url}/_upload/nope/alarm.wav`, Name: 'alarm.wav' } });
			const { error } = await attempt({ resource: 'voiceResource', operation: 'upload', binaryPropertyName: 'data' }, { binary: binary('alarm.wav') });
			expect(error!.message).toBe('The upload URL refused the audio file with HTTP 404');
			expect(String(error!.description)).toContain('Nothing was committed');
			expect(requests().map((r) => r.action)).toEqual(['GetResourceUploadUrl']);
		});

		it('an upload URL that cannot be reached, or is not http(s), fails the item and commits nothing', async () => {
			const { emulator } = env();
			emulator.faults.inject({ fault: 'result', action: 'GetResourceUploadUrl', result: { UploadUrl: 'http://127.0.0.1:1/_upload/x/alarm.wav', Name: 'alarm.wav' } });
			const refused = await attempt({ resource: 'voiceResource', operation: 'upload', binaryPropertyName: 'data' }, { binary: binary('alarm.wav') });
			expect(refused.error!.message).toMatch(/^The audio file could not be uploaded to the upload URL: .*ECONNREFUSED/);
			emulator.faults.inject({ fault: 'result', action: 'GetResourceUploadUrl', result: { UploadUrl: 'file:///tmp/alarm.wav', Name: 'alarm.wav' } });
			const notHttp = await attempt({ resource: 'voiceResource', operation: 'upload', binaryPropertyName: 'data' }, { binary: binary('alarm.wav') });
			expect(notHttp.error!.message).toBe('VMS answered GetResourceUploadUrl with an upload URL that is not http(s)');
			expect(requests().map((r) => r.action)).toEqual(['GetResourceUploadUrl', 'GetResourceUploadUrl']);
		});
	});
});

describe('Risk Control', () => {
	it('check numbers: one item per number with canCall and the status named; the numbers go as one comma-joined form value', async () => {
		const items = await json({
			resource: 'riskControl',
			operation: 'canCall',
			customerNumberList: `+86 138 0013 8000, ${BLACKLISTED_NUMBER}`,
			businessLineId: '2100000001',
			callType: 1,
		});
		expect(items).toEqual([
			{ customerNumber: '13800138000', canCall: true, status: 0, statusName: 'normal', businessLineId: 2100000001, reason: '' },
			{ customerNumber: BLACKLISTED_NUMBER, canCall: false, status: -1, statusName: 'frozen', businessLineId: 2100000001, reason: '黑名单' },
		]);
		expect(lastRequest().rawBody).toBe(`CustomerNumberList=13800138000%2C${BLACKLISTED_NUMBER}&BusinessLineId=2100000001&CallType=1`);
	});

	it('check numbers: more than 100 numbers go 100 per request; PascalCase answers (the Go SDK model) read the same', async () => {
		const numbers = Array.from({ length: 150 }, (_, i) => `1380000${String(i).padStart(4, '0')}`);
		const items = await json({ resource: 'riskControl', operation: 'canCall', customerNumberList: numbers, businessLineId: '1', callType: 1 });
		expect(items.map((i) => i.customerNumber)).toEqual(numbers);
		expect(requests().map((r) => r.params.CustomerNumberList.split(',').length)).toEqual([100, 50]);

		env().emulator.faults.inject({
			fault: 'result',
			action: 'QueryCanCall',
			result: [{ CustomerNumber: '13800138000', BusinessLineId: 1, Status: 2, Reason: 'frozen by rule' }],
		});
		const [pascal] = await json({ resource: 'riskControl', operation: 'canCall', customerNumberList: '13800138000', businessLineId: '1', callType: 1 });
		expect(pascal).toEqual({ customerNumber: '13800138000', canCall: false, status: 2, statusName: 'frozen', businessLineId: 1, reason: 'frozen by rule' });
	});

	it('check numbers refuses a bad number before sending, naming it', async () => {
		const { error } = await attempt({ resource: 'riskControl', operation: 'canCall', customerNumberList: '13800138000,12345', businessLineId: '1', callType: 1 });
		expect(error!.message).toBe('Customer Numbers (customerNumberList): "12345" is not valid');
		expect(requests()).toHaveLength(0);
	});

	it('add to blacklist, then Check Numbers says no; remove from blacklist, then yes', async () => {
		const [added] = await json({ resource: 'riskControl', operation: 'addToBlacklist', customerNumber: '13800138000', additionalFields: { type: 1, remark: 'asked not to be called' } });
		expect(added).toEqual({ success: true, customerNumber: '13800138000', blacklist: 'added', result: 'success' });
		expect(lastRequest().rawBody).toBe('CustomerNumber=13800138000&Type=1&Remark=asked+not+to+be+called');
		expect(blockedNumber(env().emulator.state, '13800138000')).toBeDefined();
		const check = async () =>
			(await json({ resource: 'riskControl', operation: 'canCall', customerNumberList: '13800138000', businessLineId: '1', callType: 1 }))[0].canCall;
		expect(await check()).toBe(false);
		const [removed] = await json({ resource: 'riskControl', operation: 'removeFromBlacklist', customerNumber: '13800138000' });
		expect(removed).toEqual({ success: true, customerNumber: '13800138000', blacklist: 'removed', result: 'success' });
		expect(await check()).toBe(true);
	});

	it('the new resources exist only in version 2', async () => {
		const { credentials } = env();
		const { error } = await runNode({ typeVersion: 1, credentials, parameters: { resource: 'riskControl', operation: 'canCall', customerNumberList: '13800138000', businessLineId: '1', callType: 1 } });
		// Version 1 has no such resource, so not its operation parameter either.
		expect(error!.message).toBe('Could not get parameter "operation"');
		expect(requests()).toHaveLength(0);
	});
});
