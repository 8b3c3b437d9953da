'use strict';
// The emulator's calls: dual-call actions, calls played on bindings, their pushes (signed, with knobs),
// the record and recording queries, and the control API, through real HTTP.
const { createEmulator } = require('./server');
const { callAction, control } = require('./client');
const { startReceiver } = require('./receiver');
const { AXN_POOL, AXB_POOL, DUAL_POOL } = require('./state');

const A = '13900000000';
const B = '13900000001';
const TOKEN = 'token-0123456789';

let clock = new Date();
const emulator = createEmulator({ now: () => clock });
let receiver;
const nowSec = () => Math.floor(clock.getTime() / 1000);

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
	return body.Result;
}
async function err(action, params) {
	const { body } = await call(action, params);
	expect(body.Result).toBeUndefined();
	return body.ResponseMetadata.Error;
}
const bindAXN = (extra = {}) =>
	ok('BindAXN', { PhoneNoA: A, PhoneNoB: B, PhoneNoX: '13700000002', NumberPoolNo: AXN_POOL, ExpireTime: nowSec() + 3600, UserData: 'order-42', ...extra });
const click2Call = (extra = {}) => ok('Click2Call', { Caller: A, Callee: B, CallerNumberPoolNo: DUAL_POOL, CalleeNumberPoolNo: DUAL_POOL, ...extra });
const play = async (scenario) => {
	const { status, body } = await control(emulator.url, 'POST', '/_emulator/calls', scenario);
	expect(body.error).toBeUndefined();
	expect(status).toBe(200);
	return body;
};

describe('Click2Call, Click2CallLite, CancelClick2Call', () => {
	test('Click2Call answers a D call ID; display numbers come from the pools by city', async () => {
		const { CallId } = await click2Call({ CallerNumberCityCode: '021', UserData: 'ticket-7', MaxTime: 30, LastVoiceTo: 'BOTH' });
		expect(CallId).toMatch(/^D[0-9a-f]{24}$/);
		const [made] = (await control(emulator.url, 'GET', '/_emulator/calls')).body;
		expect(made).toMatchObject({ CallId, kind: 'click2Call', state: 'requested', caller: A, callee: B, userData: 'ticket-7' });
		expect(made.callerShowNumber).toMatch(/^0215300000/);
		expect(made.calleeShowNumber).toMatch(/^0105300000/); // B's own city (010)
	});

	test('Click2Call checks its parameters', async () => {
		const base = { Caller: A, Callee: B, CallerNumberPoolNo: DUAL_POOL, CalleeNumberPoolNo: DUAL_POOL };
		const cases = [
			[{ Callee: undefined }, 'Missing required parameter: Callee'],
			[{ CalleeNumberPoolNo: undefined }, 'Missing required parameter: CalleeNumberPoolNo'],
			[{ Caller: '123' }, 'Invalid Caller: 123'],
			[{ Callee: A }, 'Caller and Callee must be different numbers'],
			[{ CallerNumberPoolNo: AXN_POOL }, 'is a AXN pool, not a dual-call pool'],
			[{ CalleeNumberPoolNo: 'NP0' }, 'Number pool NP0 does not exist'],
			[{ MaxTime: 1441 }, 'Invalid MaxTime'],
			[{ LastVoiceTo: 'ALL' }, 'Invalid LastVoiceTo: ALL'],
			[{ CallerNumberDegradeCityList: '021' }, 'CallerNumberDegradeCityList needs CallerNumberCityCode'],
			[{ CallerNumberCityCode: '0571', CallerNumberDegradeCityList: '0571,0572,0573,0574,0575,0576' }, 'at most 5 cities'],
			[{ CallerNumber: '13700000002' }, 'is not a usable number of pool'],
			[{ CallerNumberCityCode: '0571' }, 'No usable number'],
			[{ CallerDegradeToCapital: 2 }, 'Invalid CallerDegradeToCapital'],
		];
		for (const [change, message] of cases) {
			expect(await err('Click2Call', { ...base, ...change })).toMatchObject({ Code: expect.any(String), Message: expect.stringContaining(message) });
		}
		expect(await err('Click2Call', { ...base, CallerNumberCityCode: '0571' })).toMatchObject({ Code: 'NumberNotEnough' });
		expect(emulator.calls.calls.size).toBe(0);
		// A degrade city that has numbers:
		await click2Call({ CallerNumberCityCode: '0571', CallerNumberDegradeCityList: '0531,021' });
		expect([...emulator.calls.calls.values()][0].callerShowNumber).toMatch(/^0215300000/);
	});

	test('a second call between the same two while the first is in progress is RepeatClick2Call; cancel ends it', async () => {
		const { CallId } = await click2Call();
		expect(await err('Click2Call', { Caller: A, Callee: B, CallerNumberPoolNo: DUAL_POOL, CalleeNumberPoolNo: DUAL_POOL })).toMatchObject({
			Code: 'RepeatClick2Call',
			Message: expect.stringContaining(CallId),
		});
		expect(await ok('CancelClick2Call', { CallId })).toBe(true);
		expect(await ok('CancelClick2Call', { CallId })).toBe(false); // already over
		expect((await click2Call()).CallId).not.toBe(CallId);
		expect(await err('CancelClick2Call', { CallId: 'Dnone' })).toMatchObject({ Code: 'IllegalArgument' });
	});

	test('Click2CallLite takes one pool and AudioRecordFlag', async () => {
		const { CallId } = await ok('Click2CallLite', { Caller: A, Callee: B, NumberPoolNo: DUAL_POOL, AudioRecordFlag: 0 });
		expect(emulator.calls.calls.get(CallId)).toMatchObject({ kind: 'click2CallLite', subServiceType: 105, record: false });
		expect(await err('Click2CallLite', { Caller: A, Callee: B })).toMatchObject({ Message: 'Missing required parameter: NumberPoolNo' });
	});
});

