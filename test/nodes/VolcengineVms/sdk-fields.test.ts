/** Issue 16, point 4: optional fields the SDKs have, added to the existing operations, through real n8n-core and the emulator. */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/n8n';
import { AXN_POOL, useEmulator } from '../../helpers/emulator';

const env = useEmulator();
const AXB_POOL = 'NP160084061100694434';
const AXNE_POOL = 'NP160084061100694435';
const AXYB_POOL = 'NP160084061100694436';
const AXYB_Y_POOL = 'NP160084061100694437';
const AXG_POOL = 'NP160084061100694438';
const inHours = (n: number) => `={{ Math.floor(Date.now() / 1000) + ${n} * 3600 }}`;

async function run(parameters: IDataObject) {
	const { credentials } = env();
	const result = await runNode({ parameters, credentials });
	if (result.error) throw result.error;
	return result.items!.map((i) => i.json);
}

const lastRequest = () => env().emulator.requests[env().emulator.requests.length - 1];

describe('AXN', () => {
	it('bind sends Out ID and Call Display Type; the binding is found by its Out ID', async () => {
		const [bound] = await run({
			resource: 'axn',
			operation: 'bind',
			numberPoolNo: AXN_POOL,
			phoneNoX: '13700000002',
			phoneNoA: '13800138000',
			phoneNoB: '13900139000',
			expireTime: inHours(1),
			audioRecordFlag: true,
			additionalFields: { outId: 'order-16', callDisplayType: 2 },
		});
		expect(lastRequest().params).toMatchObject({ OutId: 'order-16', CallDisplayType: '2' });
		const [found] = await run({ resource: 'subscription', operation: 'getMany', numberPoolNo: AXN_POOL, returnAll: true, filters: { outId: 'order-16' } });
		expect(found.SubId).toBe(bound.SubId);
	});

	it('selectNumberAndBind sends Call Display Type', async () => {
		await run({ resource: 'axn', operation: 'selectNumberAndBind', numberPoolNo: AXN_POOL, phoneNoA: '13800138000', expireTime: inHours(1), audioRecordFlag: true, additionalFields: { callDisplayType: 3 } });
		expect(lastRequest().params.CallDisplayType).toBe('3');
	});
});

describe('AXYB', () => {
	it('AXYB bind picks Y by its own city list (YCityCode, YDegradeCityList, RandomFlagY, comma-joined in the form)', async () => {
		const [axyb] = await run({
			resource: 'axyb',
			operation: 'bind',
			numberPoolNo: AXYB_POOL,
			phoneNoA: '13800138000',
			expireTime: inHours(2),
			audioRecordFlag: true,
			additionalFields: {
				phoneNoB: '13900139000',
				numberPoolNoY: AXYB_Y_POOL,
				ybEnableDuration: 600,
				yCityCode: '0999',
				yDegradeCityList: '0998, 010',
				randomFlagY: false,
			},
		});
		expect(String(axyb.PhoneNoY)).toMatch(/^134/);
		const request = lastRequest();
		expect(request.params).toMatchObject({ YCityCode: '0999', YDegradeCityList: '0998,010', RandomFlagY: '0' });
		expect(new URLSearchParams(request.rawBody).getAll('YDegradeCityList')).toEqual(['0998,010']);
	});

	it('an AXYB bind with an unknown outcome says to look it up by A, not by Out ID', async () => {
		const { credentials, emulator } = env();
		emulator.faults.inject({ fault: 'hang', action: 'BindAXYB' });
		const { error } = await runNode({
			credentials,
			parameters: { resource: 'axyb', operation: 'bind', numberPoolNo: AXYB_POOL, phoneNoA: '13800138000', expireTime: inHours(2), audioRecordFlag: true, options: { timeout: 300 } },
		});
		expect(error!.message).toBe('BindAXYB timed out after 0.3 s: the outcome is unknown; the binding may exist');
		expect(String(error!.description)).toContain(
			'Look it up with Subscription → Get Many in the same pool, by Phone No A (with Phone No X if you gave one; no SDK sends an Out ID with AXYB, so VMS may not keep it), before binding again.',
		);
	});
});

