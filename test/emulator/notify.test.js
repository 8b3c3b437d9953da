'use strict';
// Voice notifications in the emulator: SingleBatchAppend's SuccessList / FailList, SingleInfo / QuerySingleInfo,
// SingleCancel / SingleCancelV2, State moving as a notification is played, the call record, recording and the
// voice-notification CDR push it makes, through real HTTP with signed requests.
const { createEmulator } = require('./server');
const { callAction, control } = require('./client');
const { startReceiver } = require('./receiver');
const { DUAL_POOL, AXN_POOL } = require('./state');
const { MAX_LIST } = require('./notify');

const TOKEN = 'token-0123456789';
const TTS = 'RT0001APPROVED'; // seeded by voiceResources.js: 'Your parcel ${code} arrives at ${time}.'

let clock = new Date();
const emulator = createEmulator({ now: () => clock });
let receiver;

beforeAll(() => emulator.start());
afterAll(() => emulator.stop());
beforeEach(async () => {
	clock = new Date();
	emulator.reset();
	receiver = await startReceiver({ authToken: TOKEN });
	emulator.calls.pusher.setTarget({ url: receiver.url, authToken: TOKEN });
});
afterEach(() => receiver.stop());

const call = (action, params) => callAction(emulator.url, action, params, { now: clock });
async function ok(action, params) {
	const { status, body } = await call(action, params);
	expect(body.ResponseMetadata.Error).toBeUndefined();
	expect(status).toBe(200);
	return body;
}
async function err(action, params) {
	const { body } = await call(action, params);
	expect(body.Result).toBeUndefined();
	return body.ResponseMetadata.Error;
}
const entry = (id, extra = {}) => ({
	SingleOpenId: id,
	Phone: '13900000001',
	Type: 1,
	Resource: TTS,
	NumberPoolNo: DUAL_POOL,
	PhoneParam: { code: '42', time: '15:00' },
	Ext: `ext-${id}`,
	...extra,
});
const append = async (list) => (await ok('SingleBatchAppend', { List: list })).Result;
const play = async (scenario) => {
	const { status, body } = await control(emulator.url, 'POST', '/_emulator/notify/play', scenario);
	expect(body.error).toBeUndefined();
	expect(status).toBe(200);
	return body;
};

