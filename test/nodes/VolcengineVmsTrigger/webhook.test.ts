/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): a loopback node:http server serves the files the trigger downloads; setTimeout delays an answer so downloads overlap */
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
/** A voice notification's CDR (reference A.4, C.3): subServiceType 102 with the notification's ids and the keys pressed. */
const notification = (callId: string, digits: string, extra: object = {}) =>
	JSON.stringify({
		accountId: 'acc',
		callId,
		messageType: 2,
		serviceType: 100,
		subServiceType: 102,
		cdrType: 1,
		callResult: 1,
		beginCallTime: 1607588903123,
		callDuration: 9,
		singleOpenId: `alert-${callId}`,
		taskOpenId: '',
		ext: 'incident-77',
		digits,
		...extra,
	});
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

	it('takes a Max Timestamp Age that is set, and 0 turns the check off', async () => {
		const body = cdr('C3');
		const old = signPush(body, { timestamp: now() - 4 * 3600 });
		expect((await deliver({ body, query: old, workflowId: wf() })).status).toBe(200);
		const refused = await deliver({ body, query: old, workflowId: wf(), parameters: { options: { maxTimestampAge: 10800 } } });
		expect([refused.status, refused.items, refused.body]).toEqual([401, undefined, 'Unauthorized']);
		expect(refused.logs[0].message).toBe(
			'Volcengine VMS Trigger refused a push (401): the timestamp is more than 10800 s old (a replay, or a push delayed that long)',
		);
		const month = signPush(body, { timestamp: now() - 30 * 24 * 3600 });
		const off = await deliver({ body, query: month, workflowId: wf(), parameters: { options: { maxTimestampAge: 0 } } });
		expect([off.status, off.items?.length]).toEqual([200, 1]);
	});
});

