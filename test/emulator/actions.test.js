'use strict';
// Emulator behaviour through real HTTP, signed with the official @volcengine/openapi Signer.
const { Signer } = require('@volcengine/openapi');
const { createEmulator, DEFAULT_KEYS } = require('./server');
const ACTIONS = require('./actions');
const { AXN_POOL, AXB_POOL, AXNE_POOL, AXYB_POOL, AXYB_Y_POOL, AXG_POOL, SUBSCRIPTION_FIELDS } = require('./state');

const A = '13900000000';
const B = '13900000001';
const BIND_FIELDS = ['SubId', 'PhoneNoX', 'Status', 'PhoneNoXCityCode', 'PhoneNoA', 'PhoneNoACityCode', 'PhoneNoB', 'PhoneNoBCityCode'];

let clock = new Date();
const emulator = createEmulator({ now: () => clock });
const nowSec = () => Math.floor(clock.getTime() / 1000);
const later = (s = 3600) => nowSec() + s;

beforeAll(() => emulator.start());
afterAll(() => emulator.stop());
beforeEach(() => {
	clock = new Date();
	emulator.reset();
});

/** A tiny VMS client: the SDK signs, fetch sends. */
async function call(action, params = {}, opts = {}) {
	const def = ACTIONS[action] || {};
	const { method = def.method || 'POST', encoding = def.encoding || 'form', key = DEFAULT_KEYS[0], rawBody } = opts;
	const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
	let query = { Action: action, Version: opts.version || '2022-01-01', ...(opts.query || {}) };
	let body;
	const headers = {};
	if (method === 'GET') query = { ...query, ...clean };
	else if (rawBody !== undefined) body = rawBody;
	else if (encoding === 'json') {
		body = JSON.stringify(clean);
		headers['Content-Type'] = 'application/json; charset=UTF-8';
	} else {
		body = new URLSearchParams(clean).toString();
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
	}
	if (!opts.unsigned) {
		const request = { method, region: 'cn-north-1', params: query, headers, body, pathname: '/' };
		new Signer(request, 'vms').addAuthorization(
			{ accessKeyId: key.accessKeyId, secretKey: key.secretAccessKey, sessionToken: key.sessionToken },
			clock,
		);
	}
	// An array value goes as repeated keys (`?K=a&K=b`), in its order.
	const search = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) for (const one of [].concat(v)) search.append(k, one);
	const res = await fetch(`${emulator.url}/?${search}`, { method, headers, body });
	return { status: res.status, body: await res.json() };
}

async function ok(action, params, opts) {
	const { status, body } = await call(action, params, opts);
	expect(body.ResponseMetadata.Error).toBeUndefined();
	expect(status).toBe(200);
	return body.Result;
}

async function err(action, params, opts) {
	const { status, body } = await call(action, params, opts);
	expect(body.Result).toBeUndefined();
	expect(body.ResponseMetadata.Error).toBeDefined();
	return { status, ...body.ResponseMetadata.Error };
}

const bindAXN = (extra = {}) => ok('BindAXN', { PhoneNoA: A, PhoneNoB: B, PhoneNoX: '13700000002', NumberPoolNo: AXN_POOL, ExpireTime: later(), ...extra });

