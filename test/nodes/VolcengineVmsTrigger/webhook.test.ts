/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code (runs in jest, not in n8n): a loopback node:http server serves the files the trigger downloads */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ICredentialTestFunctions, INodeType } from 'n8n-workflow';

import { loadPackage } from '../../helpers/n8n';
import { AUTH_TOKEN, TRIGGER_TYPE, deliver, signPush } from '../../helpers/webhook';

let nextWorkflow = 0;
/** Each test its own workflow, so that de-duplication state never leaks between tests. */
const wf = () => `wf-${++nextWorkflow}`;

const now = () => Math.floor(Date.now() / 1000);
const status = (callId: string, eventType: number) =>
	JSON.stringify({ accountId: 'acc', callId, messageType: 1, eventType, eventTime: String(now()), userData: 'order-42' });
const cdr = (callId: string) =>
	JSON.stringify({ accountId: 'acc', callId, messageType: 2, callResult: 7, beginCallTime: 1607588903123, callDuration: 0 });
const recording = (callId: string, urls: Record<string, string>) =>
	JSON.stringify({ accountId: 'acc', callId, messageType: 3, audioRecordModel: 3, ...urls });

describe('Volcengine VMS Trigger: verification (n8n-core WebhookContext)', () => {
	it('starts the workflow with one item for a signed push, and answers 200 at once', async () => {
		const body = status('C1', 3);
		const { status: code, body: answer, items, result } = await deliver({ body, workflowId: wf() });
		expect(code).toBe(200);
		expect(answer).toEqual({ received: 1, started: 1, duplicates: 0, filteredOut: 0 });
		// The node answered itself, so n8n must not answer again.
		expect(result.noWebhookResponse).toBe(true);
		expect(items).toHaveLength(1);
		expect(items![0].json).toEqual({
			kind: 'callStatus',
			...JSON.parse(body),
			eventTypeName: 'answered',
			eventTimeIso: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
		});
	});

	it.each([
		['a wrong token', { query: signPush(status('C1', 1), { token: 'WrongToken99' }) }, 'the authCode does not match'],
		['no authCode', { query: { timestamp: String(now()) } }, 'the authCode query parameter is missing'],
		['no timestamp', { query: { authCode: signPush(status('C1', 1)).authCode } }, 'the timestamp query parameter is missing'],
		['another timestamp', { query: { ...signPush(status('C1', 1)), timestamp: String(now() + 1) } }, 'does not match'],
		['no query at all', { query: {} }, 'the timestamp query parameter is missing'],
	])('answers 401 and starts nothing for a push with %s; the reason is logged, not answered', async (_case, overrides, reason) => {
		const { status: code, body, result, items, staticDataChanged, logs } = await deliver({
			body: status('C1', 1),
			workflowId: wf(),
			...overrides,
		});
		expect(code).toBe(401);
		expect(body).toBe('Unauthorized');
		expect(logs).toEqual([{ level: 'warn', message: expect.stringContaining(reason) }]);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(items).toBeUndefined();
		expect(staticDataChanged).toBe(false);
	});

	it('answers 401 for a body changed after signing, even by a space', async () => {
		const body = status('C1', 1);
		const { status: code, items } = await deliver({ body: body.replace(':', ': '), query: signPush(body), workflowId: wf() });
		expect(code).toBe(401);
		expect(items).toBeUndefined();
	});

	it('answers 401 and starts nothing when the credential has no token, or the node no credential', async () => {
		const empty = await deliver({ body: status('C1', 1), credentials: { authToken: '' }, workflowId: wf() });
		expect([empty.status, empty.items, empty.body]).toEqual([401, undefined, 'Unauthorized']);
		expect(empty.logs[0].message).toBe('Volcengine VMS Trigger refused a push (401): the credential has no auth token');
		const none = await deliver({ body: status('C1', 1), credentials: null, workflowId: wf() });
		// The credential's error text stays in n8n's log.
		expect([none.status, none.items, none.body]).toEqual([401, undefined, 'Unauthorized']);
		expect(none.logs[0].message).toContain('no usable Volcengine VMS Push API credential');
	});

	it('answers 401 and starts nothing, without throwing, when an options expression throws', async () => {
		const parameters = { options: { maxTimestampAge: "={{ $('No Such Node').item.json.age }}" } };
		for (const query of [{}, undefined]) {
			const refused = await deliver({ body: status('C1', 1), query, parameters, workflowId: wf() });
			expect([refused.status, refused.items, refused.body]).toEqual([401, undefined, 'Unauthorized']);
			expect(refused.logs[0].message).toMatch(/^Volcengine VMS Trigger refused a push \(401\): the trigger's options could not be read/);
		}
	});

	it('never puts the token into an answer', async () => {
		const answers = await Promise.all([
			deliver({ body: status('C1', 1), query: signPush(status('C1', 1), { token: 'x'.repeat(12) }), workflowId: wf() }),
			deliver({ body: status('C1', 1), query: {}, workflowId: wf() }),
		]);
		for (const { body } of answers) expect(JSON.stringify(body)).not.toContain(AUTH_TOKEN);
	});

	it('verifies the bytes as sent: a pretty-printed body is not re-serialized', async () => {
		const body = JSON.stringify(JSON.parse(cdr('C2')), null, 2);
		const { status: code, items } = await deliver({ body, workflowId: wf() });
		expect(code).toBe(200);
		expect(items![0].json).toMatchObject({ kind: 'callRecord', callId: 'C2' });
	});

	it('reads the body itself when n8n did not (a content type it does not parse)', async () => {
		const body = JSON.stringify(JSON.parse(cdr('C2')), null, 2);
		const { status: code, items } = await deliver({ body, rawBodyUnread: true, workflowId: wf() });
		expect(code).toBe(200);
		expect(items![0].json).toMatchObject({ kind: 'callRecord', callId: 'C2', callResultName: 'no answer' });
	});

	it('checks the timestamp age only with the option set', async () => {
		const body = cdr('C3');
		const old = signPush(body, { timestamp: now() - 4 * 3600 });
		expect((await deliver({ body, query: old, workflowId: wf() })).status).toBe(200);
		const refused = await deliver({ body, query: old, workflowId: wf(), parameters: { options: { maxTimestampAge: 10800 } } });
		expect([refused.status, refused.items, refused.body]).toEqual([401, undefined, 'Unauthorized']);
		expect(refused.logs[0].message).toBe('Volcengine VMS Trigger refused a push (401): the timestamp is more than 10800 s away from now');
	});
});

describe('Volcengine VMS Trigger: items and filters', () => {
	it('gives one item per message of an array push, in order', async () => {
		const body = `[${status('C4', 1)},${status('C4', 2)},${cdr('C4')}]`;
		const { items, body: answer } = await deliver({ body, workflowId: wf() });
		expect(answer).toEqual({ received: 3, started: 3, duplicates: 0, filteredOut: 0 });
		expect(items!.map((i) => [i.json.kind, i.json.eventTypeName ?? i.json.callResultName])).toEqual([
			['callStatus', 'start'],
			['callStatus', 'ringing'],
			['callRecord', 'no answer'],
		]);
	});

	it('answers 200 and starts nothing for an empty array', async () => {
		const { status: code, items } = await deliver({ body: '[]', workflowId: wf() });
		expect([code, items]).toEqual([200, undefined]);
	});

	it('passes a signed body that is not JSON on as text', async () => {
		const { items } = await deliver({ body: 'not json', workflowId: wf() });
		expect(items!.map((i) => i.json)).toEqual([{ kind: 'unknown', body: 'not json' }]);
	});

	it('starts only for the chosen kinds; the others are answered 200 and start nothing', async () => {
		const parameters = { events: ['callRecord'] };
		const workflowId = wf();
		const skipped = await deliver({ body: status('C5', 4), parameters, workflowId });
		expect([skipped.status, skipped.items, skipped.body]).toEqual([
			200,
			undefined,
			{ received: 1, started: 0, duplicates: 0, filteredOut: 1 },
		]);
		const started = await deliver({ body: `[${status('C5', 4)},${cdr('C5')}]`, parameters, workflowId });
		expect(started.items!.map((i) => i.json.kind)).toEqual(['callRecord']);
		expect(started.body).toMatchObject({ started: 1, filteredOut: 1 });
	});

	it('starts only for the chosen call status events', async () => {
		const body = `[${[1, 2, 3, 4].map((e) => status('C6', e)).join(',')}]`;
		const { items } = await deliver({ body, parameters: { callStatusEvents: ['answered', 'ended'] }, workflowId: wf() });
		expect(items!.map((i) => i.json.eventTypeName)).toEqual(['answered', 'ended']);
	});
});

describe('Volcengine VMS Trigger: de-duplication', () => {
	it('starts nothing for a message pushed again, even with a new timestamp and signature', async () => {
		const workflowId = wf();
		const body = cdr('D1');
		expect((await deliver({ body, workflowId })).items).toHaveLength(1);
		const again = await deliver({ body, query: signPush(body, { timestamp: now() + 30 }), workflowId });
		expect([again.status, again.items, again.body]).toEqual([200, undefined, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }]);
	});

	it('emits a message once when an array repeats it, and only the new ones of a mixed array', async () => {
		const workflowId = wf();
		const first = await deliver({ body: `[${cdr('D2')},${cdr('D2')}]`, workflowId });
		expect(first.items).toHaveLength(1);
		const second = await deliver({ body: `[${cdr('D2')},${status('D2', 4)}]`, workflowId });
		expect(second.items!.map((i) => i.json.kind)).toEqual(['callStatus']);
		expect(second.body).toMatchObject({ started: 1, duplicates: 1 });
	});

	it('keeps triggers apart: the same message starts each workflow once', async () => {
		const body = cdr('D3');
		expect((await deliver({ body, workflowId: wf() })).items).toHaveLength(1);
		expect((await deliver({ body, workflowId: wf() })).items).toHaveLength(1);
	});

	it('starts every push when the option is off', async () => {
		const workflowId = wf();
		const parameters = { options: { deduplicate: false } };
		for (let i = 0; i < 2; i++) expect((await deliver({ body: cdr('D4'), parameters, workflowId })).items).toHaveLength(1);
	});

	it('writes the keys of re-pushed kinds to the static data, which another process (or a restart) reads', async () => {
		const workflowId = wf();
		const { staticData, staticDataChanged } = await deliver({ body: `[${cdr('D5')},${status('D5', 1)}]`, workflowId });
		expect(staticDataChanged).toBe(true);
		const stored = (staticData['node:VMS Trigger'] as { dedup: Record<string, number> }).dedup;
		// The CDR only: call status is never re-pushed, so it stays in memory.
		expect(Object.keys(stored)).toHaveLength(1);
		expect(Object.values(stored)[0]).toBeGreaterThan(now() - 60);

		// Another node id: a store with empty memory, like another process or n8n after a restart.
		const fresh = { workflowId, nodeId: 'trigger-after-restart', staticData: JSON.parse(JSON.stringify(staticData)) };
		const cdrAgain = await deliver({ body: cdr('D5'), ...fresh });
		expect([cdrAgain.items, cdrAgain.staticDataChanged]).toEqual([undefined, false]);
		expect((await deliver({ body: status('D5', 1), ...fresh })).items).toHaveLength(1);
	});

	it('does not write the static data for a push that stores no new key', async () => {
		const workflowId = wf();
		expect((await deliver({ body: status('D6', 1), workflowId, staticData: {} })).staticDataChanged).toBe(false);
		const filtered = await deliver({ body: cdr('D6'), workflowId, staticData: {}, parameters: { events: ['callStatus'] } });
		expect(filtered.staticDataChanged).toBe(false);
	});

	it('on the test URL, de-duplicates in memory, apart from production, and leaves the static data alone', async () => {
		const workflowId = wf();
		const body = cdr('D7');
		const staticData = { 'node:VMS Trigger': { dedup: {} } };
		expect((await deliver({ body, workflowId })).items).toHaveLength(1);
		const test = await deliver({ body, workflowId, mode: 'manual', staticData });
		expect([test.items?.length, test.staticDataChanged]).toEqual([1, false]);
		expect((await deliver({ body, workflowId, mode: 'manual', staticData })).items).toBeUndefined();
	});
});

