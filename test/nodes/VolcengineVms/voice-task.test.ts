/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): reaches the built operation in dist/ by path (node:path, __dirname) */
/**
 * Voice Notification Task (issue 15) through real n8n-core against the emulator: one task from all input items
 * (CreateTask, then BatchAppend beyond 10,000 numbers), FailList entries failing their own item, shared parameters
 * refused when items disagree, Pause / Resume / Stop (TaskOpenId in the query, no Result), Update and Get Many.
 */
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { VmsOperation } from '../../../nodes/VolcengineVms/actions/operation';

import { locator, runNode } from '../../helpers/n8n';
import { DUAL_POOL, useEmulator } from '../../helpers/emulator';

const env = useEmulator();
/** The built Create operation, the same module instance n8n-core loads from dist/. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const builtCreate = require(path.join(__dirname, '../../../dist/nodes/VolcengineVms/actions/voiceTask/create.operation')).create as VmsOperation;
/** 'Your parcel ${code} arrives at ${time}.' (test/emulator/voiceResources.js) */
const TTS = 'RT0001APPROVED';

const phoneOf = (i: number) => `1380001${String(i).padStart(4, '0')}`;
/** `n` input items, each one number with its own TTS variables and order. */
const people = (n: number) => Array.from({ length: n }, (_, i) => ({ phone: phoneOf(i), time: `${10 + (i % 8)}:00`, code: `P${i}`, order: `order-${i}` }));

const CREATE = {
	resource: 'voiceTask',
	operation: 'create',
	name: 'Parcel reminders',
	numberPoolNo: locator(DUAL_POOL, 'id'),
	resourceType: 'tts',
	resourceKey: locator(TTS, 'id'),
	startTime: '2030-01-01T09:00:00+08:00',
	endTime: '2030-01-01 20:00:00',
	concurrency: 5,
	phone: '={{ $json.phone }}',
	additionalFields: { phoneParam: '={{ { time: $json.time, code: $json.code } }}', ext: '={{ $json.order }}' },
};

async function run(parameters: IDataObject, items: IDataObject[] = [{}], settings?: IDataObject) {
	const { credentials } = env();
	return await runNode({ parameters, items, credentials, typeVersion: 2, ...(settings ? { settings } : {}) });
}
async function ok(parameters: IDataObject, items?: IDataObject[]) {
	const result = await run(parameters, items);
	if (result.error) throw result.error;
	return result.items!;
}
const sent = (action: string) => env().emulator.requests.filter((r) => r.action === action);
const bodyOf = (action: string, n = 0) => JSON.parse(sent(action)[n].rawBody) as IDataObject;

/** Creates a task from `n` people; its TaskOpenId. */
async function createTask(n = 3, extra: IDataObject = {}) {
	const items = await ok({ ...CREATE, ...extra }, people(n));
	return items[0].json.taskOpenId as string;
}

