'use strict';
// Voice-notification tasks in the emulator (tasks.js) through real HTTP, signed with the official @volcengine/openapi Signer.
const { Signer } = require('@volcengine/openapi');
const { createEmulator, DEFAULT_KEYS } = require('./server');
const { STATE, MAX_RUNNING_TASKS } = require('./tasks');

const POOL = 'NP160084061100694439'; // the seeded dual-call pool: voice numbers
const { RESOURCE_KEYS } = require('./voiceResources');
const TTS = RESOURCE_KEYS.tts.approved; // 'Your parcel ${code} arrives at ${time}.'
const AUDIO = RESOURCE_KEYS.audio.approved;

let clock = new Date('2026-12-03T02:00:00Z'); // 10:00 Beijing
const emulator = createEmulator({ now: () => clock });

beforeAll(() => emulator.start());
afterAll(() => emulator.stop());
beforeEach(() => {
	clock = new Date('2026-12-03T02:00:00Z');
	emulator.reset();
});

/** Signed call: `json` (body), or `postQuery` (POST, parameters in the query, empty body). */
async function call(action, params = {}, encoding = 'json') {
	const query = { Action: action, Version: '2022-01-01', ...(encoding === 'postQuery' ? params : {}) };
	const headers = {};
	let body = '';
	if (encoding === 'json') {
		body = JSON.stringify(params);
		headers['Content-Type'] = 'application/json; charset=UTF-8';
	}
	const key = DEFAULT_KEYS[0];
	const request = { method: 'POST', region: 'cn-north-1', params: query, headers, body, pathname: '/' };
	new Signer(request, 'vms').addAuthorization({ accessKeyId: key.accessKeyId, secretKey: key.secretAccessKey }, clock);
	const res = await fetch(`${emulator.url}/?${new URLSearchParams(query)}`, { method: 'POST', headers, body });
	return { status: res.status, body: await res.json() };
}

async function ok(action, params, encoding) {
	const { status, body } = await call(action, params, encoding);
	expect(body.ResponseMetadata.Error).toBeUndefined();
	expect(status).toBe(200);
	return body;
}

async function fails(action, params, code, encoding) {
	const { body } = await call(action, params, encoding);
	expect(body.ResponseMetadata.Error).toEqual(expect.objectContaining({ Code: code }));
	expect(body.Result).toBeUndefined();
	return body.ResponseMetadata.Error.Message;
}

const entry = (phone, time = '15:00', code = '42') => ({ Phone: phone, PhoneParam: { time, code }, Ext: `order-${phone}` });
const TASK = {
	Name: 'Parcel reminders',
	NumberPoolNo: POOL,
	Type: 1,
	Resource: TTS,
	StartTime: '2026-12-03 09:00:00',
	EndTime: '2026-12-03 20:00:00',
	Concurrency: 5,
};
const create = async (extra = {}) => (await ok('CreateTask', { ...TASK, ...extra })).Result;
const list = async (params = {}) => (await ok('QueryTaskList', params)).Result;

