'use strict';
// The Volcengine VMS Trigger in a running n8n: published workflows, the emulator placing calls and pushing
// signed events to n8n's production webhook URL <n8n>/webhook/<webhookId>/webhook, executions read back
// through n8n's REST API. The trigger answers 200 before n8n writes the execution, so executions are
// awaited (waitForExecutions), never counted at once; "starts nothing" is shown by a valid push sent
// afterwards being the only new execution.
const { startServer, workflowId, emulator, CREDENTIALS, ofAction, n8nMajor } = require('./harness');

const TOKEN = CREDENTIALS.push.data.authToken;
const TRIGGER = { workflow: 'trigger-events', webhookId: '0f6a3c2e-7d41-4b8e-9a35-5c1d2e3f4a01' };
const EXAMPLE = { workflow: 'example-call-ended-fetch-cdr-and-recording', webhookId: '3d9e1f7a-52c4-4e0b-8f61-a2b3c4d5e6f7' };
/** Trigger version 2, Events = Voice Notification Record, Digits Pressed = 1. */
const NOTIFY = { workflow: 'trigger-voice-notification', webhookId: '6c1e8b2d-4f3a-4d5e-9b7c-8a9f0e1d2c3b' };
const AXN_POOL = 'NP160084061100694433';
const DUAL_POOL = 'NP160084061100694439';
const EVENT_NAMES = { 1: 'start', 2: 'ringing', 3: 'answered', 4: 'ended' };
const BEIJING_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+08:00$/;

let server;
/** Executions of each workflow seen so far: waitForExecutions counts all of a workflow's executions. */
const seen = {};

beforeAll(async () => {
	server = await startServer({
		publish: [TRIGGER.workflow, EXAMPLE.workflow, NOTIFY.workflow],
		waitForWebhooks: [TRIGGER, EXAMPLE, NOTIFY].map(({ webhookId }) => ({ method: 'POST', path: `${webhookId}/webhook` })),
	});
});

afterAll(async () => {
	if (server) await server.stop();
});

/** Fresh emulator state; pushes go to `target`'s production URL (127.0.0.1: n8n listens there only). */
async function pushTo(target) {
	await emulator.reset();
	await emulator.pushTarget(`http://127.0.0.1:${server.port}/webhook/${target.webhookId}/webhook`, TOKEN);
}

/** Waits for `count` more finished executions of `target`'s workflow; resolves just those, oldest first. */
async function newExecutions(target, count) {
	const before = seen[target.workflow] || 0;
	seen[target.workflow] = before + count;
	const all = await server.waitForExecutions({ workflowId: workflowId(target.workflow), count: before + count });
	return all.slice(before);
}

async function ok(action, params) {
	const { body } = await emulator.action(action, params);
	expect(body.ResponseMetadata.Error).toBeUndefined();
	return body.Result;
}

/** An active AXN binding that records its calls. */
async function bindAxn(phoneNoA = '13900000021', phoneNoB = '13900000121') {
	const result = await ok('BindAXN', {
		NumberPoolNo: AXN_POOL,
		PhoneNoX: '13700000002',
		PhoneNoA: phoneNoA,
		PhoneNoB: phoneNoB,
		ExpireTime: Math.floor(Date.now() / 1000) + 3600,
		AudioRecordFlag: 1,
		UserData: 'order-7',
	});
	return result.SubId;
}

/** The only item of an execution's trigger (or another node). */
function onlyItem(execution, node = 'VMS Trigger') {
	const items = execution.items(node);
	expect(items).toHaveLength(1);
	return items[0];
}