describe('SingleBatchAppend', () => {
	test('queues each entry: SuccessList with SingleOpenId, Ext and Type; FailList per entry with the reason', async () => {
		emulator.notify.config.refuse['13900000099'] = 'BLACK_LIST';
		const result = await append([
			entry('n1'),
			entry('n2', { Phone: '13900000099' }),
			entry('n3', { Phone: '12345' }),
			entry('n1', { Phone: '13900000003' }),
			entry('n4', { Resource: 'RT0002PENDING' }),
			entry('n5', { Resource: 'no-such-key' }),
			entry('n6', { Type: 0 }), // a TTS key given as audio
			entry('n7', { PhoneParam: { code: 'x' } }),
			entry('n8', { NumberPoolNo: AXN_POOL }),
			entry('n9', { Type: 0, Resource: 'RA0001APPROVED', PhoneParam: undefined, Ext: undefined }),
		]);
		expect(result.SuccessList).toEqual([
			{ Phone: '13900000001', SingleOpenId: 'n1', Ext: 'ext-n1', Type: 1 },
			{ Phone: '13900000001', SingleOpenId: 'n9', Type: 0 },
		]);
		expect(result.FailList.map((f) => [f.SingleOpenId, f.Type])).toEqual([
			['n2', 'BLACK_LIST'],
			['n3', 'INVALID_PHONE_FORMAT'],
			['n1', 'REDUPLICATED_ITEM'],
			['n4', 'RESOURCE_NOT_APPROVED'],
			['n5', 'RESOURCE_NOT_FOUND'],
			['n6', 'RESOURCE_NOT_FOUND'],
			['n7', 'TTS_PARAM_EMPTY'],
			['n8', 'NUMBER_POOL_NOT_FOUND'],
		]);
		expect(result.FailList[0]).toEqual({ Phone: '13900000099', SingleOpenId: 'n2', Type: 'BLACK_LIST', Desc: '号码在黑名单中' });
		expect(emulator.notify.list().map((n) => [n.SingleOpenId, n.State])).toEqual([['n1', 1], ['n9', 1]]);
	});

	test('a SingleOpenId used before is REDUPLICATED_ITEM: sending again after an unknown outcome makes no second call', async () => {
		await append([entry('again')]);
		const { SuccessList, FailList } = await append([entry('again'), entry('fresh')]);
		expect(SuccessList.map((s) => s.SingleOpenId)).toEqual(['fresh']);
		expect(FailList).toEqual([{ Phone: '13900000001', SingleOpenId: 'again', Type: 'REDUPLICATED_ITEM', Desc: '重复项目' }]);
	});

	test("failListShape 'doc' answers FailList entries as the docs' sample: Phone and a Chinese Type only", async () => {
		emulator.notify.config.failListShape = 'doc';
		const { FailList } = await append([entry('a', { Resource: 'RT0003REJECTED' })]);
		expect(FailList).toEqual([{ Phone: '13900000001', Type: '资源未审核通过' }]);
	});

	test('a number on the blacklist (the resource emulator: seeded, or added with AddBlackList) is BLACK_LIST', async () => {
		const { FailList } = await append([entry('b', { Phone: '13999999999' })]);
		expect(FailList[0].Type).toBe('BLACK_LIST');
		await ok('AddBlackList', { CustomerNumber: '13900000002' });
		expect((await append([entry('b2', { Phone: '13900000002' })])).FailList[0].Type).toBe('BLACK_LIST');
	});

	test('a malformed entry refuses the whole request and queues nothing', async () => {
		const cases = [
			[{ List: [] }, /List/],
			[{ List: [entry('x'), entry('y', { RingAgainTimes: 4 })] }, /List\[1\]\.RingAgainTimes/],
			[{ List: [entry('x', { RingAgainInterval: 4 })] }, /RingAgainInterval/],
			[{ List: [entry('x', { Type: 3 })] }, /Type/],
			[{ List: [entry('x', { TriggerTime: '2026-13-01 10:00:00' })] }, /TriggerTime/],
			[{ List: [entry('x', { TriggerTime: '2026-12-01T10:00:00Z' })] }, /TriggerTime/],
			[{ List: [entry('x', { PhoneParam: 'not json' })] }, /PhoneParam/],
			[{ List: [entry('x', { PhoneParam: { v: 'x'.repeat(2050) } })] }, /PhoneParam/],
			[{ List: [entry('x', { SingleOpenId: '' })] }, /SingleOpenId/],
			[{ List: [entry('x', { NumberList: ['abc'] })] }, /NumberList/],
			[{ List: [entry('x', { ForbidTimeList: [{ Weekdays: [8], Times: ['09:00-10:00'] }] })] }, /ForbidTimeList/],
			[{ List: Array.from({ length: MAX_LIST + 1 }, (_, i) => entry(`m${i}`)) }, new RegExp(`at most ${MAX_LIST}`)],
		];
		for (const [params, message] of cases) {
			const error = await err('SingleBatchAppend', params);
			expect(error.Code).toBe('IllegalArgument');
			expect(error.Message).toMatch(message);
		}
		expect(emulator.notify.list()).toEqual([]);
	});

	test('accepts the forms the SDKs send: PhoneParam as JSON text, TriggerTime as unix seconds, ForbidTimeList', async () => {
		const { SuccessList } = await append([
			entry('t', {
				PhoneParam: JSON.stringify({ code: 'a', time: 'b' }),
				TriggerTime: Math.floor(Date.UTC(2026, 11, 1, 2, 0, 0) / 1000),
				ForbidTimeList: [{ Weekdays: [1, 7], Times: ['00:00-08:00'] }],
				RingAgainTimes: 2,
				RingAgainInterval: 10,
			}),
		]);
		expect(SuccessList).toHaveLength(1);
		expect(emulator.notify.get('t')).toMatchObject({ TriggerTime: '2026-12-01 10:00:00', RingAgainTimes: 2, PhoneParam: { code: 'a', time: 'b' } });
	});
});