describe('Volcengine VMS Trigger: recording download', () => {
	const MP3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x64]);
	const WAV = Buffer.from('RIFF\u0024\u0000\u0000\u0000WAVEfmt ');
	let server: http.Server;
	let base: string;

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			const path = new URL(req.url ?? '/', 'http://x').pathname;
			if (path === '/a/R1.mp3') res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(MP3);
			else if (path.endsWith('-left.wav') || path.endsWith('-right.wav')) res.writeHead(200, { 'content-type': 'audio/wav' }).end(WAV);
			else res.writeHead(403).end('<Error>AccessDenied</Error>');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	const download = { options: { downloadRecording: true } };

	it('downloads the recording into binary property "data", named and typed after the URL', async () => {
		const body = recording('R1', { audioRecordUrl: `${base}/a/R1.mp3?x-expires=1700000000&x-signature=abc` });
		const { items } = await deliver({ body, parameters: download, workflowId: wf() });
		const { json, binary } = items![0];
		expect(json).toMatchObject({ kind: 'recording', callId: 'R1', audioRecordModelName: 'mixed' });
		expect(json).not.toHaveProperty('downloadErrors');
		expect(binary!.data).toMatchObject({ fileName: 'R1.mp3', mimeType: 'audio/mpeg', fileExtension: 'mp3' });
		expect(Buffer.from(binary!.data.data, 'base64')).toEqual(MP3);
	});

	it('puts split channels into "dataLeft" and "dataRight", as Call → Get Recording does', async () => {
		const body = recording('R2', { audioRecordLeftUrl: `${base}/a/R2-left.wav?x-expires=1`, audioRecordRightUrl: `${base}/a/R2-right.wav` });
		const { items } = await deliver({ body, parameters: download, workflowId: wf() });
		expect(Object.keys(items![0].binary!)).toEqual(['dataLeft', 'dataRight']);
		expect(items![0].binary!.dataLeft).toMatchObject({ fileName: 'R2-left.wav', mimeType: 'audio/wav' });
		expect(Buffer.from(items![0].binary!.dataRight.data, 'base64')).toEqual(WAV);
	});

	it('still starts the workflow when the download fails, with the reason', async () => {
		const body = recording('R3', { audioRecordUrl: `${base}/a/R3.mp3?x-expires=1` });
		const { status: code, items } = await deliver({ body, parameters: download, workflowId: wf() });
		expect(code).toBe(200);
		expect(items).toHaveLength(1);
		expect(items![0].binary).toBeUndefined();
		expect(items![0].json.downloadErrors).toEqual({
			data: 'The recording server answered HTTP 403: the link has probably expired; get a fresh one with Call → Get Recording',
		});
	});

	it('keeps the good files when one of several fails', async () => {
		const body = recording('R4', { audioRecordUrl: `${base}/a/R4.mp3`, audioRecordLeftUrl: `${base}/a/R4-left.wav` });
		const { items } = await deliver({ body, parameters: download, workflowId: wf() });
		expect(Object.keys(items![0].binary!)).toEqual(['dataLeft']);
		expect(Object.keys(items![0].json.downloadErrors as object)).toEqual(['data']);
	});

	it('downloads nothing unless asked', async () => {
		const body = recording('R5', { audioRecordUrl: `${base}/a/R1.mp3` });
		const { items } = await deliver({ body, workflowId: wf() });
		expect(items![0].binary).toBeUndefined();
		expect(items![0].json.audioRecordUrl).toBe(`${base}/a/R1.mp3`);
	});
});

