'use strict';
/**
 * Throughput of this package in n8n queue mode on this machine: 1 worker against 2 workers, and what a
 * per-execution rate cap does against an account QPS limit. `npm run bench:queue` (a few minutes).
 *
 *   npm run bench:queue -- [--executions 10] [--items 400] [--latency 0,50] [--rounds 2] [--qps 100] [--write]
 *
 * One stack (test/queue/stack.js: PostgreSQL 17, Redis, a main, a webhook processor, workers with
 * --concurrency 10, the emulator in this process). A measurement starts `executions` runs of the
 * bulk-bind workflow (Webhook → Code → VMS Bind, `items` items each, the node's default concurrency of 30)
 * at once through the webhook processor; its time runs from the first POST to the last execution's end
 * (stoppedAt, from the database), and every bind is checked to have arrived once. The emulator answers
 * after `latency` ms. Rounds alternate the order of 1 and 2 workers (the second worker is stopped and
 * started again), because the machine is shared and its load drifts.
 * With --qps Q (0 = skip): the emulator throttles above Q requests per second for the account
 * (FlowLimitExceeded, HTTP 429), 2 workers, no cap in the node against Max Requests per Second = Q /
 * executions in each execution.
 * --write puts the tables into docs/scaling.md (between the "bench:queue" markers).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startStack } = require('../../test/queue/stack');
const wf = require('../../test/queue/workflows');
const { machine } = require('./report');

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};
const EXECUTIONS = Number(option('executions', 20));
const ITEMS = Number(option('items', 200));
const LATENCIES = option('latency', '0,200').split(',').map(Number);
const ROUNDS = Number(option('rounds', 2));
const QPS = Number(option('qps', 100));
const WRITE = args.includes('--write');
const DOC = path.resolve(__dirname, '../../docs/scaling.md');

const log = (m) => process.stderr.write(`[bench] ${m}\n`);
const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () => os.loadavg()[0].toFixed(1);

let stack;

/** Starts `executions` bulk runs of `items` at once; resolves { ms, binds, throttled, failed }. */
async function measure({ latencyMs, qps = 0, cap = 0, executions = EXECUTIONS, items = ITEMS }) {
	const emu = stack.emulator;
	// A fresh account each time (bindings, log, knobs): the emulator's own cost grows with its bindings.
	emu.reset();
	emu.faults.inject({ fault: 'set', latencyMs, ...(qps ? { qps, throttleCode: 'FlowLimitExceeded' } : {}) });
	const afterId = await stack.db.lastId();
	const bodies = Array.from({ length: executions }, (_, r) => ({ run: `bench${r}`, from: r * items, count: items, maxRequestsPerSecond: cap }));
	const started = Date.now();
	const answers = await Promise.all(bodies.map((body) => stack.webhooks[0].postWebhook(wf.PATHS.bind, body)));
	if (answers.some((a) => a.status !== 200)) throw new Error(`The webhook processor answered ${answers.map((a) => a.status)}`);
	const runs = await stack.db.waitForExecutions({ workflowId: 'queueBulkBind', count: executions, afterId, timeoutMs: 30 * 60 * 1000 });
	const ms = Math.max(...runs.map((e) => Date.parse(e.stoppedAt))) - started;
	const requests = emu.requests.filter((r) => r.action === 'BindAXN');
	const ok = requests.filter((r) => r.signature.ok && !(r.response && r.response.code));
	const throttled = requests.filter((r) => r.response && r.response.code === 'FlowLimitExceeded').length;
	if (new Set(ok.map((r) => r.params.PhoneNoX)).size !== ok.length) throw new Error('A bind arrived twice');
	const failed = runs.filter((e) => e.status !== 'success').length;
	if (!qps && (failed || ok.length !== executions * items)) throw new Error(`${failed} executions failed, ${ok.length} of ${executions * items} binds made`);
	return { ms, binds: ok.length, throttled, failed };
}

/** Stops or starts workers until `n` run, then warms them up (a new worker starts its Code node's task runner on first use). */
async function setWorkers(n) {
	const running = () => stack.workers.filter((w) => !w.stopped);
	while (running().length > n) {
		const w = running().pop();
		await w.stop();
		w.stopped = true;
	}
	while (running().length < n) await stack.addWorker();
	await measure({ latencyMs: 0, executions: 2 * 10 * n, items: 5 });
}