describe('gateway', () => {
	test('success envelope', async () => {
		const { status, body } = await call('NumberPoolList', {});
		expect(status).toBe(200);
		expect(body.ResponseMetadata).toEqual({
			RequestId: expect.stringMatching(/^\d{14}[0-9A-F]{18}$/),
			Action: 'NumberPoolList',
			Version: '2022-01-01',
			Service: 'vms',
			Region: 'cn-north-1',
		});
	});

	test('signature failures use the gateway status and CodeN', async () => {
		expect(await err('NumberPoolList', {}, { unsigned: true })).toMatchObject({ status: 401, Code: 'MissingAuthenticationToken', CodeN: 100003 });
		const wrongSecret = { ...DEFAULT_KEYS[0], secretAccessKey: 'nope' };
		expect(await err('NumberPoolList', {}, { key: wrongSecret })).toMatchObject({ status: 401, Code: 'SignatureDoesNotMatch', CodeN: 100010 });
		expect(await err('NumberPoolList', {}, { key: { accessKeyId: 'AKLTNOBODY', secretAccessKey: 'x' } })).toMatchObject({ status: 401, Code: 'InvalidAccessKey' });
		const stsWithoutToken = { ...DEFAULT_KEYS[1], sessionToken: undefined };
		expect(await err('NumberPoolList', {}, { key: stsWithoutToken })).toMatchObject({ status: 401, Code: 'InvalidSecretToken' });
		expect(await ok('NumberPoolList', {}, { key: DEFAULT_KEYS[1] })).toMatchObject({ Total: 7 });
	});

	test('X-Date too far from the server clock → 400 InvalidTimestamp', async () => {
		const real = clock;
		const { status, body } = await (async () => {
			clock = new Date(real.getTime() - 3600_000); // client signs an hour in the past
			const request = { method: 'POST', region: 'cn-north-1', params: { Action: 'NumberPoolList', Version: '2022-01-01' }, headers: {}, body: '', pathname: '/' };
			new Signer(request, 'vms').addAuthorization({ accessKeyId: 'AKLTEMULATOR', secretKey: 'emulator-secret-key' }, clock);
			clock = real;
			const res = await fetch(`${emulator.url}/?Action=NumberPoolList&Version=2022-01-01`, { method: 'POST', headers: request.headers });
			return { status: res.status, body: await res.json() };
		})();
		expect(status).toBe(400);
		expect(body.ResponseMetadata.Error.Code).toBe('InvalidTimestamp');
	});

	test('unknown action, wrong version, wrong method → 404 InvalidActionOrVersion', async () => {
		expect(await err('NoSuchAction', {})).toMatchObject({ status: 404, Code: 'InvalidActionOrVersion', CodeN: 100008 });
		expect(await err('NumberPoolList', {}, { version: '2021-01-01' })).toMatchObject({ status: 404, Code: 'InvalidActionOrVersion' });
		expect(await err('NumberList', {}, { method: 'POST' })).toMatchObject({ status: 404, Code: 'InvalidActionOrVersion' });
		expect(await err('BindAXN', {}, { method: 'GET' })).toMatchObject({ status: 404, Code: 'InvalidActionOrVersion' });
	});

	test('POST merges query parameters under the body', async () => {
		const r = await ok('NumberPoolList', { Offset: '1' }, { query: { Limit: '1', Offset: '5' } });
		expect(r).toMatchObject({ Limit: 1, Offset: 1, Total: 7 });
		expect(r.Records).toHaveLength(1);
	});

	test('the request log keeps what was received, never the secret', async () => {
		await bindAXN({ UserData: 'x y' });
		await call('NumberPoolList', {}, { unsigned: true });
		const [bindLog, unsignedLog] = emulator.requests;
		expect(bindLog).toMatchObject({
			method: 'POST',
			action: 'BindAXN',
			version: '2022-01-01',
			query: { Action: 'BindAXN', Version: '2022-01-01' },
			params: { PhoneNoA: A, UserData: 'x y' },
			signature: { ok: true, code: undefined },
			response: { status: 200, code: undefined },
		});
		expect(bindLog.rawBody).toContain('UserData=x+y');
		expect(bindLog.headers['x-date']).toMatch(/^\d{8}T\d{6}Z$/);
		expect(unsignedLog).toMatchObject({ signature: { ok: false, code: 'MissingAuthenticationToken' }, response: { status: 401, code: 'MissingAuthenticationToken' } });
		expect(JSON.stringify(emulator.requests)).not.toContain('emulator-secret-key');
	});
});

describe('error injection and control endpoints', () => {
	test('injectError answers the next calls of one action, then stops', async () => {
		emulator.injectError({ action: 'BindAXN', code: 'FlowLimitExceeded', status: 429, times: 2 });
		expect(await ok('NumberPoolList', {})).toBeDefined();
		expect(await err('BindAXN', {})).toMatchObject({ status: 429, Code: 'FlowLimitExceeded' });
		expect(await err('BindAXN', {})).toMatchObject({ status: 429, Code: 'FlowLimitExceeded' });
		expect(await err('BindAXN', {})).toMatchObject({ status: 200, Code: 'IllegalArgument' });
	});

	test('injectError without action hits any action; message defaults', async () => {
		emulator.injectError({ code: 'ServiceUnavailableTemp', status: 503 });
		expect(await err('NumberList', {})).toMatchObject({ status: 503, Code: 'ServiceUnavailableTemp', Message: expect.any(String) });
		emulator.injectError({ code: 'SystemError', message: 'boom' });
		expect(await err('UnbindAXN', {})).toMatchObject({ status: 200, Code: 'SystemError', Message: 'boom' });
	});

	test('signature is checked before injected errors', async () => {
		emulator.injectError({ code: 'SystemError' });
		expect(await err('NumberPoolList', {}, { unsigned: true })).toMatchObject({ Code: 'MissingAuthenticationToken' });
		expect(await err('NumberPoolList', {})).toMatchObject({ Code: 'SystemError' });
	});

	test('/_emulator/ endpoints work unsigned', async () => {
		let res = await fetch(`${emulator.url}/_emulator/inject`, { method: 'POST', body: JSON.stringify({ action: 'NumberPoolList', code: 'OverQpsLimit' }) });
		expect(res.status).toBe(200);
		expect(await err('NumberPoolList', {})).toMatchObject({ Code: 'OverQpsLimit', Message: 'QPS超过上限' });
		res = await fetch(`${emulator.url}/_emulator/requests`);
		const log = await res.json();
		expect(log.map((r) => r.response.code)).toEqual(['OverQpsLimit']);
		await bindAXN();
		res = await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
		expect(await res.json()).toEqual({ ok: true });
		expect(emulator.requests).toHaveLength(0);
		expect((await ok('QuerySubscriptionForList', { NumberPoolNo: AXN_POOL })).Total).toBe(0);
	});
});

