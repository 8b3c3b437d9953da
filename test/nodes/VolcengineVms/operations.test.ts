import type { IDataObject } from 'n8n-workflow';

import { loadOptions, runNode } from '../../helpers/n8n';
import { AXN_POOL, useEmulator } from '../../helpers/emulator';

const env = useEmulator();
const AXB_POOL = 'NP160084061100694434';
const AXNE_POOL = 'NP160084061100694435';
const AXYB_POOL = 'NP160084061100694436';
const AXYB_Y_POOL = 'NP160084061100694437';
const AXG_POOL = 'NP160084061100694438';
const inHours = (n: number) => `={{ Math.floor(Date.now() / 1000) + ${n} * 3600 }}`;

async function run(parameters: IDataObject, items?: IDataObject[]) {
	const { credentials } = env();
	const result = await runNode({ parameters, items, credentials });
	if (result.error) throw result.error;
	return result.items!.map((i) => i.json);
}

function lastRequest() {
	const { requests } = env().emulator;
	return requests[requests.length - 1];
}

describe('AXN', () => {
	it('selectNumberAndBind lets VMS pick X by city and fallback list, sent as a comma list', async () => {
		const [item] = await run({
			resource: 'axn',
			operation: 'selectNumberAndBind',
			numberPoolNo: AXN_POOL,
			phoneNoA: '13800138000',
			phoneNoB: '13900139000',
			expireTime: inHours(1),
			audioRecordFlag: true,
			additionalFields: { cityCode: '0531', degradeCityList: ['0532', ' 010 '], randomFlag: true, outId: 'order-7' },
		});
		expect(item).toMatchObject({ PhoneNoXCityCode: '010', PhoneNoA: '13800138000', Status: 1 });
		expect(lastRequest()).toMatchObject({
			action: 'SelectNumberAndBindAXN',
			params: { CityCode: '0531', DegradeCityList: '0532,010', RandomFlag: '1', OutId: 'order-7' },
		});
	});

	it('update sends only the field of the chosen update type, even when others are saved', async () => {
		const [bound] = await run({ resource: 'axn', operation: 'selectNumberAndBind', numberPoolNo: AXN_POOL, phoneNoA: '13800138000', expireTime: inHours(1), audioRecordFlag: true });
		const [updated] = await run({
			resource: 'axn',
			operation: 'update',
			numberPoolNo: AXN_POOL,
			subId: bound.SubId,
			updateType: 'updateUserData',
			userData: 'courier changed',
			// A stale value from another update type, still saved in the workflow:
			phoneNoB: '13900139000',
		});
		expect(updated).toEqual({ success: true, subId: bound.SubId, numberPoolNo: AXN_POOL, updateType: 'updateUserData' });
		expect(lastRequest().rawBody).toBe(`NumberPoolNo=${AXN_POOL}&SubId=${bound.SubId}&UpdateType=updateUserData&UserData=courier+changed`);
	});
});

describe('AXB', () => {
	it('bind without B makes an AX binding, upgrade adds B, update and unbind end it', async () => {
		const [ax] = await run({ resource: 'axb', operation: 'bind', numberPoolNo: AXB_POOL, phoneNoX: '13800000002', phoneNoA: '13800138000', phoneNoB: '', expireTime: inHours(1), audioRecordFlag: true, additionalFields: { callDisplayType: 1 } });
		expect(ax).toMatchObject({ PhoneNoX: '13800000002', PhoneNoB: '' });
		expect(lastRequest().params.CallDisplayType).toBe('1');
		const [upgraded] = await run({ resource: 'axb', operation: 'upgradeAxToAxb', numberPoolNo: AXB_POOL, subId: ax.SubId, phoneNoB: '13900139000' });
		expect(upgraded).toMatchObject({ SubId: ax.SubId, PhoneNoB: '13900139000' });
		const [updated] = await run({ resource: 'axb', operation: 'update', numberPoolNo: AXB_POOL, subId: ax.SubId, updateType: 'updatePhoneNoA', phoneNoA: '13800138009' });
		expect(updated).toMatchObject({ success: true, subId: ax.SubId });
		expect(await run({ resource: 'axb', operation: 'unbind', numberPoolNo: AXB_POOL, subId: ax.SubId })).toEqual([
			{ success: true, subId: ax.SubId, numberPoolNo: AXB_POOL },
		]);
	});

	it('selectNumberAndBind picks an X in the requested city', async () => {
		const [item] = await run({ resource: 'axb', operation: 'selectNumberAndBind', numberPoolNo: AXB_POOL, phoneNoA: '13800138000', phoneNoB: '13900139000', expireTime: inHours(1), audioRecordFlag: false, additionalFields: { cityCode: '021' } });
		expect(item.PhoneNoXCityCode).toBe('021');
		expect(lastRequest().params.AudioRecordFlag).toBe('0');
	});
});