describe('Volcengine VMS Trigger: replays under default options (an attacker who once saw a push)', () => {
	const DAY = 24 * 3600;
	afterEach(() => jest.restoreAllMocks());
	/** n8n's clock (the trigger reads Date.now) set to `seconds` from now. */
	const realNow = Date.now.bind(Date);
	const clockAt = (seconds: number) => {
		jest.restoreAllMocks();
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + seconds * 1000);
	};
	const refusedFor = (result: Awaited<ReturnType<typeof deliver>>, reason: string | RegExp) => {
		expect([result.status, result.items, result.body, result.staticDataChanged]).toEqual([401, undefined, 'Unauthorized', false]);
		expect(result.logs[0].message).toMatch(reason);
	};

	it('refuses a signed push captured 30 days ago, in a workflow saved before the option existed (no options at all)', async () => {
		const body = cdr('RP1');
		const captured = signPush(body, { timestamp: now() - 30 * DAY });
		refusedFor(await deliver({ body, query: captured, workflowId: wf() }), /the timestamp is more than 86400 s old/);
		// Other options set, Max Timestamp Age never added: the same.
		const saved = { options: { deduplicate: true, downloadRecording: false } };
		refusedFor(await deliver({ body, query: captured, workflowId: wf(), parameters: saved }), /more than 86400 s old/);
	});

	it('refuses a push dated in the year 2286, and one 6 minutes ahead; accepts 4 minutes ahead (clock skew)', async () => {
		const body = cdr('RP2');
		refusedFor(await deliver({ body, query: signPush(body, { timestamp: 9999999999 }), workflowId: wf() }), /more than 300 s in the future/);
		refusedFor(await deliver({ body, query: signPush(body, { timestamp: now() + 360 }), workflowId: wf() }), /in the future/);
		expect((await deliver({ body, query: signPush(body, { timestamp: now() + 240 }), workflowId: wf() })).items).toHaveLength(1);
	});

	it('refuses a call record replayed 25 hours later (past the de-duplication window), in the same process and after a restart', async () => {
		const workflowId = wf();
		const body = cdr('RP3');
		const query = signPush(body);
		const first = await deliver({ body, query, workflowId, staticData: {} });
		expect(first.items).toHaveLength(1);
		// A sweeper re-push 2 hours later with the first timestamp is still a duplicate (200, nothing started).
		clockAt(2 * 3600);
		expect((await deliver({ body, query, workflowId, staticData: first.staticData })).body).toMatchObject({ started: 0, duplicates: 1 });
		clockAt(25 * 3600);
		refusedFor(await deliver({ body, query, workflowId, staticData: first.staticData }), /more than 86400 s old/);
		refusedFor(await deliver({ body, query, workflowId, nodeId: 'after-restart', staticData: {} }), /more than 86400 s old/);
	});

	it('refuses a call status push replayed after a restart: a duplicate within 10 minutes, refused after', async () => {
		const workflowId = wf();
		const body = status('RP4', 3);
		const query = signPush(body);
		const first = await deliver({ body, query, workflowId, staticData: {} });
		expect(first.items).toHaveLength(1);
		// n8n restarted (empty memory), static data as saved: replayed 2 minutes later…
		const saved = () => JSON.parse(JSON.stringify(first.staticData));
		clockAt(120);
		const soon = await deliver({ body, query, workflowId, nodeId: 'restarted-1', staticData: saved() });
		expect([soon.status, soon.items, soon.body]).toEqual([200, undefined, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }]);
		// …or 11 minutes, or an hour later: VMS never re-pushes call status, so it is refused.
		for (const [later, node] of [[11 * 60, 'restarted-2'], [3600, 'restarted-3']] as const) {
			clockAt(later);
			refusedFor(await deliver({ body, query, workflowId, nodeId: node, staticData: saved() }), /call status is never re-pushed, and the timestamp is more than 600 s old/);
		}
		// Also when the static data was lost (another process that never saw it).
		clockAt(11 * 60);
		refusedFor(await deliver({ body, query, workflowId: wf(), staticData: {} }), /call status is never re-pushed/);
	});

	it('a call status push within 10 minutes of its timestamp starts the workflow; a smaller Max Timestamp Age wins', async () => {
		const body = status('RP5', 1);
		expect((await deliver({ body, query: signPush(body, { timestamp: now() - 540 }), workflowId: wf() })).items).toHaveLength(1);
		const smaller = { options: { maxTimestampAge: 60 } };
		refusedFor(await deliver({ body, query: signPush(body, { timestamp: now() - 120 }), workflowId: wf(), parameters: smaller }), /more than 60 s old/);
		// Turned off explicitly: nothing is refused for its age.
		const off = { options: { maxTimestampAge: 0 } };
		expect((await deliver({ body, query: signPush(body, { timestamp: now() - 3600 }), workflowId: wf(), parameters: off })).items).toHaveLength(1);
	});
});

describe('Volcengine VMS Trigger: "__proto__" and "constructor" in a signed push', () => {
	const hostile = (fields: string) => `{${fields},"__proto__":{"isAdmin":true,"callId":"FORGED"},"constructor":{"prototype":{"isAdmin":true}}}`;

	it.each([
		['callStatus', hostile('"callId":"P1","messageType":1,"eventType":3,"eventTime":"1700000000"'), 'eventTypeName'],
		['callRecord', hostile('"callId":"P2","messageType":2,"callResult":7,"beginCallTime":1607588903123'), 'callResultName'],
		['smsRecord', hostile('"callId":"P3","messageType":2,"cdrType":2,"callResult":1001'), 'callResultName'],
		['recording', hostile('"callId":"P4","messageType":3,"audioRecordModel":3'), 'audioRecordModelName'],
		['numberStatus', hostile('"number":"137","numberStatus":1'), 'numberStatusName'],
		['unknown', hostile('"hello":"world"'), undefined],
	])('a %s item keeps them as plain own fields, with the plain prototype', async (kind, body, named) => {
		const { items } = await deliver({ body, workflowId: wf() });
		expect(items).toHaveLength(1);
		const json = items![0].json;
		expect(json.kind).toBe(kind);
		expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
		expect(Object.getOwnPropertyDescriptor(json, '__proto__')?.value).toEqual({ isAdmin: true, callId: 'FORGED' });
		expect(Object.getOwnPropertyDescriptor(json, 'constructor')?.value).toEqual({ prototype: { isAdmin: true } });
		expect((json as { isAdmin?: unknown }).isAdmin).toBeUndefined();
		if (named) expect(json[named]).toEqual(expect.any(String));
		expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
	});

	it('a "__proto__" key does not change the de-duplication key of the message', async () => {
		const workflowId = wf();
		expect((await deliver({ body: cdr('P5'), workflowId })).items).toHaveLength(1);
		const replayed = JSON.stringify({ ...JSON.parse(cdr('P5')) }).replace(/}$/, ',"__proto__":{"callId":"OTHER"}}');
		expect((await deliver({ body: replayed, workflowId })).body).toMatchObject({ started: 0, duplicates: 1 });
	});
});