describe('AXN', () => {
	test('BindAXN returns exactly the SecretBindResult fields', async () => {
		const r = await bindAXN();
		expect(Object.keys(r).sort()).toEqual([...BIND_FIELDS].sort());
		expect(r).toMatchObject({ SubId: expect.stringMatching(/^S\d+$/), PhoneNoX: '13700000002', Status: 1, PhoneNoXCityCode: '010', PhoneNoA: A, PhoneNoB: B });
		expect(r.PhoneNoACityCode).toBe('010');
	});

	test('missing required parameters name the parameter', async () => {
		for (const name of ['PhoneNoA', 'PhoneNoX', 'NumberPoolNo', 'ExpireTime']) {
			const params = { PhoneNoA: A, PhoneNoX: '13700000002', NumberPoolNo: AXN_POOL, ExpireTime: later(), [name]: undefined };
			expect(await err('BindAXN', params)).toMatchObject({ status: 200, Code: 'IllegalArgument', Message: `Missing required parameter: ${name}` });
		}
	});

	test('ExpireTime must be integer unix seconds, > now+60 and < 2145888000', async () => {
		for (const bad of [nowSec() + 60, nowSec() - 10, 'tomorrow', `${later()}.5`, 2145888000, later() * 1000]) {
			expect(await err('BindAXN', { PhoneNoA: A, PhoneNoX: '13700000002', NumberPoolNo: AXN_POOL, ExpireTime: bad })).toMatchObject({
				Code: 'IllegalArgument',
				Message: expect.stringContaining('ExpireTime'),
			});
		}
		expect(await ok('BindAXN', { PhoneNoA: A, PhoneNoX: '13700000002', NumberPoolNo: AXN_POOL, ExpireTime: nowSec() + 61 })).toMatchObject({ Status: 1 });
		expect(await ok('BindAXN', { PhoneNoA: B, PhoneNoX: '13700000003', NumberPoolNo: AXN_POOL, ExpireTime: 2145887999 })).toMatchObject({ Status: 1 });
	});

	test('X outside the pool → IllegalPhoneNoX; bad phone → IllegalArgument; pool of another mode → IllegalArgument', async () => {
		expect(await err('BindAXN', { PhoneNoA: A, PhoneNoX: '13800000002', NumberPoolNo: AXN_POOL, ExpireTime: later() })).toMatchObject({ Code: 'IllegalPhoneNoX' });
		expect(await err('BindAXN', { PhoneNoA: '+86 139', PhoneNoX: '13700000002', NumberPoolNo: AXN_POOL, ExpireTime: later() })).toMatchObject({
			Code: 'IllegalArgument',
			Message: expect.stringContaining('PhoneNoA'),
		});
		expect(await err('BindAXN', { PhoneNoA: A, PhoneNoX: '13800000002', NumberPoolNo: AXB_POOL, ExpireTime: later() })).toMatchObject({ Code: 'IllegalArgument' });
	});

	test('same A on the same X twice → ConflictWithExisting; AXN X serves one A → PhoneNoXOccupied', async () => {
		await bindAXN();
		expect(await err('BindAXN', { PhoneNoA: A, PhoneNoX: '13700000002', NumberPoolNo: AXN_POOL, ExpireTime: later() })).toMatchObject({ Code: 'ConflictWithExisting' });
		expect(await err('BindAXN', { PhoneNoA: '13900000009', PhoneNoX: '13700000002', NumberPoolNo: AXN_POOL, ExpireTime: later() })).toMatchObject({ Code: 'PhoneNoXOccupied' });
		expect(await ok('BindAXN', { PhoneNoA: A, PhoneNoX: '13700000003', NumberPoolNo: AXN_POOL, ExpireTime: later() })).toMatchObject({ Status: 1 });
	});

	test('UserData is stored byte-exact (form encoding)', async () => {
		const userData = '订单 #42 & more=✓ + 🙂 \n"quoted"';
		const { SubId } = await bindAXN({ UserData: userData });
		expect(await ok('QuerySubscription', { NumberPoolNo: AXN_POOL, SubId })).toMatchObject({ UserData: userData });
		expect(await err('BindAXN', { PhoneNoA: B, PhoneNoX: '13700000003', NumberPoolNo: AXN_POOL, ExpireTime: later(), UserData: 'x'.repeat(2049) })).toMatchObject({
			Code: 'IllegalArgument',
		});
	});

	test('QuerySubscription returns the Subscription record', async () => {
		const expire = later();
		const { SubId } = await bindAXN({ ExpireTime: expire, OutId: 'order-1', AudioRecordFlag: 0 });
		const r = await ok('QuerySubscription', { NumberPoolNo: AXN_POOL, SubId });
		expect(Object.keys(r).sort()).toEqual([...SUBSCRIPTION_FIELDS].sort());
		expect(r).toMatchObject({ SubId, PhoneNoA: A, PhoneNoB: B, PhoneNoX: '13700000002', Status: 1, RecordFlag: 0, EnableTime: nowSec(), ExpireTime: expire, OutId: 'order-1', CallDisplayType: 1 });
		expect(await err('QuerySubscription', { NumberPoolNo: AXN_POOL, SubId: 'S1' })).toMatchObject({ Code: 'SubscriptionEmpty' });
		expect(await err('QuerySubscription', { NumberPoolNo: AXB_POOL, SubId })).toMatchObject({ Code: 'SubscriptionEmpty' });
	});

	test('SelectNumberAndBindAXN respects CityCode and DegradeCityList', async () => {
		const base = { PhoneNoA: A, NumberPoolNo: AXN_POOL, ExpireTime: later() };
		expect(await ok('SelectNumberAndBindAXN', { ...base, CityCode: '010' })).toMatchObject({ PhoneNoX: '13700000002', PhoneNoXCityCode: '010' });
		expect(await err('SelectNumberAndBindAXN', { ...base, PhoneNoA: B, CityCode: '021' })).toMatchObject({ Code: 'NumberNotEnough' });
		expect(await ok('SelectNumberAndBindAXN', { ...base, PhoneNoA: B, CityCode: '021', DegradeCityList: '0571,010' })).toMatchObject({ PhoneNoX: '13700000003' });
		expect(await err('SelectNumberAndBindAXN', { ...base, CityCode: '021', DegradeCityList: '1,2,3,4,5,6' })).toMatchObject({ Code: 'IllegalArgument' });
	});

	test('SelectNumberAndBindAXN runs out of numbers', async () => {
		emulator.state.addPool({ numberPoolNo: 'NPSMALL', name: 'Small', subServiceType: 'AXN', numbers: ['13700009991', '13700009992'], cityCode: '020' });
		const base = { NumberPoolNo: 'NPSMALL', ExpireTime: later() };
		const x1 = (await ok('SelectNumberAndBindAXN', { ...base, PhoneNoA: '13900000011' })).PhoneNoX;
		const x2 = (await ok('SelectNumberAndBindAXN', { ...base, PhoneNoA: '13900000012' })).PhoneNoX;
		expect([x1, x2].sort()).toEqual(['13700009991', '13700009992']);
		expect(await err('SelectNumberAndBindAXN', { ...base, PhoneNoA: '13900000013' })).toMatchObject({ Code: 'NumberNotEnough' });
	});

	test('UpdateAXN: each UpdateType changes its field', async () => {
		const { SubId } = await bindAXN();
		const upd = (p) => call('UpdateAXN', { NumberPoolNo: AXN_POOL, SubId, ...p });
		const expire = later(7200);
		for (const p of [
			{ UpdateType: 'updateUserData', UserData: '新数据' },
			{ UpdateType: 'updateOutId', OutId: 'o-2' },
			{ UpdateType: 'updatePhoneNoB', PhoneNoB: '13900000002' },
			{ UpdateType: 'updatePhoneNoA', PhoneNoA: '13900000003' },
			{ UpdateType: 'updateExpireTime', ExpireTime: expire },
		]) {
			expect((await upd(p)).body.Result).toBe(true);
		}
		expect(await ok('QuerySubscription', { NumberPoolNo: AXN_POOL, SubId })).toMatchObject({
			UserData: '新数据',
			OutId: 'o-2',
			PhoneNoB: '13900000002',
			PhoneNoA: '13900000003',
			ExpireTime: expire,
		});
	});

	test('UpdateAXN: wrong UpdateType or missing field → IllegalArgument', async () => {
		const { SubId } = await bindAXN();
		const base = { NumberPoolNo: AXN_POOL, SubId };
		expect(await err('UpdateAXN', { ...base, UpdateType: 'updateAutoCreateFlag', AutoCreateFlag: 1 })).toMatchObject({ Code: 'IllegalArgument', Message: expect.stringContaining('UpdateType') });
		expect(await err('UpdateAXN', { ...base, UpdateType: 'updatePhoneNoX', PhoneNoX: '13700000003' })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await err('UpdateAXN', { ...base, UpdateType: 'updateExpireTime' })).toMatchObject({ Code: 'IllegalArgument', Message: 'Missing required parameter: ExpireTime' });
		expect(await err('UpdateAXN', { ...base, UpdateType: 'updateExpireTime', ExpireTime: nowSec() })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await err('UpdateAXN', { ...base })).toMatchObject({ Code: 'IllegalArgument', Message: 'Missing required parameter: UpdateType' });
	});

	test('UnbindAXN → true, then the binding is gone for Unbind/Update but still queryable with Status 0', async () => {
		const { SubId } = await bindAXN();
		expect(await ok('UnbindAXN', { NumberPoolNo: AXN_POOL, SubId })).toBe(true);
		expect(await err('UnbindAXN', { NumberPoolNo: AXN_POOL, SubId })).toMatchObject({ status: 200, Code: 'SubscriptionEmpty' });
		expect(await err('UpdateAXN', { NumberPoolNo: AXN_POOL, SubId, UpdateType: 'updateUserData', UserData: 'x' })).toMatchObject({ Code: 'SubscriptionEmpty' });
		expect(await ok('QuerySubscription', { NumberPoolNo: AXN_POOL, SubId })).toMatchObject({ SubId, Status: 0 });
		expect(await err('UnbindAXN', { NumberPoolNo: AXN_POOL, SubId: 'S000' })).toMatchObject({ Code: 'SubscriptionEmpty' });
		// X is free again
		expect(await ok('BindAXN', { PhoneNoA: '13900000009', PhoneNoX: '13700000002', NumberPoolNo: AXN_POOL, ExpireTime: later() })).toMatchObject({ Status: 1 });
	});

	test('bindings past ExpireTime become unbound', async () => {
		const { SubId } = await bindAXN({ ExpireTime: nowSec() + 120 });
		clock = new Date(clock.getTime() + 121_000);
		expect(await ok('QuerySubscription', { NumberPoolNo: AXN_POOL, SubId })).toMatchObject({ Status: 0 });
		expect(await err('UnbindAXN', { NumberPoolNo: AXN_POOL, SubId })).toMatchObject({ Code: 'SubscriptionEmpty' });
	});
});