describe('CreateTask', () => {
	it('creates a running task from a PhoneList; FailList names the refused entries by Index, Phone, Type and Desc', async () => {
		const result = await create({
			PhoneList: [entry('13800000001'), { Phone: '12345', PhoneParam: { time: 'x', code: '1' } }, { Phone: '13800000003', PhoneParam: { time: '16:00' } }, entry('13800000001'), entry('13800000005')],
		});
		expect(result.TaskOpenId).toMatch(/^T\d+/);
		expect(result.FailList).toEqual([
			{ Index: 1, Phone: '12345', Type: 'INVALID_PHONE_FORMAT', Desc: expect.any(String) },
			{ Index: 2, Phone: '13800000003', Type: 'TTS_PARAM_EMPTY', Desc: 'PhoneParam lacks code' },
			{ Index: 3, Phone: '13800000001', Type: 'REDUPLICATED_ITEM', Desc: expect.any(String) },
		]);
		const { Records } = await list();
		expect(Records).toEqual([
			{
				TaskOpenId: result.TaskOpenId,
				Name: 'Parcel reminders',
				Resource: TTS,
				ResourceType: 1,
				ResourceName: 'Parcel arrival',
				State: STATE.running,
				StartTime: '2026-12-03 09:00:00',
				EndTime: '2026-12-03 20:00:00',
				ListNum: 2,
				CalledNum: 0,
				ThroughNum: 0,
				ThroughRate: 0,
				FinishRate: 0,
			},
		]);
	});

	it('accepts PhoneParam as a JSON string; Unique false keeps duplicates; Start false does not start it', async () => {
		const result = await create({ Unique: false, Start: false, PhoneList: [{ Phone: '13800000001', PhoneParam: '{"time":"9:00","code":"1"}' }, entry('13800000001')] });
		expect(result.FailList).toEqual([]);
		expect((await list()).Records[0]).toMatchObject({ ListNum: 2, State: STATE.notStarted });
	});

	it('an audio resource needs no variables; a task without a PhoneList is empty', async () => {
		const { TaskOpenId } = await create({ Type: 0, Resource: AUDIO, PhoneList: [{ Phone: '13800000001' }] });
		await create({ Type: 0, Resource: AUDIO, Name: 'empty' });
		expect((await list({ Keyword: TaskOpenId })).Records[0].ListNum).toBe(1);
		expect((await list({ Keyword: 'empty' })).Records[0].ListNum).toBe(0);
	});

	it('refuses missing fields, bad times, and the codes of reference C', async () => {
		expect(await fails('CreateTask', { ...TASK, Resource: undefined }, 'IllegalArgument')).toBe('Missing required parameter: Resource');
		expect(await fails('CreateTask', { ...TASK, StartTime: '2026-12-03T09:00:00' }, 'IllegalArgument')).toMatch(/yyyy-MM-dd HH:mm:ss/);
		expect(await fails('CreateTask', { ...TASK, EndTime: '2026-12-03 08:00:00' }, 'IllegalArgument')).toMatch(/not after StartTime/);
		// 09:59:59 Beijing is before the clock (10:00).
		expect(await fails('CreateTask', { ...TASK, StartTime: '2026-12-03 08:00:00', EndTime: '2026-12-03 09:59:59' }, 'IllegalArgument')).toMatch(/in the past/);
		await fails('CreateTask', { ...TASK, Resource: 'nope' }, 'ResourceNotFound');
		await fails('CreateTask', { ...TASK, Resource: RESOURCE_KEYS.tts.pending }, 'ResourceNotApproved');
		await fails('CreateTask', { ...TASK, Resource: RESOURCE_KEYS.tts.rejected }, 'ResourceNotApproved');
		await fails('CreateTask', { ...TASK, Type: 0 }, 'ResourceNotFound'); // a TTS key as audio
		await fails('CreateTask', { ...TASK, Concurrency: 101 }, 'ExceedMaxConcurrency');
		await fails('CreateTask', { ...TASK, RingAgainTimes: 4 }, 'IllegalArgument');
		await fails('CreateTask', { ...TASK, RingAgainInterval: 4 }, 'IllegalArgument');
		await fails('CreateTask', { ...TASK, SelectNumberType: 1, NumberList: ['01053000002'] }, 'SelectNumberRuleNotNull');
		await fails('CreateTask', { ...TASK, NumberList: ['13700000002'] }, 'IllegalArgument'); // not this pool's
		await fails('CreateTask', { ...TASK, ForbidTimeList: [{ Weekdays: [8], Times: ['12:00-13:00'] }] }, 'IllegalArgument');
		await fails('CreateTask', { ...TASK, NumberPoolNo: 'NPNONE' }, 'IllegalArgument');
		emulator.state.addPool({ numberPoolNo: 'NPEMPTY', name: 'empty', subServiceType: 'DUAL', numbers: [] });
		await fails('CreateTask', { ...TASK, NumberPoolNo: 'NPEMPTY' }, 'NoNumberUnderNumberPool');
		expect((await list()).Total).toBe(0);
	});

	it('PhoneList: at most 10000 entries per request (PhoneListExceedLimit, nothing created)', async () => {
		const phones = Array.from({ length: 10001 }, (_, i) => ({ Phone: `138${String(i).padStart(8, '0')}`, PhoneParam: { time: 'a', code: 'b' } }));
		await fails('CreateTask', { ...TASK, PhoneList: phones }, 'PhoneListExceedLimit');
		expect((await list()).Total).toBe(0);
		const { TaskOpenId, FailList } = await create({ PhoneList: phones.slice(0, 10000) });
		expect(FailList).toEqual([]);
		expect((await list({ Keyword: TaskOpenId })).Records[0].ListNum).toBe(10000);
	});

	it(`at most ${MAX_RUNNING_TASKS} running tasks (ExceedTaskNumLimit); a stopped one makes room`, async () => {
		const ids = [];
		for (let i = 0; i < MAX_RUNNING_TASKS; i++) ids.push((await create({ Name: `t${i}` })).TaskOpenId);
		await fails('CreateTask', TASK, 'ExceedTaskNumLimit');
		await create({ Start: false }); // a task not started does not count
		await ok('StopTask', { TaskOpenId: ids[0] }, 'postQuery');
		await create();
	});
});

