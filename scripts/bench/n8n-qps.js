'use strict';
/**
 * Issue 17 in a real n8n: BindAXN against an account limit (HTTP 429 AccountFlowLimitExceeded, nothing
 * done, above `--limit` accepted requests in any one-second window), through the node with default
 * settings, with Max Requests per Second 80, the workaround (Code signs, HTTP Request with Batching 90
 * per 1,000 ms), and the node with defaults in 2 and 4 executions at once (separate `n8n execute`
 * processes, each with its own database: each learns on its own, as queue-mode workers do).
 *
 *   node scripts/bench/n8n.js --scenario qps [--items 1000] [--limit 100] [--rows unlimited,defaults,cap80,workaround,parallel2,parallel4] [--write]
 *
 * The row "unlimited" runs the node without the account limit: on a busy machine n8n itself may not reach the
 * limit, and that row shows how fast it could go at the moment (efficiency below 1 there is the machine's).
 *
 * Efficiency = accepted binds ÷ (seconds × limit), seconds from the first to the last moment a VMS (or
 * Sign + HTTP Request) node ran. Failed items are items that did not end bound; "sent twice" counts binds
 * VMS carried out more than once for the same order (throttled requests were not carried out).
 *
 * BENCH_TRACE=file.json writes every request the server saw as [ms, PhoneNoA, 1 accepted | 0 throttled]: the
 * orders tell the executions apart (row after row, each execution's items in one block), so the accepted
 * rate of each execution per half second can be read from it (what docs/development.md, "The limiter", shows).
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const h = require('../../test/harness');
const { writeSection, machine } = require('./report');
const { POOL, SIGN_CODE, httpRequestNode, vmsBindNode, benchCredential, bindHandler, bindMeta } = require('./workflows');


/** A BindAXN server with an account limit: checks every signature, counts binds per order. */
function startLimitedServer(limit) {
	const stats = { accepted: 0, throttled: 0, bad: 0, bound: new Map(), limit, trace: [] };
	const window = [];
	const server = http.createServer(
		bindHandler((res, { sig, form, seq }) => {
			const now = Date.now();
			const meta = bindMeta(seq);
			while (window.length && window[0] <= now - 1000) window.shift();
			if (process.env.BENCH_TRACE) stats.trace.push([now, form.get('PhoneNoA'), window.length >= stats.limit ? 0 : 1]);
			let status = 200;
			let payload;
			if (!sig.ok) {
				stats.bad += 1;
				status = sig.status;
				payload = { ResponseMetadata: { ...meta, Error: { Code: sig.code, Message: sig.message } } };
			} else if (window.length >= stats.limit) {
				stats.throttled += 1;
				status = 429;
				payload = { ResponseMetadata: { ...meta, Error: { Code: 'AccountFlowLimitExceeded', Message: 'account flow limit exceeded' } } };
			} else {
				window.push(now);
				stats.accepted += 1;
				const order = form.get('PhoneNoA');
				stats.bound.set(order, (stats.bound.get(order) || 0) + 1);
				payload = {
					ResponseMetadata: meta,
					Result: { SubId: `S${seq}`, PhoneNoX: form.get('PhoneNoX'), Status: 1, PhoneNoA: order, PhoneNoB: form.get('PhoneNoB') },
				};
			}
			const text = JSON.stringify(payload);
			res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
			res.end(text);
		}),
	);
	return new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve({ server, stats, url: `http://127.0.0.1:${server.address().port}` })));
}

/** Items `from`..`from + n - 1`, each its own A (the order), created after waiting until `startAt` (ms, epoch). */
const ITEMS_CODE = (from, n, startAt) => `const wait = ${startAt} - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const expireAt = Math.floor(Date.now() / 1000) + 7200;
return Array.from({ length: ${n} }, (_, k) => { const i = ${from} + k; return { json: {
  pool: ${JSON.stringify(POOL)}, x: String(13702000000 + i), a: String(13803000000 + i), b: String(13903000000 + i), expireAt } }; });`;