describe('AXB', () => {
	const bindAXB = (extra = {}) => ok('BindAXB', { PhoneNoA: A, PhoneNoB: B, PhoneNoX: '13800000002', NumberPoolNo: AXB_POOL, ExpireTime: later(), ...extra });

	test('BindAXB and X conflicts', async () => {
		const r = await bindAXB();
		expect(Object.keys(r).sort()).toEqual([...BIND_FIELDS].sort());
		expect(r).toMatchObject({ PhoneNoX: '13800000002', PhoneNoXCityCode: '021', PhoneNoB: B });
		expect(await err('BindAXB', { PhoneNoA: A, PhoneNoB: '13900000005', PhoneNoX: '13800000002', NumberPoolNo: AXB_POOL, ExpireTime: later() })).toMatchObject({ Code: 'ConflictWithExisting' });
		expect(await err('BindAXB', { PhoneNoA: '13900000005', PhoneNoB: B, PhoneNoX: '13800000002', NumberPoolNo: AXB_POOL, ExpireTime: later() })).toMatchObject({ Code: 'PhoneNoXBConflicted' });
		// X is shared by unrelated pairs
		expect(await bindAXB({ PhoneNoA: '13900000005', PhoneNoB: '13900000006' })).toMatchObject({ PhoneNoX: '13800000002' });
	});

	test('SelectNumberAndBindAXB skips X already bound with the same A or B', async () => {
		emulator.state.addPool({ numberPoolNo: 'NPAXB2', name: 'Two', subServiceType: 'AXB', numbers: ['13800009991', '13800009992'] });
		const base = { NumberPoolNo: 'NPAXB2', ExpireTime: later(), CityCode: '010' };
		expect(await ok('SelectNumberAndBindAXB', { ...base, PhoneNoA: A, PhoneNoB: B })).toMatchObject({ PhoneNoX: '13800009991' });
		expect(await ok('SelectNumberAndBindAXB', { ...base, PhoneNoA: A, PhoneNoB: '13900000007' })).toMatchObject({ PhoneNoX: '13800009992' });
		// X1 has B already, so B's next binding gets X2
		expect(await ok('SelectNumberAndBindAXB', { ...base, PhoneNoA: '13900000008', PhoneNoB: B })).toMatchObject({ PhoneNoX: '13800009992' });
		// both X already carry A
		expect(await err('SelectNumberAndBindAXB', { ...base, PhoneNoA: A, PhoneNoB: '13900000009' })).toMatchObject({ Code: 'NumberNotEnough' });
	});

	test('selection by city: CityCode, CityCodeByPhoneNo, default A city', async () => {
		const base = { PhoneNoA: A, PhoneNoB: B, NumberPoolNo: AXB_POOL, ExpireTime: later() };
		expect(await ok('SelectNumberAndBindAXB', { ...base, CityCode: '021' })).toMatchObject({ PhoneNoX: '13800000002', PhoneNoXCityCode: '021' });
		expect(await ok('SelectNumberAndBindAXB', { ...base, PhoneNoA: '13900000020', PhoneNoB: '13900000021' })).toMatchObject({ PhoneNoXCityCode: '010' });
		emulator.state.phoneCities['13900000031'] = '021';
		expect(await ok('SelectNumberAndBindAXB', { ...base, PhoneNoA: '13900000030', PhoneNoB: '13900000031', CityCodeByPhoneNo: 'B' })).toMatchObject({ PhoneNoXCityCode: '021', PhoneNoBCityCode: '021' });
		expect(await err('SelectNumberAndBindAXB', { ...base, CityCode: '0755' })).toMatchObject({ Code: 'NumberNotEnough' });
		expect(await ok('SelectNumberAndBindAXB', { ...base, PhoneNoA: '13900000040', CityCode: '0755', DegradeCityList: 'PNPC,021' })).toMatchObject({ PhoneNoXCityCode: '021' });
	});

	test('AX binding: UpdateAXB of B → CanNotUpdate; UpgradeAXToAXB adds B', async () => {
		const ax = await bindAXB({ PhoneNoB: undefined });
		expect(ax).toMatchObject({ PhoneNoB: '', PhoneNoBCityCode: '' });
		const base = { NumberPoolNo: AXB_POOL, SubId: ax.SubId };
		expect(await err('UpdateAXB', { ...base, UpdateType: 'updatePhoneNoB', PhoneNoB: B })).toMatchObject({ Code: 'CanNotUpdate' });
		const up = await ok('UpgradeAXToAXB', { ...base, PhoneNoB: B, UserData: 'up' });
		expect(Object.keys(up).sort()).toEqual([...BIND_FIELDS].sort());
		expect(up).toMatchObject({ SubId: ax.SubId, PhoneNoB: B, Status: 1, PhoneNoX: '13800000002' });
		expect(await err('UpgradeAXToAXB', { ...base, PhoneNoB: '13900000003' })).toMatchObject({ Code: 'UpgradeError' });
		expect(await ok('UpdateAXB', { ...base, UpdateType: 'updatePhoneNoB', PhoneNoB: '13900000003' })).toBe(true);
		expect(await ok('QuerySubscription', base)).toMatchObject({ PhoneNoB: '13900000003', UserData: 'up' });
		expect(await err('UpgradeAXToAXB', { NumberPoolNo: AXB_POOL, SubId: 'S404', PhoneNoB: B })).toMatchObject({ Code: 'SubscriptionEmpty' });
	});

	test('UpdateAXB / UnbindAXB', async () => {
		const { SubId } = await bindAXB();
		const base = { NumberPoolNo: AXB_POOL, SubId };
		expect(await ok('UpdateAXB', { ...base, UpdateType: 'updateOutId', OutId: 'x1' })).toBe(true);
		expect(await err('UpdateAXB', { ...base, UpdateType: 'updateAutoCreateFlag', AutoCreateFlag: 0 })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await err('UnbindAXN', base)).toMatchObject({ Code: 'SubscriptionEmpty' }); // wrong family
		expect(await ok('UnbindAXB', base)).toBe(true);
		expect(await err('UnbindAXB', base)).toMatchObject({ Code: 'SubscriptionEmpty' });
	});
});