describe('SingleInfo / QuerySingleInfo, SingleCancel / SingleCancelV2', () => {
	test('SingleInfo (GET) answers State "1", CreateTime in Beijing time, no CallUuid before the call', async () => {
		clock = new Date('2026-12-03T06:00:00Z');
		await append([entry('q')]);
		const { Result } = await ok('SingleInfo', { SingleOpenId: 'q' });
		expect(Result).toEqual({
			SingleOpenId: 'q',
			Resource: TTS,
			Phone: '13900000001',
			Ext: 'ext-q',
			CreateTime: '2026-12-03 14:00:00',
			State: '1',
			ReleaseTime: '',
			Duration: 0,
			CallUuid: '',
		});
		const v2 = (await ok('QuerySingleInfo', { SingleOpenId: 'q' })).Result;
		expect(v2.ResourceKey).toBe(TTS);
		expect(v2.Resource).toBeUndefined();
		expect((await err('SingleInfo', { SingleOpenId: 'nope' })).Code).toBe('TaskNotFound');
	});

	test('SingleCancel answers ResponseMetadata only and moves State to 5; a finished one is TaskWrongState', async () => {
		await append([entry('c1'), entry('c2')]);
		const body = await ok('SingleCancel', { SingleOpenId: 'c1' });
		expect('Result' in body).toBe(false);
		expect((await ok('SingleInfo', { SingleOpenId: 'c1' })).Result.State).toBe('5');
		expect((await err('SingleCancelV2', { SingleOpenId: 'c1' })).Code).toBe('TaskWrongState');
		await play({ singleOpenId: 'c2' });
		const wrong = await err('SingleCancelV2', { SingleOpenId: 'c2' });
		expect(wrong).toMatchObject({ Code: 'TaskWrongState' });
		expect(wrong.Message).toMatch(/State 3/);
		expect((await err('SingleCancel', { SingleOpenId: 'nope' })).Code).toBe('TaskNotFound');
	});

	test('each action has its set: classic SingleInfo and SingleCancel (GET), 2025 QuerySingleInfo and SingleCancelV2 (POST JSON)', () => {
		const ACTIONS = require('./actions');
		expect(ACTIONS.SingleInfo).toMatchObject({ method: 'GET', set: 'classic' });
		expect(ACTIONS.SingleCancel).toMatchObject({ method: 'GET', set: 'classic' });
		expect(ACTIONS.QuerySingleInfo).toMatchObject({ method: 'POST', encoding: 'json', set: 'v2' });
		expect(ACTIONS.SingleCancelV2).toMatchObject({ method: 'POST', encoding: 'json', set: 'v2' });
		expect(ACTIONS.SingleBatchAppend).toMatchObject({ method: 'POST', encoding: 'json' });
		expect(ACTIONS.SingleBatchAppend.set).toBeUndefined();
	});
});