async function main() {
	stack = await startStack({ workers: 2, webhooks: 1, bulk: EXECUTIONS * ITEMS, log });
	const results = []; // { workers, latencyMs, ms, binds, load }
	let qpsRows = [];
	try {
		for (let round = 0; round < ROUNDS; round++) {
			for (const workers of round % 2 === 0 ? [2, 1] : [1, 2]) {
				await setWorkers(workers);
				for (const latencyMs of LATENCIES) {
					const r = await measure({ latencyMs });
					results.push({ workers, latencyMs, ...r, load: load() });
					log(`round ${round + 1}, ${workers} worker(s), latency ${latencyMs} ms: ${r.binds} binds in ${(r.ms / 1000).toFixed(1)} s = ${((r.binds * 1000) / r.ms).toFixed(0)}/s (load ${load()})`);
				}
			}
		}
		if (QPS > 0) {
			await setWorkers(2);
			const split = QPS / EXECUTIONS;
			for (const [label, c] of [
				['no cap (0)', 0],
				[`${split} (${QPS} ÷ ${EXECUTIONS} executions)`, split],
				[`${0.8 * split} (80 % of that)`, 0.8 * split],
			]) {
				const r = await measure({ latencyMs: LATENCIES[LATENCIES.length - 1], qps: QPS, cap: c });
				qpsRows.push({ label, ...r });
				log(`account QPS ${QPS}, Max Requests per Second ${label}: ${r.binds} binds in ${(r.ms / 1000).toFixed(1)} s, ${r.throttled} throttled answers, ${r.failed} failed executions`);
			}
		}
	} finally {
		await stack.stop();
	}

	const rate = (rows) => median(rows.map((r) => (r.binds * 1000) / r.ms));
	const table = [
		'| latency | 1 worker: binds/s (median) | 2 workers: binds/s (median) | 2 ÷ 1 | per round (1 w; 2 w) |',
		'|---|---|---|---|---|',
		...LATENCIES.map((latencyMs) => {
			const one = results.filter((r) => r.workers === 1 && r.latencyMs === latencyMs);
			const two = results.filter((r) => r.workers === 2 && r.latencyMs === latencyMs);
			const per = (rows) => rows.map((r) => ((r.binds * 1000) / r.ms).toFixed(0)).join(', ');
			return `| ${latencyMs} ms | ${rate(one).toFixed(0)} | ${rate(two).toFixed(0)} | ${(rate(two) / rate(one)).toFixed(2)} | ${per(one)}; ${per(two)} |`;
		}),
	].join('\n');
	const qpsTable = qpsRows.length
		? [
				'',
				`Account limit ${QPS} requests/s (the emulator answers FlowLimitExceeded, HTTP 429, above it), 2 workers, ${EXECUTIONS} executions at once, latency ${LATENCIES[LATENCIES.length - 1]} ms:`,
				'',
				'| Max Requests per Second | binds made | throttled answers | failed executions | time |',
				'|---|---|---|---|---|',
				...qpsRows.map((r) => `| ${r.label} | ${r.binds} of ${EXECUTIONS * ITEMS} | ${r.throttled} | ${r.failed} | ${(r.ms / 1000).toFixed(1)} s |`),
			].join('\n')
		: '';
	const body = `${machine()} Load average while measuring: ${Math.min(...results.map((r) => r.load))} to ${Math.max(...results.map((r) => r.load))} (the machine is shared).

Command: \`npm run bench:queue${args.filter((a) => a !== '--write').length ? ` -- ${args.filter((a) => a !== '--write').join(' ')}` : ''}\`. ${EXECUTIONS} executions of ${ITEMS} BindAXN items each, started at once through one webhook processor; workers with \`--concurrency=10\`; the node's defaults (Concurrency 30, no cap); ${ROUNDS} rounds.

${table}
${qpsTable}`;
	process.stdout.write(`\n${body}\n`);
	if (WRITE) {
		const text = fs.readFileSync(DOC, 'utf8');
		const begin = '<!-- bench:queue -->';
		const end = '<!-- /bench:queue -->';
		const a = text.indexOf(begin);
		const b = text.indexOf(end);
		if (a < 0 || b < a) throw new Error(`${DOC} has no ${begin} … ${end} markers`);
		fs.writeFileSync(DOC, `${text.slice(0, a + begin.length)}\n${body.trim()}\n${text.slice(b)}`);
		log(`wrote ${DOC}`);
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