describe('AXNE', () => {
	test('BindAXNE returns a 4-digit extension, unique per X', async () => {
		const base = { NumberPoolNo: AXNE_POOL, ExpireTime: later(), PhoneNoX: '13600000002' };
		const r1 = await ok('BindAXNE', { ...base, PhoneNoA: A });
		expect(Object.keys(r1).sort()).toEqual([...BIND_FIELDS, 'PhoneNoE'].sort());
		expect(r1.PhoneNoE).toMatch(/^\d{4}$/);
		const r2 = await ok('BindAXNE', { ...base, PhoneNoA: B });
		expect(r2.PhoneNoE).not.toBe(r1.PhoneNoE);
		expect(await err('BindAXNE', { ...base, PhoneNoA: A })).toMatchObject({ Code: 'ConflictWithExisting' });
		expect(await err('BindAXNE', { ...base, PhoneNoA: '13900000003', PhoneNoE: r1.PhoneNoE })).toMatchObject({ Code: 'PhoneNoEOccupied' });
		expect(await ok('BindAXNE', { NumberPoolNo: AXNE_POOL, ExpireTime: later(), PhoneNoA: '13900000004', PhoneNoE: '0042' })).toMatchObject({ PhoneNoE: '0042', PhoneNoX: '13600000002' });
		expect(await ok('QuerySubscription', { NumberPoolNo: AXNE_POOL, SubId: r1.SubId })).toMatchObject({ PhoneNoE: r1.PhoneNoE });
	});

	test('BindAXBForAXNE, UpdateAXNE, UnbindAXNE', async () => {
		const parent = await ok('BindAXNE', { NumberPoolNo: AXNE_POOL, ExpireTime: later(), PhoneNoA: A });
		const child = await ok('BindAXBForAXNE', { ParentSubId: parent.SubId, PhoneNoB: B, NumberPoolNo: AXB_POOL, EnableDuration: 600 });
		expect(Object.keys(child).sort()).toEqual([...BIND_FIELDS].sort());
		expect(child).toMatchObject({ PhoneNoA: A, PhoneNoB: B, Status: 1 });
		expect(await ok('QuerySubscription', { NumberPoolNo: AXB_POOL, SubId: child.SubId })).toMatchObject({ ExpireTime: nowSec() + 600 });
		expect(await err('BindAXBForAXNE', { ParentSubId: 'S1', PhoneNoB: B, NumberPoolNo: AXB_POOL })).toMatchObject({ Code: 'SubscriptionEmpty' });

		const base = { NumberPoolNo: AXNE_POOL, SubId: parent.SubId };
		expect(await ok('UpdateAXNE', { ...base, UpdateType: 'updateAutoCreateFlag', AutoCreateFlag: 1 })).toBe(true);
		expect(await err('UpdateAXNE', { ...base, UpdateType: 'updateAutoCreateFlag' })).toMatchObject({ Message: 'Missing required parameter: AutoCreateFlag' });
		expect(await ok('UnbindAXNE', base)).toBe(true);
		expect(await ok('QuerySubscription', { NumberPoolNo: AXB_POOL, SubId: child.SubId })).toMatchObject({ Status: 0 });
	});
});