describe('Voice Notification Task → Create', () => {
	it('one CreateTask for 25 items, each with its own variables; every output item carries the taskOpenId, paired with its input', async () => {
		const input = people(25);
		const items = await ok(CREATE, input);
		expect(sent('CreateTask')).toHaveLength(1);
		expect(env().emulator.requests).toHaveLength(1);
		const body = bodyOf('CreateTask');
		expect(body).toEqual({
			Name: 'Parcel reminders',
			NumberPoolNo: DUAL_POOL,
			Type: 1,
			Resource: TTS,
			StartTime: '2030-01-01 09:00:00',
			EndTime: '2030-01-01 20:00:00',
			Concurrency: 5,
			PhoneList: input.map((p) => ({ Phone: p.phone, PhoneParam: { time: p.time, code: p.code }, Ext: p.order })),
		});
		const taskOpenId = items[0].json.taskOpenId;
		expect(taskOpenId).toMatch(/^T\d+/);
		expect(items.map((i) => i.json)).toEqual(input.map((p) => ({ taskOpenId, phone: p.phone, ext: p.order })));
		expect(items.map((i) => i.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
	});

	it('times in any accepted form go as Beijing yyyy-MM-dd HH:mm:ss; optional settings are sent under their API names', async () => {
		await ok(
			{
				...CREATE,
				startTime: '2030-01-01T01:00:00Z',
				endTime: String(Date.UTC(2030, 0, 1, 12) / 1000),
				additionalFields: { start: false, maxRingDuration: 30, ringAgainTimes: 2, ringAgainInterval: 10, unique: false, finishWhenListEnd: true, forbidTimeList: '[{ "Weekdays": [1, 7], "Times": ["12:00-14:00"] }]', phoneParam: '={{ { time: $json.time, code: $json.code } }}' },
			},
			people(2),
		);
		expect(bodyOf('CreateTask')).toMatchObject({
			StartTime: '2030-01-01 09:00:00',
			EndTime: '2030-01-01 20:00:00',
			Start: false,
			MaxRingDuration: 30,
			RingAgainTimes: 2,
			RingAgainInterval: 10,
			Unique: false,
			FinishWhenListEnd: true,
			ForbidTimeList: [{ Weekdays: [1, 7], Times: ['12:00-14:00'] }],
		});
	});

	it('a number VMS refuses in FailList fails only its own item, with the reason (Continue On Fail)', async () => {
		const input = people(3);
		const { items, error } = await run(
			{ ...CREATE, additionalFields: { phoneParam: '={{ $json.code === "P1" ? { time: $json.time } : { time: $json.time, code: $json.code } }}' } },
			input,
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(sent('CreateTask')).toHaveLength(1);
		const taskOpenId = items![0].json.taskOpenId as string;
		expect(items![0].json).toEqual({ taskOpenId, phone: input[0].phone });
		expect(items![1].json.error).toBe(`VMS refused ${input[1].phone} in the task's phone list: TTS_PARAM_EMPTY (PhoneParam lacks code)`);
		expect(items![1].json.description).toContain(`task ${taskOpenId}`);
		expect(items![2].json).toEqual({ taskOpenId, phone: input[2].phone });
		expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('without Continue On Fail the node stops naming the refused item; the others are in the summary', async () => {
		const input = [...people(3), people(1)[0]]; // item 3 repeats item 0's number: REDUPLICATED_ITEM
		const { error } = await run(CREATE, input);
		expect(sent('CreateTask')).toHaveLength(1);
		expect(error!.message).toBe(`VMS refused ${input[0].phone} in the task's phone list: REDUPLICATED_ITEM (${input[0].phone} is already in the task)`);
		expect(error!.context).toMatchObject({ itemIndex: 3 });
		expect(String(error!.description)).toMatch(/Items 0-2 were sent and succeeded/);
	});

	it('a phone the node cannot read is refused before sending; with Continue On Fail the others still go in one request', async () => {
		const input = people(3);
		input[1].phone = '12345';
		const { items } = await run(CREATE, input, { continueOnFail: true });
		expect(items![1].json.error).toBe('Phone (phone): "12345" is not a valid phone number');
		expect(sent('CreateTask')).toHaveLength(1);
		expect((bodyOf('CreateTask').PhoneList as IDataObject[]).map((e) => e.Phone)).toEqual([input[0].phone, input[2].phone]);
		expect(items![2].json).toEqual({ taskOpenId: items![0].json.taskOpenId, phone: input[2].phone, ext: input[2].order });

		env().emulator.requests.length = 0;
		const stopped = await run(CREATE, input);
		expect(stopped.error!.message).toBe('Phone (phone): "12345" is not a valid phone number');
		expect(env().emulator.requests).toHaveLength(0);
	});

	it('more than `size` numbers: CreateTask with the first `size`, then BatchAppend per further `size` with the TaskOpenId', async () => {
		// The real size is 10,000 (checked below); 10,001 items take minutes of parameter reading in-process, so the
		// built operation's size is lowered for this test only (the emulator tests check 10,000 / 10,001 on the wire).
		expect(builtCreate.batch!.size).toBe(10000);
		builtCreate.batch!.size = 3;
		try {
			const input = people(7);
			const items = await ok(CREATE, input);
			expect(env().emulator.requests.map((r) => r.action)).toEqual(['CreateTask', 'BatchAppend', 'BatchAppend']);
			const taskOpenId = items[0].json.taskOpenId;
			const phones = (body: IDataObject) => (body.PhoneList as IDataObject[]).map((e) => e.Phone);
			expect(phones(bodyOf('CreateTask'))).toEqual(input.slice(0, 3).map((p) => p.phone));
			expect(bodyOf('BatchAppend', 0)).toEqual({ TaskOpenId: taskOpenId, PhoneList: input.slice(3, 6).map((p) => ({ Phone: p.phone, PhoneParam: { time: p.time, code: p.code }, Ext: p.order })) });
			expect(phones(bodyOf('BatchAppend', 1))).toEqual([input[6].phone]);
			expect(items.map((i) => i.json)).toEqual(input.map((p) => ({ taskOpenId, phone: p.phone, ext: p.order })));
			expect(items.map((i) => i.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
			const [task] = (await ok({ resource: 'voiceTask', operation: 'getMany', returnAll: true })).map((i) => i.json);
			expect(task).toMatchObject({ TaskOpenId: taskOpenId, ListNum: 7 });
		} finally {
			builtCreate.batch!.size = 10000;
		}
	});

	it('a BatchAppend after CreateTask that VMS refuses fails its items only; the first ones keep their taskOpenId', async () => {
		builtCreate.batch!.size = 2;
		try {
			env().emulator.injectError({ action: 'BatchAppend', code: 'TaskWrongState' });
			const { items } = await run(CREATE, people(3), { continueOnFail: true });
			const taskOpenId = items![0].json.taskOpenId;
			expect(taskOpenId).toMatch(/^T/);
			expect(items![1].json.taskOpenId).toBe(taskOpenId);
			expect(items![2].json).toMatchObject({ code: 'TaskWrongState' });
		} finally {
			builtCreate.batch!.size = 10000;
		}
	});

	it("the task's own parameters are read once, from the first item: one Name for one task, even from a per-item expression", async () => {
		const { items } = await run({ ...CREATE, name: '={{ "Reminders " + $json.code }}' }, people(3));
		expect(items!.map((i) => i.json.taskOpenId)).toEqual([expect.stringMatching(/^T/), items![0].json.taskOpenId, items![0].json.taskOpenId]);
		const sent = env().emulator.requests.filter((r) => r.action === 'CreateTask');
		expect(sent).toHaveLength(1);
		expect(sent[0].params).toMatchObject({ Name: 'Reminders P0' });
		expect((sent[0].params as unknown as { PhoneList: unknown[] }).PhoneList).toHaveLength(3);
	});

	it("a bad task parameter fails every item before sending, and says it is read from the first item", async () => {
		const { items } = await run({ ...CREATE, concurrency: '={{ $json.code === "P0" ? 0 : 5 }}' }, people(2), { continueOnFail: true });
		expect(env().emulator.requests).toHaveLength(0);
		expect(items!.map((i) => i.json.error)).toEqual([expect.stringMatching(/^Concurrency/), expect.stringMatching(/^Concurrency/)]);
		expect(items![1].json.description).toMatch(/Read once, from the first item: the whole CreateTask request takes one value/);
		expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('End Time before Start Time is refused before sending', async () => {
		const { error } = await run({ ...CREATE, endTime: '2030-01-01 08:00:00' }, people(1));
		expect(error!.message).toBe('End Time (endTime): 2030-01-01 08:00:00 is not after Start Time 2030-01-01 09:00:00 (Beijing time)');
		expect(env().emulator.requests).toHaveLength(0);
	});

	it('a CreateTask answer without TaskOpenId is an error for every item (the numbers went somewhere unknown)', async () => {
		env().emulator.faults.inject({ fault: 'result', action: 'CreateTask', result: { FailList: [] } });
		const { items } = await run(CREATE, people(2), { continueOnFail: true });
		expect(items!.map((i) => i.json.error)).toEqual([expect.stringMatching(/TaskOpenId/), expect.stringMatching(/TaskOpenId/)]);
	});

	it('a VMS error on CreateTask fails every item with the code', async () => {
		const { items } = await run({ ...CREATE, resourceKey: locator('RT0002PENDING', 'id') }, people(2), { continueOnFail: true });
		expect(items!.map((i) => i.json.code)).toEqual(['ResourceNotApproved', 'ResourceNotApproved']);
	});
});

describe('Voice Notification Task → Append, Update, Pause, Resume, Stop, Get Many', () => {
	it('append: one BatchAppend for all items; a number already in the task fails its own item', async () => {
		const taskOpenId = await createTask(2);
		const input = [people(3)[2], people(1)[0]];
		const { items } = await run(
			{ resource: 'voiceTask', operation: 'append', taskOpenId, phone: '={{ $json.phone }}', additionalFields: { phoneParam: '={{ { time: $json.time, code: $json.code } }}' } },
			input,
			{ continueOnFail: true },
		);
		expect(sent('BatchAppend')).toHaveLength(1);
		expect(bodyOf('BatchAppend')).toEqual({ TaskOpenId: taskOpenId, PhoneList: input.map((p) => ({ Phone: p.phone, PhoneParam: { time: p.time, code: p.code } })) });
		expect(items![0].json).toEqual({ taskOpenId, phone: input[0].phone });
		expect(items![1].json.error).toMatch(/REDUPLICATED_ITEM/);
	});

	it('pause, resume and stop: POST with TaskOpenId in the query and an empty body; { success, taskOpenId }; the state moves', async () => {
		const taskOpenId = await createTask();
		const state = async () => (await ok({ resource: 'voiceTask', operation: 'getMany', returnAll: true })).map((i) => i.json)[0];
		for (const [operation, action, name] of [
			['pause', 'PauseTask', 'paused'],
			['resume', 'ResumeTask', 'running'],
			['stop', 'StopTask', 'stopped'],
		]) {
			const items = await ok({ resource: 'voiceTask', operation, taskOpenId });
			expect(items.map((i) => i.json)).toEqual([{ success: true, taskOpenId }]);
			const [request] = sent(action);
			expect({ method: request.method, rawBody: request.rawBody, query: new URLSearchParams(request.rawQuery).get('TaskOpenId') }).toEqual({ method: 'POST', rawBody: '', query: taskOpenId });
			expect(await state()).toMatchObject({ TaskOpenId: taskOpenId, StateName: name });
		}
		const { error } = await run({ resource: 'voiceTask', operation: 'pause', taskOpenId });
		expect(error!.context).toMatchObject({ vmsCode: 'TaskWrongState' });
	});

	it('update: UpdateTask with the new window in Beijing time; success without relying on Result', async () => {
		const taskOpenId = await createTask();
		const items = await ok({ resource: 'voiceTask', operation: 'update', taskOpenId, startTime: '2030-01-02 09:00:00', endTime: '2030-01-02 18:00:00', concurrency: 8, additionalFields: { recall: true } });
		expect(items.map((i) => i.json)).toEqual([{ success: true, taskOpenId }]);
		expect(bodyOf('UpdateTask')).toEqual({ TaskOpenId: taskOpenId, StartTime: '2030-01-02 09:00:00', EndTime: '2030-01-02 18:00:00', Concurrency: 8, Recall: true });
	});

	it('get many: paged with Limit, filters sent under their API names, names and ISO times next to the codes', async () => {
		const ids = [];
		for (let i = 0; i < 3; i++) ids.push(await createTask(1, { name: `Campaign ${i}` }));
		await ok({ resource: 'voiceTask', operation: 'pause', taskOpenId: ids[1] });
		const limited = await ok({ resource: 'voiceTask', operation: 'getMany', returnAll: false, limit: 2 });
		expect(limited).toHaveLength(2);
		const filtered = await ok({
			resource: 'voiceTask',
			operation: 'getMany',
			returnAll: true,
			filters: { keyword: 'Campaign', state: [2, 3], resourceType: 'tts', resourceKey: TTS, phone: phoneOf(0) },
		});
		expect(bodyOf('QueryTaskList', sent('QueryTaskList').length - 1)).toEqual({ Keyword: 'Campaign', State: [2, 3], ResourceType: 1, Resource: TTS, Phone: phoneOf(0), Offset: 0, Limit: 100 });
		expect(filtered.map((i) => i.json)).toEqual([
			expect.objectContaining({
				TaskOpenId: ids[1],
				Name: 'Campaign 1',
				State: 2,
				StateName: 'paused',
				ResourceType: 1,
				ResourceTypeName: 'tts',
				StartTime: '2030-01-01 09:00:00',
				StartTimeIso: '2030-01-01T09:00:00+08:00',
				EndTimeIso: '2030-01-01T20:00:00+08:00',
				ListNum: 1,
			}),
		]);
	});
});