describe('AXNE', () => {
	it('bind returns an extension; bindAxbForAxne sends the duration in seconds; update and unbind', async () => {
		const [parent] = await run({ resource: 'axne', operation: 'bind', numberPoolNo: AXNE_POOL, phoneNoA: '13800138000', expireTime: inHours(2), audioRecordFlag: true, additionalFields: { phoneNoE: '1234' } });
		expect(parent).toMatchObject({ PhoneNoE: '1234', Status: 1 });
		const [child] = await run({ resource: 'axne', operation: 'bindAxbForAxne', numberPoolNo: AXNE_POOL, parentSubId: parent.SubId, phoneNoB: '13900139000', enableDuration: 600, audioRecordFlag: true });
		expect(child.SubId).toMatch(/^S/);
		expect(lastRequest().params).toMatchObject({ ParentSubId: parent.SubId, EnableDuration: '600' });
		await run({ resource: 'axne', operation: 'update', numberPoolNo: AXNE_POOL, subId: parent.SubId, updateType: 'updateAutoCreateFlag', autoCreateFlag: true });
		expect(lastRequest().params).toMatchObject({ UpdateType: 'updateAutoCreateFlag', AutoCreateFlag: '1' });
		expect((await run({ resource: 'axne', operation: 'unbind', numberPoolNo: AXNE_POOL, subId: parent.SubId }))[0].success).toBe(true);
	});
});

describe('AXYB', () => {
	it('bind with B creates the YB side; bindYbForAxyb, update X and unbind', async () => {
		const [axyb] = await run({
			resource: 'axyb',
			operation: 'bind',
			numberPoolNo: AXYB_POOL,
			phoneNoA: '13800138000',
			expireTime: inHours(2),
			audioRecordFlag: true,
			additionalFields: { phoneNoB: '13900139000', numberPoolNoY: AXYB_Y_POOL, ybEnableDuration: 600 },
		});
		expect(axyb).toMatchObject({ PhoneNoA: '13800138000', YbStatus: 1 });
		expect(String(axyb.PhoneNoY)).toMatch(/^134/);
		expect(lastRequest()).toMatchObject({ action: 'BindAXYB', params: { NumberPoolNoY: AXYB_Y_POOL, YbEnableDuration: '600' } });
		const [yb] = await run({ resource: 'axyb', operation: 'bindYbForAxyb', numberPoolNo: AXYB_Y_POOL, parentSubId: axyb.SubId, phoneNoB: '13900139001', enableDuration: 900, audioRecordFlag: true });
		expect(yb).toMatchObject({ Status: 1 });
		expect(lastRequest().action).toBe('BindYBForAXYB');
		await run({ resource: 'axyb', operation: 'update', numberPoolNo: AXYB_POOL, subId: axyb.SubId, updateType: 'updatePhoneNoX', phoneNoX: '13500000009' });
		expect(lastRequest().params).toMatchObject({ UpdateType: 'updatePhoneNoX', PhoneNoX: '13500000009' });
		expect((await run({ resource: 'axyb', operation: 'unbind', numberPoolNo: AXYB_POOL, subId: axyb.SubId }))[0].success).toBe(true);
	});
});

