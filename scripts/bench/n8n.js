'use strict';
/**
 * The issue-8 goal in a real n8n: 300 BindAXN through the node with default settings against the
 * workaround without this package (a Code node that signs each item, then n8n's HTTP Request node
 * with its defaults), all in the same `n8n execute` against a loopback server that checks every
 * signature, at 0 and 20 ms server delay, in rotating rounds. The node runs twice: with `{{ $json.a }}`
 * parameters and with `{{ $('Items').item.json.a }}` (issue 15: the plain-$json shortcut covers only the first).
 *
 *   node scripts/bench/n8n.js [--scenario all|speed|qps] [--rounds 3] [--items 300] [--delays 0,20] [--profile] [--write]
 *                             [--node-options '{"concurrency":50}']   (experiments; the goal uses the defaults)
 *
 * Each round is one `n8n execute` of a workflow with the three branches (which runs first rotates between
 * rounds); a side's time is the executionTime n8n recorded for its nodes (VMS; Sign + HTTP Request).
 * --profile runs n8n with `node --cpu-prof` (profiles in test-output/bench-profiles/);
 * --write puts the table into BENCHMARKS.md (section "Real n8n (npm run bench:n8n)").
 * --scenario qps runs the account-limit scenario of issue 17 instead (n8n-qps.js, its own options); --scenario notify
 * 1,000 voice notifications, node vs workaround (n8n-notify.js); all runs every scenario.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const h = require('../../test/harness');
const { writeSection, machine } = require('./report');
const { POOL, SIGN_CODE, httpRequestNode, vmsBindNode, benchCredential, bindHandler, bindMeta } = require('./workflows');

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};
const ROUNDS = Number(option('rounds', 3));
const ITEMS = Number(option('items', 300));
const DELAYS = option('delays', '0,20').split(',').map(Number);
const VERSION = option('n8n', h.N8N_VERSION);
/** For experiments only: the node's Options (the goal is measured with the defaults). */
const NODE_OPTIONS = JSON.parse(option('node-options', '{}'));

/** A stateless BindAXN server: checks the signature, waits `delay` ms, answers a Result. */
function startServer() {
	const stats = { ok: 0, bad: 0, delay: 0 };
	const server = http.createServer(
		bindHandler((res, { sig, form, seq }) => {
			const meta = bindMeta(seq);
			const payload = sig.ok
				? {
						ResponseMetadata: meta,
						Result: {
							SubId: `S${seq}`,
							PhoneNoX: form.get('PhoneNoX'),
							Status: 1,
							PhoneNoXCityCode: '010',
							PhoneNoA: form.get('PhoneNoA'),
							PhoneNoACityCode: '010',
							PhoneNoB: form.get('PhoneNoB'),
							PhoneNoBCityCode: '010',
						},
					}
				: { ResponseMetadata: { ...meta, Error: { Code: sig.code, Message: sig.message } } };
			stats[sig.ok ? 'ok' : 'bad'] += 1;
			const send = () => {
				const text = JSON.stringify(payload);
				res.writeHead(sig.ok ? 200 : sig.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
				res.end(text);
			};
			if (stats.delay > 0) setTimeout(send, stats.delay);
			else send();
		}),
	);
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, stats, url: `http://127.0.0.1:${server.address().port}` })));
}

const ITEMS_CODE = (n) => `const expireAt = Math.floor(Date.now() / 1000) + 7200;
return Array.from({ length: ${n} }, (_, i) => ({ json: {
  pool: ${JSON.stringify(POOL)}, x: String(13702000000 + i), a: String(13803000000 + i), b: String(13903000000 + i), expireAt } }));`;

/**
 * The three sides after the same Items node: the node with `{{ $json.a }}` (VMS), the node with
 * `{{ $('Items').item.json.a }}` (VMS named), the workaround (Sign + HTTP Request). `order` lists them top to
 * bottom, which is the order n8n runs the branches in (executionOrder v1).
 */
const SIDES = ['node', 'named', 'workaround'];
const ORDERS = [
	['node', 'named', 'workaround'],
	['workaround', 'node', 'named'],
	['named', 'workaround', 'node'],
];
const orderId = (order) => `bench${order.map((side) => side[0].toUpperCase() + side.slice(1)).join('')}`;