describe('AXYB', () => {
	test('BindAXYB with B creates the YB side', async () => {
		const r = await ok('BindAXYB', { PhoneNoA: A, PhoneNoB: B, NumberPoolNo: AXYB_POOL, ExpireTime: later() });
		expect(Object.keys(r).sort()).toEqual([...BIND_FIELDS, 'PhoneNoY', 'YbSubId', 'YbStatus'].sort());
		expect(r).toMatchObject({ PhoneNoX: expect.stringMatching(/^135/), PhoneNoY: expect.stringMatching(/^134/), YbSubId: expect.stringMatching(/^S\d+$/), YbStatus: 1 });
		expect(await ok('QuerySubscription', { NumberPoolNo: AXYB_Y_POOL, SubId: r.YbSubId })).toMatchObject({ PhoneNoY: r.PhoneNoY, PhoneNoB: B, Status: 1 });
	});

	test('BindAXYB without B, then BindYBForAXYB', async () => {
		const r = await ok('BindAXYB', { PhoneNoA: A, NumberPoolNo: AXYB_POOL, ExpireTime: later(), PhoneNoX: '13500000005' });
		expect(r).toMatchObject({ PhoneNoX: '13500000005', PhoneNoY: '', YbSubId: '', YbStatus: 0 });
		const yb = await ok('BindYBForAXYB', { ParentSubId: r.SubId, PhoneNoB: B, NumberPoolNo: AXYB_Y_POOL, PhoneNoY: '13400000004', EnableDuration: 300 });
		expect(yb).toEqual({ SubId: expect.stringMatching(/^S\d+$/), PhoneNoY: '13400000004', Status: 1 });
		expect(await err('BindYBForAXYB', { ParentSubId: r.SubId, PhoneNoB: '13900000005', NumberPoolNo: AXYB_Y_POOL, PhoneNoY: '13500000002' })).toMatchObject({ Code: 'IllegalPhoneNoY' });
	});

	test('UpdateAXYB, UnbindAXYB', async () => {
		const { SubId } = await ok('BindAXYB', { PhoneNoA: A, NumberPoolNo: AXYB_POOL, ExpireTime: later(), PhoneNoX: '13500000002' });
		const base = { NumberPoolNo: AXYB_POOL, SubId };
		expect(await ok('UpdateAXYB', { ...base, UpdateType: 'updatePhoneNoX', PhoneNoX: '13500000003' })).toBe(true);
		expect(await err('UpdateAXYB', { ...base, UpdateType: 'updatePhoneNoX', PhoneNoX: '13700000003' })).toMatchObject({ Code: 'IllegalPhoneNoX' });
		expect(await err('UpdateAXYB', { ...base, UpdateType: 'updateOutId', OutId: 'x' })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await ok('QuerySubscription', base)).toMatchObject({ PhoneNoX: '13500000003' });
		expect(await ok('UnbindAXYB', base)).toBe(true);
		expect(await err('UpdateAXYB', { ...base, UpdateType: 'updateUserData', UserData: 'u' })).toMatchObject({ Code: 'SubscriptionEmpty' });
	});
});