describe('AXG (JSON bodies, signed as sent)', () => {
	it('create group → bind → update group → update → unbind → delete group', async () => {
		const [group] = await run({ resource: 'axg', operation: 'createGroup', numberPoolNo: AXG_POOL, numbers: '13900139000, 139-0013-9001', additionalFields: { groupName: '团队 A' } });
		expect(group.GroupId).toEqual(expect.any(String));
		const created = lastRequest();
		expect(created.headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(created.rawBody)).toEqual({ NumberPoolNo: AXG_POOL, Numbers: ['13900139000', '13900139001'], GroupName: '团队 A' });
		expect(created.signature.ok).toBe(true);

		const [bound] = await run({ resource: 'axg', operation: 'bind', numberPoolNo: AXG_POOL, phoneNoA: '13800138000', groupId: group.GroupId, expireTime: inHours(1), audioRecordFlag: true });
		expect(bound).toMatchObject({ GroupId: group.GroupId, Status: 1 });
		expect(JSON.parse(lastRequest().rawBody)).toMatchObject({ AudioRecordFlag: 1, ExpireTime: expect.any(Number) });

		expect(await run({ resource: 'axg', operation: 'updateGroup', numberPoolNo: AXG_POOL, groupId: group.GroupId, updateType: 'addNumbers', numbers: ['13900139002'], overflowStrategy: 'fifo' })).toEqual([
			{ success: true, groupId: group.GroupId, numberPoolNo: AXG_POOL, updateType: 'addNumbers' },
		]);
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ NumberPoolNo: AXG_POOL, GroupId: group.GroupId, UpdateType: 'addNumbers', Numbers: ['13900139002'], OverflowStrategy: 'fifo' });

		await run({ resource: 'axg', operation: 'update', numberPoolNo: AXG_POOL, subId: bound.SubId, updateType: 'updateUserData', userData: 'vip' });
		await run({ resource: 'axg', operation: 'unbind', numberPoolNo: AXG_POOL, subId: bound.SubId, additionalFields: { delGroup: false } });
		expect(JSON.parse(lastRequest().rawBody)).toEqual({ NumberPoolNo: AXG_POOL, SubId: bound.SubId, DelGroup: false });
		expect(await run({ resource: 'axg', operation: 'deleteGroup', numberPoolNo: AXG_POOL, groupId: group.GroupId })).toEqual([
			{ success: true, groupId: group.GroupId, numberPoolNo: AXG_POOL },
		]);
		expect(env().emulator.requests.every((r) => r.signature.ok && !r.response.code)).toBe(true);
	});

	it('bind without a group ID or group numbers is refused before sending', async () => {
		const { credentials, emulator } = env();
		const { error } = await runNode({ credentials, parameters: { resource: 'axg', operation: 'bind', numberPoolNo: AXG_POOL, phoneNoA: '13800138000', expireTime: inHours(1) } });
		expect(error!.message).toBe('Group ID (groupId) is required when no Group Numbers are given');
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Subscription and Number Pool', () => {
	it('getMany pages through more than 100 bindings with Return All, one item per record', async () => {
		const { emulator } = env();
		const numbers = Array.from({ length: 130 }, (_, i) => `1370100${String(i).padStart(4, '0')}`);
		emulator.state.addPool({ numberPoolNo: 'NPBIG', name: 'Big pool', subServiceType: 'AXN', numbers, cityCode: '010' });
		const orders = numbers.map((x, i) => ({ x, a: `1380100${String(i).padStart(4, '0')}` }));
		const bound = await run(
			{ resource: 'axn', operation: 'bind', numberPoolNo: 'NPBIG', phoneNoX: '={{ $json.x }}', phoneNoA: '={{ $json.a }}', expireTime: inHours(1), audioRecordFlag: true },
			orders,
		);
		expect(bound).toHaveLength(130);
		emulator.requests.length = 0;

		const all = await run({ resource: 'subscription', operation: 'getMany', numberPoolNo: 'NPBIG', returnAll: true, filters: { status: 1 } });
		expect(all).toHaveLength(130);
		expect(new Set(all.map((r) => r.SubId)).size).toBe(130);
		expect(emulator.requests.map((r) => [r.params.Offset, r.params.Limit, r.params.Status])).toEqual([
			['0', '100', '1'],
			['100', '100', '1'],
		]);

		emulator.requests.length = 0;
		const some = await run({ resource: 'subscription', operation: 'getMany', numberPoolNo: 'NPBIG', returnAll: false, limit: 30 });
		expect(some).toHaveLength(30);
		expect(emulator.requests.map((r) => [r.params.Offset, r.params.Limit])).toEqual([['0', '30']]);
	});

	it('getMany filters by number', async () => {
		await run({ resource: 'axn', operation: 'bind', numberPoolNo: AXN_POOL, phoneNoX: '13700000002', phoneNoA: '13800138000', expireTime: inHours(1), audioRecordFlag: true });
		await run({ resource: 'axn', operation: 'bind', numberPoolNo: AXN_POOL, phoneNoX: '13700000003', phoneNoA: '13800138001', expireTime: inHours(1), audioRecordFlag: true });
		const found = await run({ resource: 'subscription', operation: 'getMany', numberPoolNo: AXN_POOL, returnAll: true, filters: { phoneNoA: '+86 138 0013 8001' } });
		expect(found.map((r) => r.PhoneNoX)).toEqual(['13700000003']);
	});

	it('numberPool getMany lists the pools', async () => {
		const pools = await run({ resource: 'numberPool', operation: 'getMany', returnAll: true });
		expect(pools.map((p) => p.NumberPoolNo)).toEqual(expect.arrayContaining([AXN_POOL, AXB_POOL, AXG_POOL]));
		expect(lastRequest().method).toBe('POST');
	});

	it('getNumbers is a GET with every parameter in the signed query string', async () => {
		const numbers = await run({ resource: 'numberPool', operation: 'getNumbers', numberPoolNo: AXN_POOL, returnAll: false, limit: 3, filters: { numberStatusCode: 1 } });
		expect(numbers.map((n) => n.Number)).toEqual(['13700000002', '13700000003', '13700000004']);
		const request = lastRequest();
		expect(request).toMatchObject({ method: 'GET', action: 'NumberList', rawBody: '', signature: { ok: true } });
		expect(request.params).toMatchObject({ NumberPoolNo: AXN_POOL, NumberStatusCode: '1', Offset: '0', Limit: '3' });
	});

	it('getNumbers sends the Numbers filter as one comma-joined value, and VMS reads every number', async () => {
		const numbers = await run({ resource: 'numberPool', operation: 'getNumbers', numberPoolNo: AXN_POOL, returnAll: true, filters: { numberList: ['13700000003', '13700000002'] } });
		expect(numbers.map((n) => n.Number)).toEqual(['13700000002', '13700000003']);
		const request = lastRequest();
		expect(new URLSearchParams(request.rawQuery).getAll('NumberList')).toEqual(['13700000003,13700000002']);
	});

	it('selectNumber sends the Degrade City List as one comma-joined value, tried in order', async () => {
		const free = await run({ resource: 'numberPool', operation: 'selectNumber', numberPoolNo: AXN_POOL, numberCount: 1, additionalFields: { cityCode: '0999', degradeCityList: '0998, 010' } });
		expect(free).toEqual([{ Number: '13700000002' }]);
		expect(lastRequest().params.DegradeCityList).toBe('0998,010');
	});

	it('selectNumber returns one item per free number', async () => {
		const free = await run({ resource: 'numberPool', operation: 'selectNumber', numberPoolNo: AXN_POOL, numberCount: 2, additionalFields: { cityCode: '010' } });
		expect(free).toEqual([{ Number: '13700000002' }, { Number: '13700000003' }]);
		expect(lastRequest().method).toBe('GET');
	});

	it('the Number Pool No dropdown lists the account’s pools through the credential', async () => {
		const { credentials, emulator } = env();
		const options = (await loadOptions('getNumberPools', credentials)) as Array<{ name: string; value: string; description: string }>;
		expect(options).toContainEqual({ name: `Demo AXN pool (${AXN_POOL})`, value: AXN_POOL, description: expect.stringContaining('10 numbers') });
		expect(options.length).toBe(7);
		expect(emulator.requests.map((r) => [r.action, r.signature.ok])).toEqual([['NumberPoolList', true]]);
	});

	it('a pool number saved as plain text (the BindAXN contract) still works', async () => {
		const [item] = await run({ resource: 'subscription', operation: 'getMany', numberPoolNo: `=${AXN_POOL}`, returnAll: true });
		expect(item).toBeUndefined();
		expect(lastRequest().params.NumberPoolNo).toBe(AXN_POOL);
	});
});