function workflow(endpoint, order) {
	const y = (side) => order.indexOf(side) * 300;
	const id = orderId(order);
	return {
		id,
		name: `bench ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 300], parameters: {} },
			{ id: 'i', name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 300], parameters: { jsCode: ITEMS_CODE(ITEMS) } },
			vmsBindNode([400, y('node')], NODE_OPTIONS),
			vmsBindNode([400, y('named')], NODE_OPTIONS, {}, { expressions: 'named', id: 'n', name: 'VMS named' }),
			{ id: 's', name: 'Sign', type: 'n8n-nodes-base.code', typeVersion: 2, position: [400, y('workaround')], parameters: { jsCode: SIGN_CODE(endpoint) } },
			httpRequestNode([600, y('workaround')]),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: {
				main: [
					[
						{ node: 'VMS', type: 'main', index: 0 },
						{ node: 'VMS named', type: 'main', index: 0 },
						{ node: 'Sign', type: 'main', index: 0 },
					],
				],
			},
			Sign: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
		},
	};
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-bench-n8n-'));
	const userFolder = path.join(tmp, 'user');
	h.installPackage(h.buildAndPack(tmp), userFolder);
	const { server, stats, url } = await startServer();
	// The workaround's Code node signs with node:crypto.
	const extra = { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto' };
	const profileDir = path.join(h.ROOT, 'test-output', 'bench-profiles');
	if (flag('profile')) {
		fs.mkdirSync(profileDir, { recursive: true });
		extra.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${profileDir}`;
	}
	const n8n = h.n8nInstance({ n8n: h.ensureN8n(VERSION), userFolder, env: extra });
	await n8n.importCredentials([
		benchCredential(url),
	]);
	await n8n.importWorkflows(ORDERS.map((order) => workflow(url, order)));

	const rows = [];
	try {
		for (const delay of DELAYS) {
			stats.delay = delay;
			for (let round = 0; round < ROUNDS * ORDERS.length; round++) {
				const order = ORDERS[round % ORDERS.length];
				const id = orderId(order);
				const before = stats.ok;
				const res = await n8n.execute(id, { timeoutMs: 300000 });
				const { run } = res;
				const time = (name) => run && run.data.resultData.runData[name] && run.data.resultData.runData[name][0].executionTime;
				const out = (name) => (run && run.data.resultData.runData[name] ? run.data.resultData.runData[name][0].data.main[0].length : 0);
				if (res.exitCode !== 0 || !run || out('VMS') !== ITEMS || out('VMS named') !== ITEMS || out('HTTP Request') !== ITEMS || stats.ok - before !== SIDES.length * ITEMS) {
					throw new Error(`round ${round} (${id}) failed: exit ${res.exitCode}, VMS ${out("VMS")}, VMS named ${out("VMS named")}, HTTP ${out("HTTP Request")}, signed OK ${stats.ok - before}, bad ${stats.bad}: ${JSON.stringify(run && run.data.resultData.error)}\n${res.output.slice(-2000)}`);
				}
				const node = time('VMS');
				const named = time('VMS named');
				const workaround = time('Sign') + time('HTTP Request');
				rows.push({ delay, round, first: order[0], node, named, sign: time('Sign'), http: time('HTTP Request'), workaround, ratio: node / workaround, ratioNamed: named / workaround });
				process.stderr.write(
					`[bench:n8n] delay ${delay} ms, round ${round + 1}/${ROUNDS * ORDERS.length} (order ${order.join(', ')}): node $json ${node} ms, node $('Items') ${named} ms, workaround ${workaround} ms (sign ${time('Sign')} + http ${time('HTTP Request')}), ratios ${(node / workaround).toFixed(2)} / ${(named / workaround).toFixed(2)}\n`,
				);
			}
		}
	} finally {
		server.close();
		server.closeAllConnections();
		if (process.env.BENCH_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
	}
	if (stats.bad) throw new Error(`${stats.bad} requests had a bad signature`);

	const lines = [
		`${ITEMS} BindAXN per side and round, n8n ${VERSION}, \`n8n execute\`, default node settings; ${ROUNDS * ORDERS.length} rounds per delay, rotating which side runs first.`,
		"Three sides after the same Items node: the node with `{{ $json.a }}` parameters, the node with `{{ $('Items').item.json.a }}` (the upstream node named, as after a Webhook or Set node), and the workaround.",
		'Times are the executionTime n8n recorded: each VMS node, and Sign (Code) + HTTP Request for the workaround.',
		'',
		"| server delay | node `$json` ms (median) | node `$('Items')` ms (median) | workaround ms (median) | ratio `$json` ÷ workaround (median) | ratio `$('Items')` ÷ workaround (median) | ratios per round (`$json` / `$('Items')`) |",
		'|---|---|---|---|---|---|---|',
	];
	for (const delay of DELAYS) {
		const r = rows.filter((x) => x.delay === delay);
		lines.push(
			`| ${delay} ms | ${median(r.map((x) => x.node))} | ${median(r.map((x) => x.named))} | ${median(r.map((x) => x.workaround))} | **${median(r.map((x) => x.ratio)).toFixed(2)}** | **${median(r.map((x) => x.ratioNamed)).toFixed(2)}** | ${r.map((x) => `${x.ratio.toFixed(2)} / ${x.ratioNamed.toFixed(2)}`).join(', ')} |`,
		);
	}
	const text = lines.join('\n');
	process.stdout.write(`\n${text}\n`);
	if (flag('write') && Object.keys(NODE_OPTIONS).length === 0) writeSection('Real n8n (npm run bench:n8n)', `${machine()}\n\nCommand: \`npm run bench:n8n -- ${args.join(' ')}\`\n\n${text}`);
	if (flag('profile')) process.stdout.write(`\nCPU profiles: ${profileDir}\n`);
}


if (require.main === module) {
	// --scenario speed (300 binds, node vs workaround), qps (under an account limit: n8n-qps.js), notify (1,000
	// voice notifications, node vs workaround: n8n-notify.js) or all (default).
	const scenario = option('scenario', 'all');
	const { qps } = require('./n8n-qps');
	const { notify } = require('./n8n-notify');
	(async () => {
		if (scenario === 'all' || scenario === 'speed') await main();
		if (scenario === 'all' || scenario === 'qps') await qps({ args, flag, option, version: VERSION });
		if (scenario === 'all' || scenario === 'notify') await notify({ args, flag, option, version: VERSION });
	})().catch((error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	});
}