describe('AXG (JSON bodies)', () => {
	test('group lifecycle and binding', async () => {
		const { GroupId } = await ok('CreateAXGGroup', { NumberPoolNo: AXG_POOL, GroupName: '销售组', Numbers: ['13900000100', '13900000101'], ExpireTime: later() });
		expect(GroupId).toMatch(/^G\d+$/);
		const r = await ok('BindAXG', { PhoneNoA: A, PhoneNoB: B, NumberPoolNo: AXG_POOL, ExpireTime: later(), GroupId, UserData: '组 ✓' });
		expect(Object.keys(r).sort()).toEqual([...BIND_FIELDS, 'GroupId'].sort());
		expect(r).toMatchObject({ GroupId, PhoneNoX: expect.stringMatching(/^133/), Status: 1 });
		const base = { NumberPoolNo: AXG_POOL, SubId: r.SubId };
		expect(await ok('QuerySubscription', base)).toMatchObject({ GroupId, UserData: '组 ✓' });
		expect(await ok('UpdateAXG', { ...base, UpdateType: 'updatePhoneNoB', PhoneNoB: '13900000002' })).toEqual({ Success: true });
		expect(await ok('UpdateAXGGroup', { NumberPoolNo: AXG_POOL, GroupId, UpdateType: 'addNumbers', Numbers: ['13900000102'] })).toEqual({ Success: true });
		expect(await ok('UpdateAXGGroup', { NumberPoolNo: AXG_POOL, SubId: r.SubId, UpdateType: 'deleteNumbers', Numbers: ['13900000100'] })).toEqual({ Success: true });
		expect(emulator.state.groups.get(GroupId).Numbers).toEqual(['13900000101', '13900000102']);
		expect(await err('UpdateAXGGroup', { NumberPoolNo: AXG_POOL, GroupId, UpdateType: 'rename' })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await ok('UnbindAXG', { ...base, DelGroup: true })).toEqual({ Success: true });
		expect(await err('DeleteAXGGroup', { NumberPoolNo: AXG_POOL, GroupId })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await err('UnbindAXG', base)).toMatchObject({ Code: 'SubscriptionEmpty' });
	});

	test('BindAXG can create its group from GroupNumbers; DeleteAXGGroup', async () => {
		const r = await ok('BindAXG', { PhoneNoA: A, NumberPoolNo: AXG_POOL, ExpireTime: later(), GroupNumbers: ['13900000100'], GroupName: 'g' });
		expect(r.GroupId).toMatch(/^G/);
		expect(await ok('DeleteAXGGroup', { NumberPoolNo: AXG_POOL, GroupId: r.GroupId })).toEqual({ Success: true });
		expect(await err('BindAXG', { PhoneNoA: B, NumberPoolNo: AXG_POOL, ExpireTime: later() })).toMatchObject({ Message: 'Missing required parameter: GroupId' });
	});

	test('AXG actions need a JSON body', async () => {
		expect(await err('CreateAXGGroup', {}, { rawBody: 'NumberPoolNo=x' })).toMatchObject({ status: 200, Code: 'IllegalArgument' });
		expect(await err('CreateAXGGroup', { NumberPoolNo: AXG_POOL })).toMatchObject({ Message: 'Missing required parameter: Numbers' });
	});
});