/** The trigger item of a pushed message: every field as pushed, `kind`, names, ISO times in Beijing time. */
function expectItemOf(json, message) {
	expect(json).toMatchObject(message);
	const added = Object.keys(json).filter((key) => !(key in message));
	switch (message.messageType) {
		case 1:
			expect(json).toMatchObject({ kind: 'callStatus', eventTypeName: EVENT_NAMES[message.eventType] });
			expect(json.eventTimeIso).toMatch(BEIJING_ISO);
			expect(Date.parse(json.eventTimeIso)).toBe(Number(message.eventTime) * 1000);
			expect(added.sort()).toEqual(['eventTimeIso', 'eventTypeName', 'kind']);
			break;
		case 2: {
			expect(json.kind).toBe('callRecord');
			const times = Object.keys(message).filter((key) => /Time$/.test(key) && message[key] > 0);
			for (const key of times) {
				expect(json[`${key}Iso`]).toMatch(BEIJING_ISO);
				expect(Date.parse(json[`${key}Iso`])).toBe(message[key]);
			}
			const names = ['callResultName', 'subServiceTypeName', ...(message.secretCallType ? ['secretCallTypeName'] : [])];
			expect(added.sort()).toEqual(['kind', ...names, ...times.map((key) => `${key}Iso`)].sort());
			break;
		}
		case 3:
			expect(json).toMatchObject({ kind: 'recording', audioRecordModelName: message.audioRecordModel === 3 ? 'mixed' : 'caller on the left channel' });
			expect(added.sort()).toEqual(['audioRecordModelName', 'kind']);
			break;
		default:
			throw new Error(`unexpected message ${JSON.stringify(message)}`);
	}
}

/** The bytes the emulator serves at a recording link. */
async function fileAt(url) {
	const res = await fetch(url);
	expect(res.status).toBe(200);
	return Buffer.from(await res.arrayBuffer());
}