describe('Volcengine VMS Trigger: a push larger than the de-duplication memory', () => {
	it('20,001 call records in one array, pushed twice: started once, then all duplicates, also after a restart', async () => {
		const workflowId = wf();
		const body = `[${Array.from({ length: 20001 }, (_, i) => cdr(`BIG${i}`)).join(',')}]`;
		const first = await deliver({ body, workflowId, staticData: {} });
		expect(first.items).toHaveLength(20001);
		const again = await deliver({ body, workflowId, staticData: first.staticData });
		expect([again.items, again.body]).toEqual([undefined, { received: 20001, started: 0, duplicates: 20001, filteredOut: 0 }]);
		const restarted = await deliver({ body, workflowId, nodeId: 'big-restarted', staticData: JSON.parse(JSON.stringify(first.staticData)) });
		expect(restarted.body).toEqual({ received: 20001, started: 0, duplicates: 20001, filteredOut: 0 });
	}, 60000);
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

describe('Volcengine VMS Trigger: voice notification records (version 2)', () => {
	it('a signed voice notification CDR starts the workflow as kind voiceNotificationRecord, digits and ids as pushed', async () => {
		const body = notification('VN1', '1');
		const { status: code, body: answer, items } = await deliver({ body, typeVersion: 2, workflowId: wf() });
		expect([code, answer]).toEqual([200, { received: 1, started: 1, duplicates: 0, filteredOut: 0 }]);
		expect(items!.map((i) => i.json)).toEqual([
			{
				kind: 'voiceNotificationRecord',
				...JSON.parse(body),
				callResultName: 'answered',
				subServiceTypeName: 'voice notification',
				beginCallTimeIso: '2020-12-10T16:28:23.123+08:00',
			},
		]);
	});

	it('version 1 is unchanged: the same push is a callRecord there, with default Events and with Events = Call Record', async () => {
		const body = notification('VN2', '1');
		for (const parameters of [{}, { events: ['callRecord'] }]) {
			const { items } = await deliver({ body, parameters, typeVersion: 1, workflowId: wf() });
			expect(items!.map((i) => [i.json.kind, i.json.digits, i.json.singleOpenId])).toEqual([['callRecord', '1', 'alert-VN2']]);
		}
	});

	it('version 2 with Events = Call Record starts nothing for it; Events = Voice Notification Record starts only for it', async () => {
		const body = `[${cdr('VN3a')},${notification('VN3b', '1')}]`;
		const records = await deliver({ body, parameters: { events: ['callRecord'] }, typeVersion: 2, workflowId: wf() });
		expect(records.items!.map((i) => [i.json.kind, i.json.callId])).toEqual([['callRecord', 'VN3a']]);
		expect(records.body).toEqual({ received: 2, started: 1, duplicates: 0, filteredOut: 1 });
		const notifications = await deliver({ body, parameters: { events: ['voiceNotificationRecord'] }, typeVersion: 2, workflowId: wf() });
		expect(notifications.items!.map((i) => [i.json.kind, i.json.callId])).toEqual([['voiceNotificationRecord', 'VN3b']]);
	});

	it('Digits Pressed "1": the callee who pressed 1 starts the workflow; other keys, none, and other kinds as chosen', async () => {
		const parameters = { events: ['callRecord', 'voiceNotificationRecord'], digits: '1' };
		const body = `[${notification('VN4a', '1')},${notification('VN4b', '2')},${notification('VN4c', '')},${cdr('VN4d')}]`;
		const { items, body: answer } = await deliver({ body, parameters, typeVersion: 2, workflowId: wf() });
		expect(items!.map((i) => [i.json.kind, i.json.callId])).toEqual([
			['voiceNotificationRecord', 'VN4a'],
			['callRecord', 'VN4d'],
		]);
		expect(answer).toEqual({ received: 4, started: 2, duplicates: 0, filteredOut: 2 });
	});

	it('Digits Pressed takes several keys and an expression', async () => {
		const body = `[${notification('VN5a', '1')},${notification('VN5b', '2')},${notification('VN5c', '3')}]`;
		for (const digits of ['1, 2', "={{ ['1', '2'].join(',') }}"]) {
			const parameters = { events: ['voiceNotificationRecord'], digits };
			const { items } = await deliver({ body, parameters, typeVersion: 2, workflowId: wf() });
			expect(items!.map((i) => i.json.digits)).toEqual(['1', '2']);
		}
	});

	it('answers 401 and starts nothing, without throwing, when the Digits Pressed expression throws', async () => {
		const parameters = { events: ['voiceNotificationRecord'], digits: "={{ $('No Such Node').item.json.key }}" };
		const refused = await deliver({ body: notification('VN6', '1'), parameters, typeVersion: 2, workflowId: wf() });
		expect([refused.status, refused.items, refused.body]).toEqual([401, undefined, 'Unauthorized']);
		expect(refused.logs[0].message).toMatch(/^Volcengine VMS Trigger refused a push \(401\): the trigger's Digits Pressed could not be read/);
	});

	it('de-duplicates a re-pushed record (fresh signature), also after a restart; a ring-again call (another callId) starts', async () => {
		const workflowId = wf();
		const body = notification('VN7', '1');
		const first = await deliver({ body, typeVersion: 2, workflowId, staticData: {} });
		expect(first.items).toHaveLength(1);
		const stored = JSON.parse(JSON.stringify(first.staticData));
		const again = await deliver({ body, query: signPush(body, { timestamp: now() + 30 }), typeVersion: 2, workflowId });
		expect([again.items, again.body]).toEqual([undefined, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }]);
		const ringAgain = notification('VN7b', '1', { singleOpenId: 'alert-VN7' });
		expect((await deliver({ body: ringAgain, typeVersion: 2, workflowId })).items).toHaveLength(1);
		// Another node id: a store with empty memory, like another process or n8n after a restart.
		const other = await deliver({ body, typeVersion: 2, workflowId, nodeId: 'trigger-after-restart', staticData: stored });
		expect([other.items, other.body]).toEqual([undefined, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }]);
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

	it('writes the keys to the static data (call status for a short time only), which another process (or a restart) reads', async () => {
		const workflowId = wf();
		const { staticData, staticDataChanged } = await deliver({ body: `[${cdr('D5')},${status('D5', 1)}]`, workflowId });
		expect(staticDataChanged).toBe(true);
		const { dedup, dedupRecent } = staticData['node:VMS Trigger'] as Record<string, Record<string, number>>;
		// The CDR for 24 h; the call status (never re-pushed, refused after 10 minutes) in the short-lived set.
		expect(Object.keys(dedup)).toHaveLength(1);
		expect(Object.keys(dedupRecent)).toHaveLength(1);
		expect(Object.values(dedup)[0]).toBeGreaterThan(now() - 60);

		// Another node id: a store with empty memory, like another process or n8n after a restart.
		const fresh = { workflowId, nodeId: 'trigger-after-restart', staticData: JSON.parse(JSON.stringify(staticData)) };
		const cdrAgain = await deliver({ body: cdr('D5'), ...fresh });
		expect([cdrAgain.items, cdrAgain.staticDataChanged]).toEqual([undefined, false]);
		const statusAgain = await deliver({ body: status('D5', 1), ...fresh });
		expect([statusAgain.status, statusAgain.items, statusAgain.body]).toEqual([200, undefined, { received: 1, started: 0, duplicates: 1, filteredOut: 0 }]);
	});

	it('does not write the static data for a push that stores no new key', async () => {
		const workflowId = wf();
		const staticData = {};
		expect((await deliver({ body: status('D6', 1), workflowId, staticData })).staticDataChanged).toBe(true);
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
	const seen = { active: 0, maxActive: 0, requests: 0, endlessBytes: 0 };

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			const path = new URL(req.url ?? '/', 'http://x').pathname;
			if (path.startsWith('/slow/')) {
				seen.requests++;
				seen.active++;
				seen.maxActive = Math.max(seen.maxActive, seen.active);
				res.on('close', () => seen.active--);
				setTimeout(() => res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(MP3), 10);
			} else if (path.startsWith('/endless/')) {
				res.writeHead(200, { 'content-type': 'audio/wav' });
				const chunk = Buffer.alloc(64 * 1024, 7);
				const pump = () => {
					while (!res.destroyed) {
						seen.endlessBytes += chunk.length;
						if (!res.write(chunk)) return void res.once('drain', pump);
					}
				};
				pump();
			} else if (path === '/a/R1.mp3') res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(MP3);
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

	it('a push of 200 recordings with 3 files each: at most 4 downloads at once, every file downloaded', async () => {
		const body = `[${Array.from({ length: 200 }, (_, i) =>
			recording(`M${i}`, {
				audioRecordUrl: `${base}/slow/M${i}.mp3`,
				audioRecordLeftUrl: `${base}/slow/M${i}-left.wav`,
				audioRecordRightUrl: `${base}/slow/M${i}-right.wav`,
			}),
		).join(',')}]`;
		Object.assign(seen, { active: 0, maxActive: 0, requests: 0 });
		const { status: code, items } = await deliver({ body, parameters: download, workflowId: wf() });
		expect(code).toBe(200);
		expect(items).toHaveLength(200);
		expect(seen.requests).toBe(600);
		expect(seen.maxActive).toBeGreaterThan(1);
		expect(seen.maxActive).toBeLessThanOrEqual(4);
		expect(items!.every((item) => Object.keys(item.binary ?? {}).length === 3 && item.json.downloadErrors === undefined)).toBe(true);
	}, 60000);

	it('stops a recording whose body never ends at Max Recording Size; the item says so and keeps the good file', async () => {
		const body = recording('R6', { audioRecordUrl: `${base}/a/R1.mp3`, audioRecordLeftUrl: `${base}/endless/R6-left.wav` });
		seen.endlessBytes = 0;
		const parameters = { options: { downloadRecording: true, maxRecordingSize: 2 } };
		const { status: code, items } = await deliver({ body, parameters, workflowId: wf() });
		expect(code).toBe(200);
		expect(Object.keys(items![0].binary!)).toEqual(['data']);
		expect(items![0].json.downloadErrors).toEqual({
			dataLeft: 'The recording is larger than the limit of 2 MB and was not downloaded; raise Max Recording Size to keep it',
		});
		expect(items![0].json.audioRecordLeftUrl).toBe(`${base}/endless/R6-left.wav`);
		// Backpressure: the server could write only the limit plus socket buffers (before: 1.2 GB in 8 s).
		expect(seen.endlessBytes).toBeLessThan(2 * 1024 * 1024 + 32 * 1024 * 1024);
	}, 60000);

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

	it('offers every kind, all selected by default, in each version; version 2 adds the voice notification record', () => {
		const events = trigger.description.properties.filter((p) => p.name === 'events');
		expect(events.map((p) => p.displayOptions?.show?.['@version'])).toEqual([[{ _cnd: { gte: 2 } }], [1]]);
		for (const p of events) expect(p.default).toEqual(p.options!.map((o) => (o as { value: string }).value));
		const [v2, v1] = events.map((p) => p.default as string[]);
		expect(v2.filter((kind) => !v1.includes(kind))).toEqual(['voiceNotificationRecord']);
		expect(v1).toEqual(['callStatus', 'callRecord', 'smsRecord', 'recording', 'numberStatus', 'riskControl', 'resourceReview', 'unknown']);
		expect([trigger.description.version, trigger.description.defaultVersion]).toEqual([[1, 2], 2]);
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