describe('AXNE', () => {
	it('bind sends the defaults of the AXB that VMS creates when B calls', async () => {
		await run({
			resource: 'axne',
			operation: 'bind',
			numberPoolNo: AXNE_POOL,
			phoneNoA: '13800138000',
			expireTime: inHours(2),
			audioRecordFlag: true,
			additionalFields: { autoCreateFlag: true, axbNumberPoolNo: AXB_POOL, axbEnableDuration: 900, axbAudioRecordFlag: false, axbCityCode: '021', axbDegradeCityList: ['010', 'pnpc'] },
		});
		expect(lastRequest().params).toMatchObject({
			AutoCreateFlag: '1',
			AxbNumberPoolNo: AXB_POOL,
			AxbEnableDuration: '900',
			AxbAudioRecordFlag: '0',
			AxbCityCode: '021',
			AxbDegradeCityList: '010,PNPC',
		});
	});
});

describe('AXG', () => {
	it('update changes X and the Out ID; update group works by the Sub ID of a binding', async () => {
		const [group] = await run({ resource: 'axg', operation: 'createGroup', numberPoolNo: AXG_POOL, numbers: '13900139000' });
		const [bound] = await run({ resource: 'axg', operation: 'bind', numberPoolNo: AXG_POOL, phoneNoA: '13800138000', phoneNoX: '', groupId: group.GroupId, expireTime: inHours(1), audioRecordFlag: true });

		await run({ resource: 'axg', operation: 'update', numberPoolNo: AXG_POOL, subId: bound.SubId, updateType: 'updateOutId', outId: 'crm-7' });
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ NumberPoolNo: AXG_POOL, SubId: bound.SubId, UpdateType: 'updateOutId', OutId: 'crm-7' });
		await run({ resource: 'axg', operation: 'update', numberPoolNo: AXG_POOL, subId: bound.SubId, updateType: 'updatePhoneNoX', phoneNoX: '13300000005' });
		const [after] = await run({ resource: 'subscription', operation: 'getMany', numberPoolNo: AXG_POOL, returnAll: true, filters: { outId: 'crm-7' } });
		expect(after).toMatchObject({ SubId: bound.SubId, PhoneNoX: '13300000005' });

		await run({ resource: 'axg', operation: 'updateGroup', numberPoolNo: AXG_POOL, updateType: 'addNumbers', numbers: '13900139005', additionalFields: { subId: bound.SubId } });
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ NumberPoolNo: AXG_POOL, SubId: bound.SubId, UpdateType: 'addNumbers', Numbers: ['13900139005'], OverflowStrategy: 'denyAll' });
		const groups = (env().emulator.state as unknown as { groups: Map<string, { Numbers: string[] }> }).groups;
		expect(groups.get(group.GroupId as string)!.Numbers).toEqual(['13900139000', '13900139005']);
	});

	it('update group without a Group ID or a Sub ID is refused before sending', async () => {
		const { credentials, emulator } = env();
		const { error } = await runNode({ credentials, parameters: { resource: 'axg', operation: 'updateGroup', numberPoolNo: AXG_POOL, updateType: 'addNumbers', numbers: '13900139005' } });
		expect(error!.message).toBe('Update Group needs a Group ID (groupId) or a Sub ID (subId)');
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Number Pool', () => {
	it('selectNumber picks only among candidates, and finds numbers free for given A and B (lists comma-joined in the query)', async () => {
		const free = await run({
			resource: 'numberPool',
			operation: 'selectNumber',
			numberPoolNo: AXN_POOL,
			numberCount: 5,
			additionalFields: { candidateNumberList: '13700000004,13700000006' },
		});
		expect(free).toEqual([{ Number: '13700000004' }, { Number: '13700000006' }]);
		expect(new URLSearchParams(lastRequest().rawQuery).getAll('CandidateNumberList')).toEqual(['13700000004,13700000006']);

		await run({ resource: 'numberPool', operation: 'selectNumber', numberPoolNo: AXN_POOL, numberCount: 1, additionalFields: { bindNumberList: ['13800138000', '13900139000'] } });
		expect(lastRequest().params.BindNumberList).toBe('13800138000,13900139000');
	});
});