/** Checks a binary property against the file at `url`: name, MIME type, size and bytes. */
async function expectBinaryOf(binary, url, { fileName, mimeType }) {
	const expected = await fileAt(url);
	expect(binary).toMatchObject({ fileName, mimeType });
	// 2.x keeps the file apart (read back through the REST API); 1.x keeps it in the execution as base64.
	if (n8nMajor() >= 2) expect(binary.id).toMatch(/^filesystem-v2:workflows\/.+\/executions\/\d+\/binary_data\//);
	else expect(typeof binary.data).toBe('string');
	const bytes = await server.binaryData(binary);
	expect(bytes.length).toBe(expected.length);
	expect(bytes.equals(expected)).toBe(true);
}

const summaryOf = (push) => JSON.parse(push.response);

describe('Volcengine VMS Trigger in n8n (published, production URL)', () => {
	test('a recorded call through an AXN binding: 4 call status events, the CDR and the recording each start one execution; the split recording arrives as binary', async () => {
		await pushTo(TRIGGER);
		const subId = await bindAxn();
		const played = await emulator.call({ subId, split: true, duration: 30 });
		expect(played.pushes.map((p) => [p.kind, p.status])).toEqual([
			['status', 200],
			['status', 200],
			['status', 200],
			['status', 200],
			['cdr', 200],
			['recording', 200],
		]);
		expect(played.pushes.map(summaryOf)).toEqual(played.pushes.map(() => ({ received: 1, started: 1, duplicates: 0, filteredOut: 0 })));

		const executions = await newExecutions(TRIGGER, 6);
		expect(executions.map((e) => [e.status, e.mode])).toEqual(executions.map(() => ['success', 'webhook']));
		// n8n may write them in another order than the pushes came: match by what they carry.
		const items = executions.map((e) => onlyItem(e));
		const key = (m) => `${m.messageType}|${m.eventType ?? ''}`;
		expect(items.map((i) => key(i.json)).sort()).toEqual(played.messages.map(key).sort());
		for (const item of items) expectItemOf(item.json, played.messages.find((m) => key(m) === key(item.json)));

		const status = items.find((i) => i.json.kind === 'callStatus' && i.json.eventType === 3).json;
		expect(status).toMatchObject({ callId: played.callId, subscriptionId: subId, phoneNoX: '13700000002', userData: 'order-7', eventTypeName: 'answered' });
		const cdr = items.find((i) => i.json.kind === 'callRecord').json;
		expect(cdr).toMatchObject({ callResult: 1, callResultName: 'answered', subServiceTypeName: 'AXN', secretCallTypeName: 'A to B', callDuration: 30 });

		const recording = items.find((i) => i.json.kind === 'recording');
		expect(recording.json).not.toHaveProperty('downloadErrors');
		expect(Object.keys(recording.binary)).toEqual(['data', 'dataLeft', 'dataRight']);
		const message = played.messages.find((m) => m.messageType === 3);
		await expectBinaryOf(recording.binary.data, message.audioRecordUrl, { fileName: `${played.callId}.mp3`, mimeType: 'audio/mpeg' });
		await expectBinaryOf(recording.binary.dataLeft, message.audioRecordLeftUrl, { fileName: `${played.callId}-left.wav`, mimeType: 'audio/wav' });
		await expectBinaryOf(recording.binary.dataRight, message.audioRecordRightUrl, { fileName: `${played.callId}-right.wav`, mimeType: 'audio/wav' });
	});

	test('a Click2Call: the status events of both legs (same callId and eventType, another party) each start one execution', async () => {
		await pushTo(TRIGGER);
		const { CallId } = await ok('Click2Call', { Caller: '13900000031', Callee: '13900000131', CallerNumberPoolNo: DUAL_POOL, CalleeNumberPoolNo: DUAL_POOL, UserData: 'ticket-9' });
		const played = await emulator.call({ callId: CallId, duration: 12 });
		expect(played.callId).toBe(CallId);
		expect(played.pushes.map((p) => p.status)).toEqual(played.messages.map(() => 200));
		expect(played.messages.map((m) => m.messageType)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 3]);

		const items = (await newExecutions(TRIGGER, 10)).map((e) => {
			expect([e.status, e.mode]).toEqual(['success', 'webhook']);
			return onlyItem(e).json;
		});
		const key = (m) => `${m.messageType}|${m.party ?? ''}|${m.eventType ?? ''}`;
		expect(items.map(key).sort()).toEqual(played.messages.map(key).sort());
		for (const json of items) expectItemOf(json, played.messages.find((m) => key(m) === key(json)));
		const cdr = items.find((json) => json.kind === 'callRecord');
		expect(cdr).toMatchObject({ callId: CallId, userData: 'ticket-9', subServiceTypeName: 'click to call', callResultName: 'answered' });
		expect(cdr.callerCallingTimeIso).toMatch(BEIJING_ISO);
		expect(items.find((json) => json.kind === 'recording').audioRecordModelName).toBe('mixed');
	});

	test('a push with a wrong token, without authCode, without timestamp, or with its body changed after signing gets 401 and starts nothing; a body that is not JSON gets 422 from n8n', async () => {
		await pushTo(TRIGGER);
		const cdr = { accountId: '2100000001', callId: 'NMrefused01', messageType: 2, cdrType: 1, callResult: 1, endTime: Date.now() };
		const bad = ['wrongToken', 'noAuthCode', 'noTimestamp', 'tamperedBody'];
		for (const kind of bad) await emulator.sendPush({ body: cdr, bad: kind });
		// Valid signature, but the JSON does not parse: n8n's body parser refuses it before the trigger runs.
		await emulator.sendPush({ raw: '{"callId": "NMrefused02", "messageType": 2' });
		// Then a good push: the only execution.
		const good = { ...cdr, callId: 'NMaccepted01' };
		await emulator.sendPush({ body: good });

		const pushes = await emulator.pushes();
		expect(pushes.map((p) => [p.bad ?? 'signed', p.status])).toEqual([
			['wrongToken', 401],
			['noAuthCode', 401],
			['noTimestamp', 401],
			['tamperedBody', 401],
			['signed', 422],
			['signed', 200],
		]);
		// The caller learns no reason: that goes to n8n's log.
		for (const push of pushes.slice(0, 4)) expect(push.response).toBe('Unauthorized');
		expect(pushes[3].signedBody).toBe(JSON.stringify(cdr)); // the emulator changed the body after signing it

		const [execution] = await newExecutions(TRIGGER, 1);
		expect(onlyItem(execution).json).toMatchObject({ kind: 'callRecord', callId: 'NMaccepted01' });
		// Nothing else arrived meanwhile (waitForExecutions fails on more than expected).
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await server.executions({ workflowId: workflowId(TRIGGER.workflow) })).toHaveLength(seen[TRIGGER.workflow]);
	});

	test('a re-pushed CDR starts nothing: the same push again, and again with a fresh timestamp and authCode', async () => {
		await pushTo(TRIGGER);
		const subId = await bindAxn('13900000041', '13900000141');
		const played = await emulator.call({ subId, messages: 'cdr', duplicate: 'cdr' });
		await new Promise((resolve) => setTimeout(resolve, 1100)); // a timestamp of another second
		const again = await emulator.repeatPush({ seq: 1, freshTimestamp: true });
		expect(again.timestamp).not.toBe(played.pushes[0].timestamp);
		expect(again.authCode).not.toBe(played.pushes[0].authCode);
		const answers = [...played.pushes, again].map((p) => [p.status, summaryOf(p)]);
		expect(answers).toEqual([
			[200, { received: 1, started: 1, duplicates: 0, filteredOut: 0 }],
			[200, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }],
			[200, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }],
		]);
		const [execution] = await newExecutions(TRIGGER, 1);
		expect(onlyItem(execution).json).toMatchObject({ kind: 'callRecord', callId: played.callId });
		// A new message afterwards is the next execution: the re-pushes started none.
		await emulator.sendPush({ body: { ...played.messages[0], callId: 'NMafterRepush' } });
		const [next] = await newExecutions(TRIGGER, 1);
		expect(onlyItem(next).json.callId).toBe('NMafterRepush');
	});

	test('an array push starts one execution with one item per message, in order', async () => {
		await pushTo(TRIGGER);
		const subId = await bindAxn('13900000051', '13900000151');
		const played = await emulator.call({ subId, batch: true });
		expect(played.pushes).toHaveLength(1);
		expect(JSON.parse(played.pushes[0].body)).toHaveLength(6);
		expect(summaryOf(played.pushes[0])).toEqual({ received: 6, started: 6, duplicates: 0, filteredOut: 0 });

		const [execution] = await newExecutions(TRIGGER, 1);
		expect(execution.status).toBe('success');
		const items = execution.items('VMS Trigger');
		expect(items.map((i) => i.json.kind)).toEqual(['callStatus', 'callStatus', 'callStatus', 'callStatus', 'callRecord', 'recording']);
		items.forEach((item, i) => expectItemOf(item.json, played.messages[i]));
		expect(items[5].binary.data).toMatchObject({ fileName: `${played.callId}.mp3`, mimeType: 'audio/mpeg' });
	});
});

