'use strict';
// Voice Notification Task in a real n8n (issue 15): one task from 25 input items with per-item TTS variables (one
// CreateTask, every output item carrying the taskOpenId), then Pause and Resume (TaskOpenId in the query, empty
// body, an answer without Result), each state seen through Get Many. Workflow: test/e2e/workflows/voice-task.json.
const { runWorkflow, ofAction } = require('./harness');

const json = (items) => items.map((i) => i.json);

describe('voice notification task in real n8n', () => {
	test('create a task from 25 items with per-item variables, pause it, resume it', async () => {
		const res = await runWorkflow('voice-task');
		for (const r of res.requests) {
			expect({ action: r.action, signature: r.signature.ok, error: r.response.code || null }).toEqual({ action: r.action, signature: true, error: null });
		}
		expect(res.requests.map((r) => r.action)).toEqual(['CreateTask', 'PauseTask', 'QueryTaskList', 'ResumeTask', 'QueryTaskList']);

		// One CreateTask with all 25 numbers, each with its own variables and Ext; the JSON body was signed as sent.
		const inputs = json(res.items('Items'));
		const [create] = ofAction(res.requests, 'CreateTask');
		const body = JSON.parse(create.rawBody);
		expect(body).toMatchObject({
			Name: 'Parcel reminders',
			NumberPoolNo: 'NP160084061100694439',
			Type: 1,
			Resource: 'RT0001APPROVED',
			StartTime: '2030-01-01 09:00:00',
			EndTime: '2030-01-01 20:00:00',
			Concurrency: 5,
			RingAgainTimes: 1,
		});
		expect(body.PhoneList).toEqual(inputs.map((i) => ({ Phone: i.phone, PhoneParam: { time: i.time, code: i.code }, Ext: i.order })));

		const created = res.items('Create Task');
		expect(created).toHaveLength(25);
		const taskOpenId = created[0].json.taskOpenId;
		expect(taskOpenId).toMatch(/^T\d+/);
		created.forEach((item, i) => {
			expect(item.json).toEqual({ taskOpenId, phone: inputs[i].phone, ext: inputs[i].order });
			expect(item.pairedItem).toEqual({ item: i });
		});

		// Pause and Resume: POST, TaskOpenId in the query, empty body; success without a Result.
		for (const action of ['PauseTask', 'ResumeTask']) {
			const [request] = ofAction(res.requests, action);
			expect({ method: request.method, rawBody: request.rawBody, taskOpenId: new URLSearchParams(request.rawQuery).get('TaskOpenId') }).toEqual({
				method: 'POST',
				rawBody: '',
				taskOpenId,
			});
		}
		expect(json(res.items('Pause'))).toEqual([{ success: true, taskOpenId }]);
		expect(json(res.items('Paused Tasks'))).toEqual([expect.objectContaining({ TaskOpenId: taskOpenId, State: 2, StateName: 'paused', ListNum: 25 })]);
		expect(json(res.items('Resume'))).toEqual([{ success: true, taskOpenId }]);
		expect(json(res.items('Running Tasks'))).toEqual([expect.objectContaining({ TaskOpenId: taskOpenId, State: 1, StateName: 'running', ResourceTypeName: 'tts' })]);
	});
});