describe('playing a call pushes status events, the CDR and the recording, signed', () => {
	test('a call through an AXN binding: A dials X and reaches B', async () => {
		const sub = await bindAXN();
		const result = await play({ subId: sub.SubId, duration: 65 });
		expect(result.callId).toMatch(/^NM/);
		expect(receiver.pushes.every((p) => p.verified && p.status === 200)).toBe(true);
		const bodies = receiver.pushes.map((p) => p.json);
		expect(bodies.map((b) => [b.messageType, b.eventType])).toEqual([
			[1, 1],
			[1, 2],
			[1, 3],
			[1, 4],
			[2, undefined],
			[3, undefined],
		]);
		const [start, , answered, ended, cdr, recording] = bodies;
		expect(start).toEqual({
			accountId: expect.any(String),
			callId: result.callId,
			serviceType: 200,
			caller: A,
			callee: B,
			eventTime: expect.stringMatching(/^\d{10}$/),
			allEventType: [1, 2, 3, 4],
			eventType: 1,
			messageType: 1,
			userData: 'order-42',
			phoneNoX: '13700000002',
			phoneNoA: A,
			phoneNoB: B,
			subscriptionId: sub.SubId,
		});
		expect(Number(ended.eventTime) - Number(answered.eventTime)).toBe(65);
		expect(cdr).toMatchObject({
			callId: result.callId,
			subServiceType: 202,
			numberPoolNo: AXN_POOL,
			caller: A,
			callerCityCode: '010',
			callerProvinceCode: '11',
			callee: B,
			callDuration: 65,
			callResult: 1,
			audioRecordFlag: 0,
			subscriptionId: sub.SubId,
			phoneNoX: '13700000002',
			secretCallType: 11,
			userData: 'order-42',
			messageType: 2,
			cdrType: 1,
		});
		for (const key of ['beginCallTime', 'ringTime', 'startTime', 'endTime', 'cdrCreateTime']) expect(cdr[key]).toBeGreaterThan(1e12); // ms
		expect(cdr.endTime - cdr.startTime).toBe(65000);
		expect(cdr.endTime).toBeLessThanOrEqual(clock.getTime());
		expect(recording).toMatchObject({ callId: result.callId, messageType: 3, audioRecordModel: 3, audioRecordLeftUrl: '', audioRecordRightUrl: '', userData: 'order-42' });
		const file = await fetch(recording.audioRecordUrl);
		expect(file.status).toBe(200);
		expect(Buffer.from(await file.arrayBuffer()).equals(emulator.calls.file(result.callId))).toBe(true);
		expect(new URL(recording.audioRecordUrl).searchParams.get('x-expires')).toBe(String(nowSec() + 6 * 3600));
		// Every push is in the log with its status.
		const log = (await control(emulator.url, 'GET', '/_emulator/pushes')).body;
		expect(log.map((e) => [e.kind, e.status])).toEqual([
			['status', 200],
			['status', 200],
			['status', 200],
			['status', 200],
			['cdr', 200],
			['recording', 200],
		]);
		expect(log[4].body).toBe(receiver.pushes[4].raw);
	});

	test('B dials X and reaches A; split recording; found by X and A', async () => {
		const sub = await bindAXN();
		const { callId } = await play({ phoneNoX: '13700000002', phoneNoA: A, from: B, split: true });
		const [cdr, recording] = receiver.pushes.slice(-2).map((p) => p.json);
		expect(cdr).toMatchObject({ caller: B, callee: A, secretCallType: 10, audioRecordFlag: 1, subscriptionId: sub.SubId });
		expect(recording.audioRecordModel).toBe(1);
		expect(recording.audioRecordLeftUrl).toContain(`/recordings/${callId}-left.wav?`);
		const left = await fetch(recording.audioRecordRightUrl);
		expect([left.status, left.headers.get('content-type')]).toEqual([200, 'audio/wav']);
	});

	test('an unanswered call: start, ringing, ended; no recording; callResult 7', async () => {
		const sub = await bindAXN();
		await play({ subId: sub.SubId, answered: false });
		const bodies = receiver.pushes.map((p) => p.json);
		expect(bodies.map((b) => b.eventType || `m${b.messageType}`)).toEqual([1, 2, 4, 'm2']);
		expect(bodies[0].allEventType).toEqual([1, 2, 4]);
		expect(bodies[3]).toMatchObject({ callResult: 7, callDuration: 0, startTime: 0 });
		await play({ subId: sub.SubId, answered: false, callResult: 2 }); // powered off: no ringing
		expect(receiver.pushes.slice(4).map((p) => p.json.eventType || 'cdr')).toEqual([1, 4, 'cdr']);
	});

	test('a binding without recording pushes no recording event', async () => {
		const sub = await bindAXN({ AudioRecordFlag: 0 });
		await play({ subId: sub.SubId });
		expect(receiver.pushes.map((p) => p.json.messageType)).toEqual([1, 1, 1, 1, 2]);
	});

	test('a Click2Call: both legs with party, show numbers, then CDR and recording', async () => {
		const { CallId } = await click2Call({ UserData: 'ticket-7' });
		await play({ callId: CallId });
		const bodies = receiver.pushes.map((p) => p.json);
		expect(bodies.map((b) => (b.messageType === 1 ? `${b.party}:${b.eventType}` : `m${b.messageType}`))).toEqual([
			'1:1', '1:2', '1:3', '2:1', '2:2', '2:3', '1:4', '2:4', 'm2', 'm3',
		]);
		expect(bodies[0]).toMatchObject({ serviceType: 100, userData: 'ticket-7', callerShowNumber: expect.stringMatching(/^0105/) });
		expect(bodies[0].subscriptionId).toBeUndefined();
		expect(bodies[8]).toMatchObject({ subServiceType: 103, callerShowNumber: expect.any(String), calleeShowNumberPoolNo: DUAL_POOL });
		const again = await control(emulator.url, 'POST', '/_emulator/calls', { callId: CallId });
		expect(again).toMatchObject({ status: 409, body: { error: expect.stringContaining('is ended') } });
		expect((await click2Call()).CallId).not.toBe(CallId); // the first one is over: no RepeatClick2Call
	});

	test('knobs: duplicates (same or fresh timestamp), batch, delays, only some messages', async () => {
		const sub = await bindAXN();
		await play({ subId: sub.SubId, messages: 'cdr,recording', duplicate: ['cdr'] });
		expect(receiver.pushes.map((p) => p.json.messageType)).toEqual([2, 2, 3]);
		expect(receiver.pushes[1].raw).toBe(receiver.pushes[0].raw);
		expect(receiver.pushes[1].query).toEqual(receiver.pushes[0].query);

		// A receiver that takes 5 s (of the emulator's clock) per push: a fresh timestamp moves on.
		await receiver.stop();
		receiver = await startReceiver({ authToken: TOKEN, status: () => ((clock = new Date(clock.getTime() + 5000)), 200) });
		emulator.calls.pusher.setTarget({ url: receiver.url, authToken: TOKEN });
		const before = nowSec();
		await play({ subId: sub.SubId, messages: ['cdr'], duplicate: 'cdr', freshTimestamp: true, timestampOffset: -100 });
		expect(receiver.pushes.map((p) => [Number(p.query.timestamp) - before, p.verified])).toEqual([
			[-100, true],
			[-95, true],
		]);
		expect(receiver.pushes[1].raw).toBe(receiver.pushes[0].raw);

		receiver.pushes.length = 0;
		const { messages } = await play({ subId: sub.SubId, batch: true });
		expect(receiver.pushes).toHaveLength(1);
		expect(receiver.pushes[0]).toMatchObject({ verified: true, json: messages });
		expect(messages.map((m) => m.messageType)).toEqual([1, 1, 1, 1, 2, 3]);

		receiver.pushes.length = 0;
		const started = Date.now();
		await play({ subId: sub.SubId, messages: 'cdr,recording', delayMs: 150 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	test('bad pushes, all or per kind, arrive unverified and their 401 is logged', async () => {
		const sub = await bindAXN();
		await play({ subId: sub.SubId, messages: 'cdr', bad: 'wrongToken' });
		await play({ subId: sub.SubId, messages: 'cdr', bad: 'noAuthCode' });
		await play({ subId: sub.SubId, messages: 'cdr,recording', bad: { cdr: 'tamperedBody' } });
		expect(receiver.pushes.map((p) => [p.json.messageType, p.verified])).toEqual([
			[2, false],
			[2, false],
			[2, false],
			[3, true],
		]);
		expect(receiver.pushes[1].query.authCode).toBeUndefined();
		expect(receiver.pushes[2].json.tampered).toBe(true);
		const log = (await control(emulator.url, 'GET', '/_emulator/pushes')).body;
		expect(log.map((e) => [e.bad, e.status])).toEqual([
			['wrongToken', 401],
			['noAuthCode', 401],
			['tamperedBody', 401],
			[undefined, 200],
		]);
		// Re-push the CDR as it was signed: now it verifies.
		const repeated = await control(emulator.url, 'POST', '/_emulator/pushes/repeat', { seq: 3 });
		expect(repeated.body).toMatchObject({ repeatOf: 3, status: 200 });
	});

	test('the control API refuses what it cannot play', async () => {
		const sub = await bindAXN({ PhoneNoB: undefined });
		const refused = async (scenario) => (await control(emulator.url, 'POST', '/_emulator/calls', scenario));
		expect(await refused({})).toMatchObject({ status: 400, body: { error: expect.stringContaining('subId, phoneNoX') } });
		expect(await refused({ subId: 'S0' })).toMatchObject({ status: 404 });
		expect(await refused({ subId: sub.SubId })).toMatchObject({ status: 409, body: { error: expect.stringContaining('has no B') } });
		expect(await refused({ phoneNoX: '13700000009' })).toMatchObject({ status: 404 });
		expect(await refused({ subId: sub.SubId, from: B, bad: 'sloppy' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('wrongToken') } });
		expect(await refused({ subId: sub.SubId, from: B, duplicate: 'cdrs' })).toMatchObject({ status: 400 });
		await ok('UnbindAXN', { NumberPoolNo: AXN_POOL, SubId: sub.SubId });
		expect(await refused({ subId: sub.SubId, from: B })).toMatchObject({ status: 409, body: { error: expect.stringContaining('not active') } });
		expect(receiver.pushes).toHaveLength(0);
	});

	test('without a push target the call is still made and queryable; reset keeps the target', async () => {
		const sub = await bindAXN();
		emulator.calls.pusher.setTarget(null);
		const { callId, pushes } = await play({ subId: sub.SubId });
		expect(pushes).toEqual([]);
		expect(await ok('QueryCallRecordMsg', { CallIdList: callId })).toHaveLength(1);

		let res = await control(emulator.url, 'POST', '/_emulator/push-target', { url: receiver.url, authToken: TOKEN });
		expect(res).toEqual({ status: 200, body: { ok: true, url: receiver.url } });
		res = await control(emulator.url, 'GET', '/_emulator/push-target');
		expect(res.body).toEqual({ url: receiver.url, authTokenSet: true }); // the token is not echoed
		await control(emulator.url, 'POST', '/_emulator/reset');
		expect((await control(emulator.url, 'GET', '/_emulator/push-target')).body.url).toBe(receiver.url);
		expect((await control(emulator.url, 'GET', '/_emulator/calls')).body).toEqual([]);
		expect(await control(emulator.url, 'POST', '/_emulator/push-target', { url: 'x', authToken: TOKEN })).toMatchObject({ status: 400 });
	});

	test('wait: false answers 202 at once and pushes in the background', async () => {
		const sub = await bindAXN();
		const res = await control(emulator.url, 'POST', '/_emulator/calls', { subId: sub.SubId, wait: false, messages: 'cdr', delayMs: 10 });
		expect(res).toMatchObject({ status: 202, body: { callId: expect.stringMatching(/^NM/) } });
		while (receiver.pushes.length === 0) await new Promise((r) => setTimeout(r, 20));
		expect(receiver.pushes.map((p) => p.json.callId)).toEqual([res.body.callId]);
	});

	test('a raw push of any message (e.g. a number status) is signed like the others', async () => {
		const res = await control(emulator.url, 'POST', '/_emulator/pushes/send', { body: { accountId: '1', number: '13700000002', numberStatus: 2 } });
		expect(res.body).toMatchObject({ kind: 'custom', status: 200 });
		expect(receiver.pushes[0]).toMatchObject({ verified: true, raw: '{"accountId":"1","number":"13700000002","numberStatus":2}' });
		await control(emulator.url, 'POST', '/_emulator/pushes/send', { raw: '{"a": 1}' });
		expect(receiver.pushes[1]).toMatchObject({ verified: true, raw: '{"a": 1}' });
	});

	test('a receiver that fails is logged with its status', async () => {
		await receiver.stop();
		receiver = await startReceiver({ authToken: TOKEN, status: () => 503 });
		emulator.calls.pusher.setTarget({ url: receiver.url, authToken: TOKEN });
		const sub = await bindAXN();
		const { pushes } = await play({ subId: sub.SubId, messages: 'cdr' });
		expect(pushes.map((p) => p.status)).toEqual([503]);
	});
});

describe('record and recording queries answer for the calls made', () => {
	test('QueryCallRecordMsg: CDRs of ended calls only, PascalCase, ms times; at most 100 IDs', async () => {
		const sub = await bindAXN();
		const first = await play({ subId: sub.SubId, duration: 10 });
		const second = await play({ subId: sub.SubId, from: B });
		const { CallId: pending } = await click2Call();
		const records = await ok('QueryCallRecordMsg', { CallIdList: `${second.callId},Dunknown,${pending},${first.callId},${first.callId}` });
		expect(records.map((r) => r.CallId)).toEqual([second.callId, first.callId]);
		expect(records[1]).toMatchObject({ CallDuration: 10, CallResult: 1, SubscriptionId: sub.SubId, PhoneNoX: '13700000002', CdrType: 1 });
		expect(records[1].BeginCallTime).toBeGreaterThan(1e12);
		expect(records[1].MessageType).toBeUndefined();
		const ids = Array.from({ length: 101 }, (_, i) => `D${i}`).join(',');
		expect(await err('QueryCallRecordMsg', { CallIdList: ids })).toMatchObject({ Code: 'IllegalArgument', Message: expect.stringContaining('at most 100') });
	});

	test('QueryAudioRecordFileUrl: fresh 3-hour links, as an object or a list; empty without a recording', async () => {
		const sub = await bindAXN();
		const { callId } = await play({ subId: sub.SubId, split: true });
		const urls = await ok('QueryAudioRecordFileUrl', { CallId: callId });
		expect(Object.keys(urls)).toEqual(['AudioRecordFileUrl', 'AudioRecordLeftFileUrl', 'AudioRecordRightFileUrl']);
		expect(new URL(urls.AudioRecordFileUrl).searchParams.get('x-expires')).toBe(String(nowSec() + 3 * 3600));
		const file = Buffer.from(await (await fetch(urls.AudioRecordLeftFileUrl)).arrayBuffer());
		expect(file.equals(emulator.calls.file(callId, 'left'))).toBe(true);

		await control(emulator.url, 'POST', '/_emulator/calls/config', { recordingResultShape: 'list', queryUrlTtlSeconds: -1 });
		const list = await ok('QueryAudioRecordFileUrl', { CallId: callId });
		expect(list).toHaveLength(1);
		expect((await fetch(list[0].AudioRecordFileUrl)).status).toBe(403);

		const { callId: silent } = await play({ subId: sub.SubId, answered: false });
		expect((await ok('QueryAudioRecordFileUrl', { CallId: silent }))[0]).toEqual({ AudioRecordFileUrl: '', AudioRecordLeftFileUrl: '', AudioRecordRightFileUrl: '' });
		expect(await err('QueryAudioRecordFileUrl', { CallId: 'NMnone' })).toMatchObject({ Code: 'IllegalArgument' });
		expect((await control(emulator.url, 'POST', '/_emulator/calls/config', { shape: 'x' })).status).toBe(400);
	});

	test('QueryAudioRecordToTextFileUrl: one link per recorded call, as an array, Records or Data', async () => {
		const sub = await bindAXN();
		const { callId } = await play({ subId: sub.SubId });
		const { callId: silent } = await play({ subId: sub.SubId, answered: false });
		const [record] = await ok('QueryAudioRecordToTextFileUrl', { CallIdList: `${callId},${silent}` });
		expect(record).toEqual({ CallId: callId, AudioRecordToTextFileUrl: expect.stringContaining(`/recordings/${callId}.txt?x-expires=`) });
		const text = await (await fetch(record.AudioRecordToTextFileUrl)).text();
		expect(text).toContain(A);
		await control(emulator.url, 'POST', '/_emulator/calls/config', { transcriptResultShape: 'records' });
		expect(await ok('QueryAudioRecordToTextFileUrl', { CallIdList: callId })).toEqual({ Records: [expect.objectContaining({ CallId: callId })] });
		await control(emulator.url, 'POST', '/_emulator/calls/config', { transcriptResultShape: 'data' });
		expect(await ok('QueryAudioRecordToTextFileUrl', { CallIdList: callId })).toEqual({ Data: [expect.objectContaining({ CallId: callId })] });
	});

	test('the AXB pool is not a dual-call pool', async () => {
		expect(await err('Click2CallLite', { Caller: A, Callee: B, NumberPoolNo: AXB_POOL })).toMatchObject({ Code: 'IllegalArgument' });
	});
});