/** A voice notification's call record as VMS pushes it (reference A.4, C.3): subServiceType 102, its ids, the keys pressed. */
const notificationRecord = (callId, digits) => ({
	accountId: '2100000001',
	callId,
	messageType: 2,
	serviceType: 100,
	subServiceType: 102,
	cdrType: 1,
	callee: '13900000091',
	callResult: 1,
	callDuration: 11,
	beginCallTime: Date.now() - 15000,
	endTime: Date.now(),
	singleOpenId: `alert-${callId}`,
	taskOpenId: '',
	ext: 'incident-77',
	digits,
});

describe('Volcengine VMS Trigger version 2 in n8n: voice notification call records', () => {
	test('Digits Pressed 1: the record of a callee who pressed 1 starts the workflow as voiceNotificationRecord; another key starts nothing; a re-push starts nothing', async () => {
		await pushTo(NOTIFY);
		const pressed1 = notificationRecord('VNe2e01', '1');
		const pushes = [
			await emulator.sendPush({ body: notificationRecord('VNe2e02', '2') }),
			await emulator.sendPush({ body: pressed1 }),
			await emulator.sendPush({ body: pressed1 }),
			// A privacy-number CDR is not a voice notification record: not in Events.
			await emulator.sendPush({ body: { ...pressed1, callId: 'VNe2eAxn', subServiceType: 202, singleOpenId: '', ext: '' } }),
		];
		expect(pushes.map((p) => [p.status, summaryOf(p)])).toEqual([
			[200, { received: 1, started: 0, duplicates: 0, filteredOut: 1 }],
			[200, { received: 1, started: 1, duplicates: 0, filteredOut: 0 }],
			[200, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }],
			[200, { received: 1, started: 0, duplicates: 0, filteredOut: 1 }],
		]);
		const [execution] = await newExecutions(NOTIFY, 1);
		expect([execution.status, execution.mode]).toEqual(['success', 'webhook']);
		const { json } = onlyItem(execution);
		expect(json).toEqual({
			kind: 'voiceNotificationRecord',
			...pressed1,
			callResultName: 'answered',
			subServiceTypeName: 'voice notification',
			beginCallTimeIso: expect.stringMatching(BEIJING_ISO),
			endTimeIso: expect.stringMatching(BEIJING_ISO),
		});
		// Nothing else arrived meanwhile.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await server.executions({ workflowId: workflowId(NOTIFY.workflow) })).toHaveLength(seen[NOTIFY.workflow]);
	});

	test('a trigger saved as version 1 (all events) still receives it as callRecord, as before version 2', async () => {
		await pushTo(TRIGGER);
		const record = notificationRecord('VNe2eV1', '1');
		expect((await emulator.sendPush({ body: record })).status).toBe(200);
		const [execution] = await newExecutions(TRIGGER, 1);
		expect(onlyItem(execution).json).toMatchObject({ kind: 'callRecord', callId: 'VNe2eV1', digits: '1', subServiceTypeName: 'voice notification' });
	});
});