function workflow(id, url, { from, n, startAt, options, workaround }) {
	const nodes = [
		{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'i', name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: ITEMS_CODE(from, n, startAt) } },
	];
	const connections = { Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] } };
	if (workaround) {
		nodes.push(
			{ id: 's', name: 'Sign', type: 'n8n-nodes-base.code', typeVersion: 2, position: [400, 0], parameters: { jsCode: SIGN_CODE(url) } },
			// Batching as the docs of the HTTP Request node suggest against a rate limit; a refused request
			// becomes an item (neverError) instead of stopping the workflow.
			httpRequestNode([600, 0], { batching: { batch: { batchSize: 90, batchInterval: 1000 } }, response: { response: { neverError: true } } }),
		);
		connections.Items = { main: [[{ node: 'Sign', type: 'main', index: 0 }]] };
		connections.Sign = { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] };
	} else {
		// Continue On Fail: a failed item is counted, not the end of the run.
		nodes.push(vmsBindNode([400, 0], options, { onError: 'continueRegularOutput' }));
		connections.Items = { main: [[{ node: 'VMS', type: 'main', index: 0 }]] };
	}
	return { id, name: `bench ${id}`, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

/** The span [first start, last end] of the sending nodes in one run, and its failed items. */
function measure(res, workaround) {
	const { run } = res;
	const data = run && run.data.resultData.runData;
	const names = workaround ? ['Sign', 'HTTP Request'] : ['VMS'];
	if (res.exitCode !== 0 || !data || names.some((n) => !data[n])) throw new Error(`execution failed: ${res.explain()}`);
	const start = Math.min(...names.map((n) => data[n][0].startTime));
	const end = Math.max(...names.map((n) => data[n][0].startTime + data[n][0].executionTime));
	const out = data[names.at(-1)][0].data.main[0];
	const failed = out.filter((o) => o.json.error !== undefined || (o.json.ResponseMetadata && o.json.ResponseMetadata.Error)).length;
	return { start, end, failed, items: out.length };
}

async function qps({ args, flag, option, version }) {
	const ITEMS = Number(option('items', 1000));
	const LIMIT = Number(option('limit', 100));
	const ROWS = option('rows', 'unlimited,defaults,cap80,workaround,parallel2,parallel4').split(',');
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-bench-qps-'));
	const base = path.join(tmp, 'user');
	h.installPackage(h.buildAndPack(tmp), base);
	const { server, stats, url } = await startLimitedServer(LIMIT);
	const n8n = h.ensureN8n(version);
	const env = { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto' };
	const prepared = h.n8nInstance({ n8n, userFolder: base, env });
	const cliStarted = Date.now();
	await prepared.importCredentials([
		benchCredential(url),
	]);
	const cliMs = Date.now() - cliStarted;
	// One user folder (database) per parallel execution, copied from the prepared one.
	const instances = [prepared];
	for (let k = 1; k < 4; k++) {
		const folder = path.join(tmp, `user${k}`);
		fs.cpSync(base, folder, { recursive: true });
		instances.push(h.n8nInstance({ n8n, userFolder: folder, env }));
	}

	const rows = [];
	let offset = 0;
	const runRow = async (label, parallel, spec) => {
		const per = Math.floor(ITEMS / parallel);
		// Every execution waits in its Items node until the same moment, so they send at once.
		const ids = instances.slice(0, parallel).map((_, k) => `qps${rows.length}_${k}`);
		// Late enough for the imports and the executions' start-up, all at once on this machine.
		const startAt = Date.now() + cliMs * 2 * parallel + 3000;
		await Promise.all(
			instances.slice(0, parallel).map((instance, k) =>
				instance.importWorkflows([workflow(ids[k], url, { ...spec, from: offset + k * per, n: per, startAt })]),
			),
		);
		const before = { accepted: stats.accepted, throttled: stats.throttled };
		stats.limit = spec.unlimited ? Infinity : LIMIT;
		const results = await Promise.all(instances.slice(0, parallel).map((instance, k) => instance.execute(ids[k], { timeoutMs: 600000 })));
		const spans = results.map((res) => measure(res, spec.workaround));
		const seconds = (Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start))) / 1000;
		const orders = Array.from({ length: per * parallel }, (_, i) => String(13803000000 + offset + i));
		const bound = orders.filter((o) => stats.bound.get(o) === 1).length;
		const twice = orders.filter((o) => (stats.bound.get(o) || 0) > 1).length;
		const failed = spans.reduce((sum, s) => sum + s.failed, 0);
		const row = {
			label,
			binds: per * parallel,
			seconds,
			perExecution: spans.map((s) => ((s.end - s.start) / 1000).toFixed(1)).join(' / '),
			bound,
			failed: Math.max(failed, per * parallel - bound - twice),
			twice,
			throttled: stats.throttled - before.throttled,
			efficiency: bound / (seconds * LIMIT),
		};
		rows.push(row);
		offset += per * parallel;
		process.stderr.write(`[bench:n8n qps] ${label}: ${JSON.stringify(row)}\n`);
	};
	try {
		for (const name of ROWS) {
			if (name === 'unlimited') await runRow('the node, default settings, no account limit (what this machine does now)', 1, { options: {}, unlimited: true });
			else if (name === 'defaults') await runRow('the node, default settings', 1, { options: {} });
			else if (name === 'cap80') await runRow('the node, Max Requests per Second 80', 1, { options: { maxRequestsPerSecond: 80 } });
			else if (name === 'workaround') await runRow('Code-sign + HTTP Request, Batching 90 per 1,000 ms', 1, { workaround: true });
			else if (name === 'parallel2') await runRow('the node, default settings, 2 executions at once', 2, { options: {} });
			else if (name === 'parallel4') await runRow('the node, default settings, 4 executions at once', 4, { options: {} });
			else throw new Error(`unknown row ${name}`);
		}
	} finally {
		server.close();
		server.closeAllConnections();
		if (process.env.BENCH_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
	}
	if (process.env.BENCH_TRACE) fs.writeFileSync(process.env.BENCH_TRACE, JSON.stringify(stats.trace));
	if (stats.bad) throw new Error(`${stats.bad} requests had a bad signature`);
	const lines = [
		`${ITEMS} BindAXN per row against an account limit of ${LIMIT} accepted requests in any one-second window (HTTP 429 AccountFlowLimitExceeded above it, nothing done), n8n ${version}, \`n8n execute\`; parallel executions are separate processes with their own database, started together (items split between them), so each learns on its own.`,
		`Time: from the first start to the last end of the sending nodes (VMS; Sign + HTTP Request). Efficiency = bound ÷ (seconds × ${LIMIT}); the first row (no limit) is what n8n on this machine reached at the time, the ceiling for the others.`,
		'',
		'| setup | time | per execution | failed items | sent twice | throttled answers | efficiency |',
		'|---|---|---|---|---|---|---|',
		...rows.map(
			(r) =>
				`| ${r.label} | ${r.seconds.toFixed(1)} s | ${r.perExecution} s | ${r.failed} | ${r.twice} | ${r.throttled} | **${r.efficiency.toFixed(2)}** |`,
		),
	];
	const text = lines.join('\n');
	process.stdout.write(`\n${text}\n`);
	if (flag('write') && ITEMS === 1000 && LIMIT === 100) {
		writeSection('Real n8n under an account limit (npm run bench:n8n)', `${machine()}\n\nCommand: \`npm run bench:n8n -- ${args.join(' ')}\`\n\n${text}`);
	}
}

module.exports = { qps };