describe('playing a notification', () => {
	test('answered with digits: State 3, CallUuid is a call with a record and a recording; the CDR is pushed with the notification fields', async () => {
		await append([entry('p')]);
		const played = await play({ singleOpenId: 'p', digits: '1', duration: 12 });
		expect(played.state).toBe(3);
		const callId = played.callId;
		const info = (await ok('SingleInfo', { SingleOpenId: 'p' })).Result;
		expect(info).toMatchObject({ State: '3', CallUuid: callId, Duration: 12 });
		expect(info.ReleaseTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

		// The existing call queries know the call.
		const [record] = (await ok('QueryCallRecordMsg', { CallIdList: callId })).Result;
		expect(record).toMatchObject({ CallId: callId, ServiceType: 100, SubServiceType: 102, Callee: '13900000001', SingleOpenId: 'p', Ext: 'ext-p', Digits: '1', TaskOpenId: '', CallResult: 1 });
		expect(record.Caller).toMatch(/^0[12]\d{9}$/); // a number of the pool
		const urls = (await ok('QueryAudioRecordFileUrl', { CallId: callId })).Result;
		expect(urls.AudioRecordFileUrl).toContain(`${callId}.mp3`);

		// Pushed and verified by the receiver: status events of one leg, the CDR, the recording.
		const kinds = receiver.pushes.map((r) => [r.json.messageType, r.json.eventType]);
		expect(kinds).toEqual([[1, 1], [1, 2], [1, 3], [1, 4], [2, undefined], [3, undefined]]);
		expect(receiver.pushes.every((r) => r.verified)).toBe(true);
		const cdr = receiver.pushes[4].json;
		expect(cdr).toMatchObject({ messageType: 2, cdrType: 1, callId, serviceType: 100, subServiceType: 102, taskOpenId: '', singleOpenId: 'p', ext: 'ext-p', digits: '1' });
	});

	test('not answered with re-calls left: State 4, played again; State 3 once the re-calls are used up, a new CallUuid each time', async () => {
		await append([entry('r', { RingAgainTimes: 1 })]);
		const first = await play({ singleOpenId: 'r', answered: false, digits: '9' });
		expect(first.state).toBe(4);
		const cdr = first.messages.find((m) => m.messageType === 2);
		expect(cdr).toMatchObject({ callResult: 7, digits: '', callDuration: 0 });
		expect(first.messages.some((m) => m.messageType === 3)).toBe(false);
		const second = await play({ singleOpenId: 'r', answered: false });
		expect(second.state).toBe(3);
		expect(second.callId).not.toBe(first.callId);
		expect((await ok('SingleInfo', { SingleOpenId: 'r' })).Result.CallUuid).toBe(second.callId);
		const again = await control(emulator.url, 'POST', '/_emulator/notify/play', { singleOpenId: 'r' });
		expect(again.status).toBe(409);
	});

	test('inProgress starts the call (State 2, CallUuid set, nothing pushed, not cancellable); the next play ends that call', async () => {
		await append([entry('w')]);
		const started = await play({ singleOpenId: 'w', inProgress: true });
		expect(started.state).toBe(2);
		expect((await ok('SingleInfo', { SingleOpenId: 'w' })).Result).toMatchObject({ State: '2', CallUuid: started.callId });
		expect((await err('SingleCancel', { SingleOpenId: 'w' })).Code).toBe('TaskWrongState');
		expect(receiver.pushes).toHaveLength(0);
		const ended = await play({ singleOpenId: 'w', digits: '#' });
		expect(ended).toMatchObject({ callId: started.callId, state: 3 });
	});

	test('the control API refuses bad scenarios and lists notifications; config is reset with the state', async () => {
		await append([entry('k')]);
		expect((await control(emulator.url, 'POST', '/_emulator/notify/play', {})).status).toBe(400);
		expect((await control(emulator.url, 'POST', '/_emulator/notify/play', { singleOpenId: 'none' })).status).toBe(404);
		expect((await control(emulator.url, 'POST', '/_emulator/notify/play', { singleOpenId: 'k', digits: 'x' })).status).toBe(400);
		expect((await control(emulator.url, 'POST', '/_emulator/notify/config', { nope: 1 })).status).toBe(400);
		const set = await control(emulator.url, 'POST', '/_emulator/notify/config', { refuse: { 13900000001: 'BLACK_LIST' } });
		expect(set.status).toBe(200);
		const { FailList } = await append([entry('k2')]);
		expect(FailList[0].Type).toBe('BLACK_LIST');
		const listed = await control(emulator.url, 'GET', '/_emulator/notify');
		expect(listed.body.map((n) => n.SingleOpenId)).toEqual(['k']);
		emulator.reset();
		expect(emulator.notify.list()).toEqual([]);
		expect(emulator.notify.config.refuse).toEqual({});
	});

	test('without a push target the call is still made and queryable', async () => {
		emulator.calls.pusher.setTarget(undefined);
		await append([entry('np')]);
		const { callId, pushes } = await play({ singleOpenId: 'np' });
		expect(pushes).toEqual([]);
		expect((await ok('QueryCallRecordMsg', { CallIdList: callId })).Result).toHaveLength(1);
	});
});