describe('Volcengine VMS Trigger example examples/call-ended-fetch-cdr-and-recording.workflow.json in n8n', () => {
	test('call ended → Get Records → Get Recording (download): one execution per CDR; the record with Beijing times and names, the recording as binary', async () => {
		await pushTo(EXAMPLE);
		const subId = await bindAxn('13900000061', '13900000161');
		const played = await emulator.call({ subId, duration: 20 });
		// Only the CDR passes the trigger's filter; the status and recording pushes are answered 200.
		expect(played.pushes.map((p) => [p.kind, p.status, summaryOf(p).started])).toEqual([
			['status', 200, 0],
			['status', 200, 0],
			['status', 200, 0],
			['status', 200, 0],
			['cdr', 200, 1],
			['recording', 200, 0],
		]);

		const [execution] = await newExecutions(EXAMPLE, 1);
		expect([execution.status, execution.mode]).toEqual(['success', 'webhook']);
		expect(onlyItem(execution, 'When a call ends').json).toMatchObject({ kind: 'callRecord', callId: played.callId });
		const record = onlyItem(execution, 'Get call record');
		expect(record.pairedItem).toEqual({ item: 0 });
		expect(record.json).toMatchObject({ CallId: played.callId, SubscriptionId: subId, CallResult: 1, CallResultName: 'answered', SubServiceTypeName: 'AXN', CallDuration: 20 });
		expect(record.json.BeginCallTimeIso).toMatch(BEIJING_ISO);
		expect(Date.parse(record.json.EndTimeIso)).toBe(record.json.EndTime);

		const recording = onlyItem(execution, 'Download recording');
		expect(recording.pairedItem).toEqual({ item: 0 });
		expect(recording.json).toMatchObject({ CallId: played.callId, AudioRecordFileUrl: expect.stringContaining(`/recordings/${played.callId}.mp3?`) });
		expect(Object.keys(recording.binary)).toEqual(['data']);
		await expectBinaryOf(recording.binary.data, recording.json.AudioRecordFileUrl, { fileName: `${played.callId}.mp3`, mimeType: 'audio/mpeg' });

		// The workflow's VMS requests, signed with the API credential: one query each.
		const requests = await emulator.requests();
		expect(requests.map((r) => [r.action, r.signature.ok])).toEqual([
			['BindAXN', true],
			['QueryCallRecordMsg', true],
			['QueryAudioRecordFileUrl', true],
		]);
		expect(ofAction(requests, 'QueryCallRecordMsg')[0].params).toEqual({ CallIdList: played.callId });
	});

	test('an unanswered call: the record says "no answer", and Download recording gives an error item (Continue On Fail), the execution succeeds', async () => {
		await pushTo(EXAMPLE);
		const subId = await bindAxn('13900000071', '13900000171');
		const played = await emulator.call({ subId, answered: false });
		expect(played.pushes.map((p) => p.kind)).toEqual(['status', 'status', 'status', 'cdr']);

		const [execution] = await newExecutions(EXAMPLE, 1);
		expect(execution.status).toBe('success');
		expect(onlyItem(execution, 'Get call record').json).toMatchObject({ CallId: played.callId, CallResult: 7, CallResultName: 'no answer', StartTime: 0 });
		expect(onlyItem(execution, 'Get call record').json).not.toHaveProperty('StartTimeIso');
		const failed = onlyItem(execution, 'Download recording');
		expect(failed.json).toEqual({ error: `Call ${played.callId} has no recording to download`, description: expect.stringContaining('not answered') });
		expect(failed.binary).toBeUndefined();
	});
});