describe('Volcengine VMS Trigger: description and credential test', () => {
	let trigger: INodeType;
	beforeAll(async () => {
		trigger = (await loadPackage()).nodeTypes[TRIGGER_TYPE] as INodeType;
	});

	it('listens on POST <n8n>/webhook/<webhookId>/webhook and answers on receipt', () => {
		expect(trigger.description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
		expect(trigger.description.inputs).toEqual([]);
	});

	it('offers every kind, all selected by default', () => {
		const events = trigger.description.properties.find((p) => p.name === 'events')!;
		expect(events.default).toEqual(events.options!.map((o) => (o as { value: string }).value));
	});

	const testToken = async (authToken: unknown) =>
		await trigger.methods!.credentialTest!.authTokenFormat.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'push',
			type: 'volcengineVmsPushApi',
			data: { authToken } as never,
		});

	it('tests the token format, the only check possible without a push', async () => {
		expect(trigger.description.credentials).toEqual([{ name: 'volcengineVmsPushApi', required: true, testedBy: 'authTokenFormat' }]);
		expect(await testToken(AUTH_TOKEN)).toMatchObject({ status: 'OK' });
		expect(await testToken('a'.repeat(20))).toMatchObject({ status: 'OK' });
		expect(await testToken('short')).toEqual({
			status: 'Error',
			message: 'A VMS auth token has 10 to 20 characters; this one has 5. Copy it from Business Settings → Basic Settings.',
		});
		expect(await testToken('a'.repeat(21))).toMatchObject({ status: 'Error' });
		expect(await testToken(`${AUTH_TOKEN}\n`)).toMatchObject({ status: 'Error', message: expect.stringContaining('spaces or line breaks') });
		expect(await testToken(undefined)).toMatchObject({ status: 'Error' });
	});
});