describe('BatchAppend and UpdateTask', () => {
	it('BatchAppend adds to the list; duplicates of earlier entries fail; Index is the position in this request', async () => {
		const { TaskOpenId } = await create({ PhoneList: [entry('13800000001')] });
		const { Result } = await ok('BatchAppend', { TaskOpenId, PhoneList: [entry('13800000002'), entry('13800000001')] });
		expect(Result).toEqual({ TaskOpenId, FailList: [{ Index: 1, Phone: '13800000001', Type: 'REDUPLICATED_ITEM', Desc: expect.any(String) }] });
		expect((await list()).Records[0].ListNum).toBe(2);
		expect((await list({ Phone: '13800000002' })).Total).toBe(1);
		expect((await list({ Phone: '13800000009' })).Total).toBe(0);
	});

	it('BatchAppend: TaskNotFound, PhoneListExceedLimit (nothing added), TaskWrongState after StopTask', async () => {
		await fails('BatchAppend', { TaskOpenId: 'T0', PhoneList: [entry('13800000002')] }, 'TaskNotFound');
		const { TaskOpenId } = await create();
		const many = Array.from({ length: 10001 }, (_, i) => entry(`139${String(i).padStart(8, '0')}`));
		await fails('BatchAppend', { TaskOpenId, PhoneList: many }, 'PhoneListExceedLimit');
		expect((await list()).Records[0].ListNum).toBe(0);
		await ok('StopTask', { TaskOpenId }, 'postQuery');
		await fails('BatchAppend', { TaskOpenId, PhoneList: [entry('13800000002')] }, 'TaskWrongState');
	});

	it('UpdateTask changes the window and concurrency; answers the TaskOpenId', async () => {
		const { TaskOpenId } = await create();
		const { Result } = await ok('UpdateTask', { TaskOpenId, StartTime: '2026-12-03 12:00:00', EndTime: '2026-12-04 12:00:00', Concurrency: 8, RingAgainTimes: 2 });
		expect(Result).toEqual({ TaskOpenId });
		expect((await list()).Records[0]).toMatchObject({ StartTime: '2026-12-03 12:00:00', EndTime: '2026-12-04 12:00:00' });
		await fails('UpdateTask', { TaskOpenId, StartTime: '2026-12-03 12:00:00', EndTime: '2026-12-04 12:00:00', Concurrency: 500 }, 'ExceedMaxConcurrency');
		await fails('UpdateTask', { TaskOpenId: 'T0', StartTime: '2026-12-03 12:00:00', EndTime: '2026-12-04 12:00:00', Concurrency: 8 }, 'TaskNotFound');
	});
});

