'use strict';
// The package in n8n queue mode (`npm run test:queue`, see test/queue/README.md and docs/scaling.md):
// PostgreSQL 17, Redis, one main, two workers and a webhook processor (a second one for the
// de-duplication claims about several processes), each n8n process with the package installed in a
// user folder of its own. Everything is asserted from n8n's database, the workers' logs and the
// emulator's request and push logs.
const crypto = require('node:crypto');

const { startStack } = require('./stack');
const wf = require('./workflows');
const { signPush, post } = require('../emulator/push');

const log = (m) => process.stderr.write(`[queue] ${m}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const range = (n) => Array.from({ length: n }, (_, i) => i);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many of each are started at once in the first test (the issue's "20 times at once"). */
const RUNS = 20;
const ITEMS = 1000;

let stack;
let emu;
let db;
const testTimes = [];
let testStarted;

beforeAll(async () => {
	stack = await startStack({ build: process.env.QUEUE_BUILD !== '0', log });
	emu = stack.emulator;
	db = stack.db;
}, 15 * 60 * 1000);

beforeEach(() => {
	testStarted = Date.now();
});
afterEach(() => {
	testTimes.push({ name: expect.getState().currentTestName.replace(/^n8n queue mode: [^,]+, [^,]+, a webhook processor /, ''), ms: Date.now() - testStarted });
});

afterAll(async () => {
	if (stack) await stack.stop();
	const lines = [...(stack ? stack.timings : []).map((t) => `  ${t.step}: ${seconds(t.ms)}`), ...testTimes.map((t) => `  test "${t.name.slice(0, 90)}": ${seconds(t.ms)}`)];
	log(`timings:\n${lines.join('\n')}`);
}, 120 * 1000);

/** Requests the emulator received from index `from` on. */
const requestsSince = (from) => emu.requests.slice(from);

/** Which workers started and finished each execution, from their logs: { [executionId]: { started: [worker index], finished: [...] } }. */
function ranOn() {
	const where = {};
	stack.workers.forEach((w, i) => {
		const { started, finished } = w.jobs();
		for (const id of started) (where[id] ??= { started: [], finished: [] }).started.push(i);
		for (const id of finished) (where[id] ??= { started: [], finished: [] }).finished.push(i);
	});
	return where;
}

/**
 * Each execution was started and finished by exactly one worker, and by no other process. Waits for the
 * workers' log lines: a worker saves the execution before it logs "Worker finished execution".
 * Resolves the index of the worker of each execution.
 */
async function expectRanOnWorkers(executions, { timeoutMs = 30000 } = {}) {
	let where;
	for (const started = Date.now(); ; await sleep(200)) {
		where = ranOn();
		if (executions.every((e) => where[e.id] && where[e.id].finished.length > 0)) break;
		if (Date.now() - started > timeoutMs) break;
	}
	for (const e of executions) {
		const w = where[e.id] || { started: [], finished: [] };
		expect({ id: e.id, started: w.started.length, finished: w.finished.length, sameWorker: w.started[0] === w.finished[0] }).toEqual({
			id: e.id,
			started: 1,
			finished: 1,
			sameWorker: true,
		});
	}
	for (const s of [stack.main, ...stack.webhooks]) expect(s.log()).not.toMatch(/started execution/i);
	return executions.map((e) => where[e.id].started[0]);
}

/** Every request was signed correctly and accepted (no error code). */
function expectSignedAndAccepted(requests) {
	const bad = requests.filter((r) => !r.signature.ok || (r.response && r.response.code));
	expect(bad.map((r) => ({ action: r.action, signature: r.signature, code: r.response && r.response.code }))).toEqual([]);
}

const count = (list, key) => list.reduce((m, x) => m.set(key(x), (m.get(key(x)) || 0) + 1), new Map());
const repeated = (list, key) => [...count(list, key)].filter(([, n]) => n > 1);

describe('n8n queue mode: one main, two workers, a webhook processor', () => {
	test(`${RUNS} bulk binds of ${ITEMS} items and ${RUNS} order lifecycles, started at once through the webhook processor, all run on the workers: every request signed and accepted, none sent twice, items in order with pairedItem`, async () => {
		const afterId = await db.lastId();
		const from = emu.requests.length;
		const hook = stack.webhooks[0];
		const bodies = range(RUNS).map((r) => ({ run: `bulk${r}`, from: r * ITEMS, count: ITEMS }));
		const started = Date.now();
		const answers = await Promise.all([
			...bodies.map((body) => hook.postWebhook(wf.PATHS.bind, body)),
			...range(RUNS).map((run) => hook.postWebhook(wf.PATHS.lifecycle, { run })),
		]);
		expect(answers.map((a) => a.status)).toEqual(Array(2 * RUNS).fill(200));

		const bulks = await db.waitForExecutions({ workflowId: 'queueBulkBind', count: RUNS, afterId, timeoutMs: 10 * 60 * 1000 });
		const lifecycles = await db.waitForExecutions({ workflowId: 'queueLifecycle', count: RUNS, afterId, timeoutMs: 5 * 60 * 1000 });
		const last = Math.max(...[...bulks, ...lifecycles].map((e) => Date.parse(e.stoppedAt)));
		log(`${RUNS * ITEMS} binds and ${RUNS} lifecycles: ${seconds(last - started)} from the first POST to the last execution's end`);
		for (const e of [...bulks, ...lifecycles]) expect({ id: e.id, status: e.status, mode: e.mode, error: e.error }).toEqual({ id: e.id, status: 'success', mode: 'webhook', error: undefined });

		// All on the workers; the executions were shared between the two.
		const workers = await expectRanOnWorkers([...bulks, ...lifecycles]);
		log(`executions per worker: ${[...count(workers, (w) => w)].map(([w, n]) => `worker ${w + 1}: ${n}`).join(', ')}`);
		// A worker runs at most 10 at once (--concurrency=10), and a bulk run takes seconds: both had to take some.
		expect(new Set(workers).size).toBe(2);

		const requests = requestsSince(from);
		expectSignedAndAccepted(requests);

		// Bulk: each run's 1,000 items bound once each, output in input order, each paired with its input.
		const binds = requests.filter((r) => r.action === 'BindAXN');
		expect(binds).toHaveLength(RUNS * ITEMS);
		expect(repeated(binds, (r) => r.params.PhoneNoX)).toEqual([]);
		const sentFor = new Map(binds.map((r) => [r.params.PhoneNoX, r.params.PhoneNoA]));
		const durations = bulks.map((e) => Date.parse(e.stoppedAt) - Date.parse(e.startedAt)).sort((a, b) => a - b);
		log(`a ${ITEMS}-item execution's data in PostgreSQL: ${(bulks[0].dataBytes / 2 ** 20).toFixed(1)} MiB`);
		log(`a ${ITEMS}-item execution took ${seconds(durations[0])} to ${seconds(durations[durations.length - 1])} (median ${seconds(durations[durations.length >> 1])})`);
		const runs = new Set();
		for (const e of bulks) {
			const body = e.items('Webhook')[0].json.body;
			runs.add(body.run);
			const expected = wf.bulkItems(body);
			const out = e.items('VMS');
			expect(out).toHaveLength(ITEMS);
			expect(out.map((i) => i.pairedItem)).toEqual(range(ITEMS).map((item) => ({ item })));
			expect(out.map((i) => [i.json.PhoneNoX, i.json.PhoneNoA, i.json.Status])).toEqual(expected.map((x) => [x.x, x.a, 1]));
			expect(expected.map((x) => sentFor.get(x.x))).toEqual(expected.map((x) => x.a));
		}
		expect(runs.size).toBe(RUNS);

		// Lifecycles: per order one bind, one update, one unbind (and the two look-ups), in order and paired.
		const lifecycleRequests = requests.filter((r) => r.action !== 'BindAXN');
		expect([...count(lifecycleRequests, (r) => r.action)].sort()).toEqual(
			[
				['QuerySubscription', 4 * RUNS],
				['SelectNumberAndBindAXN', 2 * RUNS],
				['UnbindAXN', 2 * RUNS],
				['UpdateAXN', 2 * RUNS],
			].sort(),
		);
		for (const action of ['SelectNumberAndBindAXN']) expect(repeated(lifecycleRequests.filter((r) => r.action === action), (r) => r.params.PhoneNoA)).toEqual([]);
		for (const action of ['UpdateAXN', 'UnbindAXN']) expect(repeated(lifecycleRequests.filter((r) => r.action === action), (r) => r.params.SubId)).toEqual([]);
		const seenRuns = new Set();
		for (const e of lifecycles) {
			const { run } = e.items('Webhook')[0].json.body;
			seenRuns.add(run);
			const orders = wf.lifecycleOrders(run);
			const json = (node) => e.items(node).map((i) => i.json);
			// Both orders come from the one webhook item; from there on each item is paired with its order.
			expect(e.items('Orders').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
			for (const node of ['Bind (auto-select X)', 'Look up binding', 'Reassign courier', 'Order done: unbind', 'Check it ended']) {
				expect(e.items(node).map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			}
			const bound = json('Bind (auto-select X)');
			expect(bound.map((b) => [b.PhoneNoA, b.PhoneNoB])).toEqual(orders.map((o) => [o.customerPhone, o.courierPhone]));
			const subIds = bound.map((b) => b.SubId);
			expect(json('Look up binding').map((s) => [s.SubId, s.UserData, s.Status])).toEqual(orders.map((o, k) => [subIds[k], o.orderId, 1]));
			expect(json('Reassign courier')).toEqual(subIds.map((subId) => ({ success: true, subId, numberPoolNo: wf.LIFECYCLE_POOL, updateType: 'updatePhoneNoB' })));
			expect(json('Order done: unbind')).toEqual(subIds.map((subId) => ({ success: true, subId, numberPoolNo: wf.LIFECYCLE_POOL })));
			expect(json('Check it ended').map((s) => [s.SubId, s.Status, s.PhoneNoB])).toEqual(orders.map((o, k) => [subIds[k], 0, o.newCourierPhone]));
			const mine = lifecycleRequests.filter((r) => subIds.includes(r.params.SubId));
			expect(mine.map((r) => r.action).sort()).toEqual(['QuerySubscription', 'QuerySubscription', 'QuerySubscription', 'QuerySubscription', 'UnbindAXN', 'UnbindAXN', 'UpdateAXN', 'UpdateAXN']);
		}
		expect(seenRuns.size).toBe(RUNS);
	}, 15 * 60 * 1000);

	test('a recording downloaded as binary by the VMS node on a worker is read by the next node (binary data in the database)', async () => {
		const [bind] = emu.requests.filter((r) => r.action === 'BindAXN' && r.response && !r.response.code);
		const sub = [...emu.state.subs.values()].find((s) => s.PhoneNoX === bind.params.PhoneNoX && s.Status === 1);
		const { callId } = await emu.calls.play({ subId: sub.SubId, push: false });
		const file = emu.calls.file(callId, 'mixed');
		expect(file.length).toBeGreaterThan(0);

		const afterId = await db.lastId();
		expect((await stack.webhooks[0].postWebhook(wf.PATHS.recording, { callId })).status).toBe(200);
		const [e] = await db.waitForExecutions({ workflowId: 'queueRecording', afterId });
		expect({ status: e.status, error: e.error }).toEqual({ status: 'success', error: undefined });
		await expectRanOnWorkers([e]);
		const [item] = e.items('VMS');
		expect(item.binary.data).toMatchObject({ fileName: `${callId}.mp3`, mimeType: 'audio/mpeg' });
		// Kept in the database (binary data mode "database"), not in the worker's memory or folder.
		expect(item.binary.data.id).toMatch(/^database:/);
		expect(e.items('Hash')[0].json.sha256).toBe(sha256(file));
	}, 5 * 60 * 1000);

	describe('the VMS Trigger behind the webhook processor', () => {
		const triggerUrl = (server, id = wf.TRIGGER_IDS.events) => `${server.url}/webhook/${id}/webhook`;
		const target = (server, id) => emu.calls.pusher.setTarget({ url: triggerUrl(server, id), authToken: wf.PUSH_TOKEN });
		const called = new Set();
		/** A call on a binding of the bulk runs not called before, its messages pushed to the target. */
		const newCall = async (scenario = {}) => {
			const sub = [...emu.state.subs.values()].find((s) => s.Status === 1 && s.numberPoolNo === wf.BULK_POOL && !called.has(s.SubId));
			called.add(sub.SubId);
			return emu.calls.play({ subId: sub.SubId, ...scenario });
		};
		/** Pushes `body` (signed now) to each URL at the same moment; resolves the answers. */
		const pushAtOnce = (urls, body) => {
			const rawBody = JSON.stringify(body);
			const timestamp = Math.floor(Date.now() / 1000);
			return Promise.all(urls.map((url) => {
				const signed = signPush({ url, authToken: wf.PUSH_TOKEN }, rawBody, timestamp);
				return post(signed.url, signed.body, 10000);
			}));
		};
		const events = (afterId) => db.executions({ workflowId: 'queueEvents', afterId });
		/** Waits for `n` executions of the events workflow after `afterId`, then for a sentinel push, so later ones would show. */
		async function settled(afterId, n, server = stack.webhooks[0]) {
			await db.waitForExecutions({ workflowId: 'queueEvents', count: n, afterId });
			// A push with a new key after everything else: once it has run, nothing sent before can still start.
			target(server);
			const sentinel = await emu.calls.pusher.send({ rawBody: JSON.stringify({ sentinel: crypto.randomUUID() }), kind: 'sentinel' });
			expect(sentinel.status).toBe(200);
			const all = await db.waitForExecutions({ workflowId: 'queueEvents', count: n + 1, afterId });
			expect(all[n].items('Received').map((i) => i.json.kind)).toEqual(['unknown']);
			return all.slice(0, n);
		}

		test('signed pushes start one execution each on the workers; rejected pushes get 401 and start none', async () => {
			const afterId = await db.lastId();
			target(stack.webhooks[0]);
			const call = await newCall();
			expect(call.pushes.map((p) => p.status)).toEqual(call.pushes.map(() => 200));
			const kinds = call.messages.map((m) => (m.messageType === 1 ? 'callStatus' : m.messageType === 2 ? 'callRecord' : 'recording'));
			expect(kinds).toEqual(['callStatus', 'callStatus', 'callStatus', 'callStatus', 'callRecord', 'recording']);

			// New CDRs (not duplicates: they would start an execution if they were accepted), badly signed.
			const rejected = [];
			for (const bad of ['wrongToken', 'tamperedBody', 'noAuthCode', 'unsigned']) {
				const rawBody = JSON.stringify({ ...call.messages[4], callId: `${call.callId}-${bad}` });
				rejected.push(await emu.calls.pusher.send({ rawBody, kind: 'cdr', bad }));
			}
			expect(rejected.map((p) => p.status)).toEqual([401, 401, 401, 401]);

			const runs = await settled(afterId, kinds.length);
			for (const e of runs) expect({ status: e.status, mode: e.mode }).toEqual({ status: 'success', mode: 'webhook' });
			await expectRanOnWorkers(runs);
			expect(runs.map((e) => e.items('Received')[0].json.kind).sort()).toEqual([...kinds].sort());
			expect(runs.every((e) => e.items('Received')[0].json.callId === call.callId)).toBe(true);
		}, 5 * 60 * 1000);

		test('one webhook processor: a re-pushed CDR, and copies of a new one arriving at the same moment, start one execution (README: same process)', async () => {
			const afterId = await db.lastId();
			const hook = stack.webhooks[0];
			target(hook);
			const call = await newCall({ messages: 'cdr' });
			await db.waitForExecutions({ workflowId: 'queueEvents', count: 1, afterId });
			const again = await Promise.all(range(5).map(() => emu.calls.pusher.repeat(call.pushes[0].seq, { freshTimestamp: true })));
			expect(again.map((p) => [p.status, JSON.parse(p.response).duplicates])).toEqual(range(5).map(() => [200, 1]));

			const cdr = { ...call.messages[0], callId: `${call.callId}-copy` };
			const copies = await pushAtOnce(range(5).map(() => triggerUrl(hook)), cdr);
			expect(copies.map((c) => c.status)).toEqual(range(5).map(() => 200));
			expect(copies.map((c) => JSON.parse(c.response).started).sort()).toEqual([0, 0, 0, 0, 1]);

			const runs = await settled(afterId, 2);
			expect(runs.map((e) => e.items('Received')[0].json.callId)).toEqual([call.callId, cdr.callId]);
		}, 5 * 60 * 1000);

		test('a recording pushed to the webhook processor and downloaded there is read on a worker', async () => {
			const afterId = await db.lastId();
			target(stack.webhooks[0], wf.TRIGGER_IDS.recording);
			const call = await newCall({ messages: 'recording' });
			expect(call.pushes.map((p) => p.status)).toEqual([200]);
			const [e] = await db.waitForExecutions({ workflowId: 'queueTriggerRecording', afterId });
			expect({ status: e.status, error: e.error }).toEqual({ status: 'success', error: undefined });
			await expectRanOnWorkers([e]);
			const [item] = e.items('VMS Trigger');
			expect(item.json).toMatchObject({ kind: 'recording', callId: call.callId });
			expect(item.json.downloadErrors).toBeUndefined();
			expect(item.binary.data).toMatchObject({ fileName: `${call.callId}.mp3` });
			expect(item.binary.data.id).toMatch(/^database:/);
			expect(e.items('Hash')[0].json.sha256).toBe(sha256(emu.calls.file(call.callId, 'mixed')));
		}, 5 * 60 * 1000);

		describe('two webhook processors (README: "several processes")', () => {
			let second;
			beforeAll(async () => {
				second = await stack.addWebhook();
				log(`a second n8n webhook: ready in ${seconds(second.ms)}`);
			}, 5 * 60 * 1000);

			test('a CDR and a call status handled by one process start nothing when re-pushed to the other (static data; call status kept briefly)', async () => {
				const [first] = stack.webhooks;
				const afterId = await db.lastId();
				target(first);
				const call = await newCall({ messages: 'status,cdr' });
				const [statusPush] = call.pushes;
				const cdrPush = call.pushes[call.pushes.length - 1];
				await db.waitForExecutions({ workflowId: 'queueEvents', count: call.pushes.length, afterId });

				target(second);
				const cdrAgain = await emu.calls.pusher.repeat(cdrPush.seq, { freshTimestamp: true });
				const statusAgain = await emu.calls.pusher.repeat(statusPush.seq, { freshTimestamp: true });
				expect(JSON.parse(cdrAgain.response)).toMatchObject({ started: 0, duplicates: 1 });
				expect(JSON.parse(statusAgain.response)).toMatchObject({ started: 0, duplicates: 1 });

				// settled() sends a sentinel after them: the next execution is the sentinel, so neither started one.
				const runs = await settled(afterId, call.pushes.length, second);
				await expectRanOnWorkers(runs);
			}, 5 * 60 * 1000);

			test('copies of one CDR arriving at the same moment at both processes start at most one execution per process', async () => {
				const afterId = await db.lastId();
				const [first] = stack.webhooks;
				const outcomes = [];
				for (const i of range(5)) {
					const cdr = { messageType: 2, cdrType: 1, callId: `NMQUEUEPAIR${Date.now()}${i}`, callResult: 1 };
					const answers = await pushAtOnce([triggerUrl(first), triggerUrl(second)], cdr);
					expect(answers.map((a) => a.status)).toEqual([200, 200]);
					outcomes.push(answers.map((a) => JSON.parse(a.response).started).reduce((a, b) => a + b));
				}
				const started = outcomes.reduce((a, b) => a + b);
				await settled(afterId, started);
				expect((await events(afterId)).length).toBe(started + 1);
				expect(outcomes.every((n) => n === 1 || n === 2)).toBe(true);
				log(`one CDR at both webhook processors at once, 5 times: executions started ${outcomes.join(', ')} (README: copies at the same moment at different processes can both start)`);
			}, 5 * 60 * 1000);
		});
	});

	test('a worker killed in the middle of a 1,000-item run: n8n fails that execution (stalled job), the other worker goes on, no bind is sent twice', async () => {
		const afterId = await db.lastId();
		const from = emu.requests.length;
		const body = { run: 'killed', from: RUNS * ITEMS + 100, count: ITEMS };
		expect((await stack.webhooks[0].postWebhook(wf.PATHS.bind, body)).status).toBe(200);

		// Which worker runs it (its log says so), then kill it once 100 of its binds have arrived.
		let id;
		let victim;
		for (const started = Date.now(); victim === undefined; await sleep(25)) {
			const [row] = await db.executions({ workflowId: 'queueBulkBind', afterId });
			if (row) {
				id = row.id;
				victim = stack.workers.findIndex((w) => w.jobs().started.includes(String(id)));
				if (victim < 0) victim = undefined;
			}
			if (Date.now() - started > 120000) throw new Error('The run did not start on a worker within 2 minutes');
		}
		const xs = new Set(wf.bulkItems(body).map((i) => i.x));
		const mine = () => requestsSince(from).filter((r) => r.action === 'BindAXN' && xs.has(r.params.PhoneNoX));
		for (const started = Date.now(); mine().length < 100; await sleep(10)) {
			if (Date.now() - started > 120000) throw new Error('No 100 binds within 2 minutes');
		}
		await stack.workers[victim].kill();

		// The other worker goes on: new executions run there while the killed one is still "running".
		const survivor = stack.workers[1 - victim];
		const next = await db.lastId();
		for (const run of [100, 101]) expect((await stack.webhooks[0].postWebhook(wf.PATHS.lifecycle, { run })).status).toBe(200);
		const after = await db.waitForExecutions({ workflowId: 'queueLifecycle', count: 2, afterId: next });
		expect(after.map((e) => e.status)).toEqual(['success', 'success']);
		expect(await expectRanOnWorkers(after)).toEqual([1 - victim, 1 - victim]);
		// (Counted only now: a request on its way when the worker died has arrived by now.)
		const atKill = mine().length;
		log(`killed worker ${victim + 1} after ${atKill} of ${ITEMS} binds of execution ${id}`);
		expect(atKill).toBeLessThan(ITEMS);

		// n8n notices the lost job: its Bull lock expires, the other worker's stalled-job check fails it
		// (n8n allows no retry: maxStalledCount 0), and the process that queued it (the webhook processor)
		// marks the execution failed after a 30 s grace period. n8n 2.41.1 says "error", not "crashed".
		const ended = await db.waitForStatus(id, ['crashed', 'error', 'success', 'canceled'], { timeoutMs: 4 * 60 * 1000 });
		const execution = await db.execution(id);
		log(`execution ${id} of the killed worker: "${ended.status}" ${seconds(Date.parse(ended.stoppedAt) - Date.parse(ended.startedAt))} after it started; ${execution.error && execution.error.message}`);
		expect(ended.status).toBe('error');
		expect(execution.error.message).toMatch(/failed to be processed too many times and will no longer retry/);

		// Nothing was sent again: not by the package, not by a retry of the job on the other worker.
		const binds = mine();
		expect(binds.length).toBe(atKill);
		expect(repeated(binds, (r) => r.params.PhoneNoX)).toEqual([]);
		expect(survivor.jobs().started).not.toContain(String(id));
	}, 10 * 60 * 1000);
});