describe('Volcengine VMS Trigger: de-duplication across an n8n restart', () => {
	test('a CDR and a call status delivered before the restart start nothing when pushed again after it (workflow static data); an old capture gets 401', async () => {
		await pushTo(TRIGGER);
		const subId = await bindAxn('13900000081', '13900000181');
		const played = await emulator.call({ subId, messages: 'status,cdr', record: false });
		const status = played.messages.find((m) => m.messageType === 1 && m.eventType === 4);
		const cdr = played.messages.find((m) => m.messageType === 2);
		await newExecutions(TRIGGER, played.messages.length);

		await server.stop();
		server = await startServer({ waitForWebhooks: [{ method: 'POST', path: `${TRIGGER.webhookId}/webhook` }] });
		await emulator.pushTarget(`http://127.0.0.1:${server.port}/webhook/${TRIGGER.webhookId}/webhook`, TOKEN);

		const again = [await emulator.sendPush({ body: cdr }), await emulator.sendPush({ body: status })];
		expect(again.map((p) => [p.status, summaryOf(p)])).toEqual([
			[200, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }],
			// Call status is kept for a short time too (VMS never re-pushes it, so a copy is a replay).
			[200, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }],
		]);
		// Replays of captures: the call status 11 minutes old, the CDR 25 hours old, one dated 2286 (default options).
		const old = [
			await emulator.sendPush({ body: { ...status, callId: 'NMold1' }, timestampOffset: -11 * 60 }),
			await emulator.sendPush({ body: { ...cdr, callId: 'NMold2' }, timestampOffset: -25 * 3600 }),
			await emulator.sendPush({ body: { ...cdr, callId: 'NMold3' }, timestampOffset: 9999999999 - Math.floor(Date.now() / 1000) }),
		];
		expect(old.map((p) => p.status)).toEqual([401, 401, 401]);
		// A new message afterwards is the only new execution: nothing above started one.
		await emulator.sendPush({ body: { ...cdr, callId: 'NMafterRestart' } });
		const [execution] = await newExecutions(TRIGGER, 1);
		expect(onlyItem(execution).json).toMatchObject({ kind: 'callRecord', callId: 'NMafterRestart' });
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await server.executions({ workflowId: workflowId(TRIGGER.workflow) })).toHaveLength(seen[TRIGGER.workflow]);
	});
});