describe('PauseTask, ResumeTask, StopTask', () => {
	it('POST with TaskOpenId in the query and an empty body; the answer is ResponseMetadata only', async () => {
		const { TaskOpenId } = await create();
		const paused = await ok('PauseTask', { TaskOpenId }, 'postQuery');
		expect(Object.keys(paused)).toEqual(['ResponseMetadata']);
		const request = emulator.requests[emulator.requests.length - 1];
		expect(request).toMatchObject({ method: 'POST', action: 'PauseTask', rawBody: '', params: { TaskOpenId } });
		expect((await list()).Records[0].State).toBe(STATE.paused);
		expect(Object.keys(await ok('ResumeTask', { TaskOpenId }, 'postQuery'))).toEqual(['ResponseMetadata']);
		expect((await list({ State: [STATE.running] })).Total).toBe(1);
		expect(Object.keys(await ok('StopTask', { TaskOpenId }, 'postQuery'))).toEqual(['ResponseMetadata']);
		expect((await list({ State: [STATE.stopped] })).Records[0].TaskOpenId).toBe(TaskOpenId);
	});

	it('a move the state does not allow is TaskWrongState; an unknown task TaskNotFound', async () => {
		const { TaskOpenId } = await create();
		expect(await fails('ResumeTask', { TaskOpenId }, 'TaskWrongState', 'postQuery')).toBe(`Task ${TaskOpenId} is running`);
		await ok('StopTask', { TaskOpenId }, 'postQuery');
		await fails('PauseTask', { TaskOpenId }, 'TaskWrongState', 'postQuery');
		await fails('StopTask', { TaskOpenId }, 'TaskWrongState', 'postQuery');
		await fails('PauseTask', { TaskOpenId: 'T0' }, 'TaskNotFound', 'postQuery');
		await fails('PauseTask', {}, 'IllegalArgument', 'postQuery');
	});

	it('a task past its EndTime has finished: it cannot be resumed', async () => {
		const { TaskOpenId } = await create({ Start: false });
		clock = new Date('2026-12-03T12:30:00Z'); // 20:30 Beijing
		expect((await list()).Records[0].State).toBe(STATE.finished);
		await fails('ResumeTask', { TaskOpenId }, 'TaskWrongState', 'postQuery');
	});
});

describe('QueryTaskList', () => {
	it('pages newest first and filters by Keyword, State, ResourceType and Resource', async () => {
		const ids = [];
		for (let i = 0; i < 5; i++) ids.push((await create({ Name: `batch ${i}` })).TaskOpenId);
		await create({ Name: 'audio one', Type: 0, Resource: AUDIO });
		const page = await list({ Limit: 2, Offset: 1 });
		expect(page).toMatchObject({ Total: 6, Limit: 2, Offset: 1 });
		expect(page.Records.map((r) => r.Name)).toEqual(['batch 4', 'batch 3']);
		expect((await list()).Limit).toBe(10);
		expect((await list({ Keyword: 'batch' })).Total).toBe(5);
		expect((await list({ ResourceType: 0 })).Records.map((r) => r.Name)).toEqual(['audio one']);
		expect((await list({ Resource: TTS })).Total).toBe(5);
		await ok('PauseTask', { TaskOpenId: ids[2] }, 'postQuery');
		expect((await list({ State: [STATE.paused, STATE.stopped] })).Records.map((r) => r.TaskOpenId)).toEqual([ids[2]]);
		await fails('QueryTaskList', { State: [9] }, 'IllegalArgument');
		await fails('QueryTaskList', { Limit: 101 }, 'IllegalArgument');
	});

	it('ThroughRate and FinishRate follow the counts (set through the state, as a test would)', async () => {
		const { TaskOpenId } = await create({ PhoneList: [entry('13800000001'), entry('13800000002'), entry('13800000003'), entry('13800000004')] });
		Object.assign(emulator.state.voiceTasks.tasks.get(TaskOpenId), { CalledNum: 2, ThroughNum: 1 });
		expect((await list()).Records[0]).toMatchObject({ ListNum: 4, CalledNum: 2, ThroughNum: 1, ThroughRate: 50, FinishRate: 50 });
	});
});