describe('queries and numbers', () => {
	test('QuerySubscriptionForList: filters, paging, at least one key', async () => {
		for (let i = 0; i < 5; i++) await bindAXN({ PhoneNoA: `1390000010${i}`, PhoneNoX: `1370000000${i + 2}`, OutId: i < 2 ? 'batch' : 'other' });
		const page = await ok('QuerySubscriptionForList', { NumberPoolNo: AXN_POOL, Offset: 1, Limit: 2 });
		expect(page).toMatchObject({ Offset: 1, Limit: 2, Total: 5 });
		expect(page.Records).toHaveLength(2);
		expect(Object.keys(page.Records[0]).sort()).toEqual([...SUBSCRIPTION_FIELDS].sort());
		expect(await ok('QuerySubscriptionForList', { OutId: 'batch' })).toMatchObject({ Total: 2, Offset: 0, Limit: 20 });
		expect(await ok('QuerySubscriptionForList', { PhoneNoX: '13700000004' })).toMatchObject({ Total: 1, Records: [{ PhoneNoA: '13900000102' }] });
		expect(await ok('QuerySubscriptionForList', { NumberPoolNo: AXN_POOL, Status: 0 })).toMatchObject({ Total: 0 });
		expect(await err('QuerySubscriptionForList', { Status: 1 })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await err('QuerySubscriptionForList', { NumberPoolNo: AXN_POOL, Limit: 'ten' })).toMatchObject({ Code: 'IllegalArgument' });
	});

	test('NumberPoolList', async () => {
		const all = await ok('NumberPoolList', {});
		expect(all).toMatchObject({ Offset: 0, Limit: 20, Total: 7 });
		expect(all.Records[0]).toEqual({
			NumberPoolName: 'Demo AXN pool',
			NumberPoolNo: AXN_POOL,
			ServiceType: 200,
			ServiceTypeName: '隐私号',
			SubServiceType: 202,
			SubServiceTypeName: 'AXN',
			NumberCount: 10,
			Scene: 0,
		});
		expect(await ok('NumberPoolList', { SubServiceType: 204 })).toMatchObject({ Total: 2 });
		expect(await ok('NumberPoolList', { Limit: 2, Offset: 4 })).toMatchObject({ Total: 7, Records: [{ NumberPoolNo: AXYB_Y_POOL }, { NumberPoolNo: AXG_POOL }] });
	});

	test('NumberList (GET, query parameters)', async () => {
		const r = await ok('NumberList', { NumberPoolNo: AXB_POOL, Limit: 3 });
		expect(r).toMatchObject({ Total: 10, Limit: 3, Offset: 0 });
		expect(r.Records[0]).toMatchObject({ Number: '13800000002', NumberStatusCode: 1, NumberTypeCode: 0, NumberPoolNo: AXB_POOL, NumberLocation: '上海', CurrentBindCount: 0 });
		expect(emulator.requests.at(-1)).toMatchObject({ method: 'GET', rawBody: '', params: { NumberPoolNo: AXB_POOL, Limit: '3' } });
		await ok('BindAXB', { PhoneNoA: A, PhoneNoB: B, PhoneNoX: '13800000002', NumberPoolNo: AXB_POOL, ExpireTime: later() });
		expect(await ok('NumberList', { Number: '13800000002' })).toMatchObject({ Total: 1, Records: [{ CurrentBindCount: 1 }] });
		expect(await ok('NumberList', { NumberList: '13800000003,13700000002' })).toMatchObject({ Total: 2 });
	});

	test('a repeated query key is read as its first value, as the gateway likely reads it', async () => {
		const r = await ok('NumberList', { NumberList: ['13800000003', '13700000002'] });
		expect(r).toMatchObject({ Total: 1, Records: [{ Number: '13800000003' }] });
		expect(emulator.requests.at(-1).params.NumberList).toBe('13800000003');
	});

	test('SelectNumber (GET) returns free numbers', async () => {
		expect(await ok('SelectNumber', { NumberPoolNo: AXB_POOL, CityCode: '021', NumberCount: 3 })).toEqual(['13800000002', '13800000003', '13800000004']);
		expect(await ok('SelectNumber', { NumberPoolNo: AXN_POOL })).toEqual(['13700000002']);
		await bindAXN();
		expect(await ok('SelectNumber', { NumberPoolNo: AXN_POOL })).toEqual(['13700000003']);
		expect(await err('SelectNumber', { NumberPoolNo: AXN_POOL, CityCode: '021' })).toMatchObject({ Code: 'NumberNotEnough' });
		expect(await err('SelectNumber', {})).toMatchObject({ Message: 'Missing required parameter: NumberPoolNo' });
	});
});
