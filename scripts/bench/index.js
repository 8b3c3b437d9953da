'use strict';
/**
 * `npm run bench`: BindAXN items per second through the packaged node inside real n8n-core (the
 * in-process harness of test/helpers/n8n.ts), against the emulator in its own process with a set
 * latency, next to a plain loop of the same calls signed with the official SDK signer
 * (@volcengine/openapi) and sent with fetch at the same concurrency. Then a 10,000-item run that
 * checks nothing is lost, duplicated or reordered, and how much memory it took.
 *
 *   npm run bench                      latency 0, 20, 100 ms × 1 and 100 items × concurrency 1, 5, 10, 20,
 *                                      1,000 items at concurrency 10, and the 10,000-item run (a few minutes)
 *   npm run bench -- --full            also 1,000 items in every cell (long: 1,000 × 100 ms one at a time)
 *   npm run bench -- --latency 20 --items 100 --concurrency 10   one cell; --no-big skips the 10,000 run
 *   npm run bench -- --write           put the tables into BENCHMARKS.md (section "In-process")
 */
const path = require('node:path');
const { fork } = require('node:child_process');

require('../../test/setup-env');
// test/helpers/n8n.ts is TypeScript: compile it on require with the project's typescript.
const ts = require('typescript');
require.extensions['.ts'] = (module, file) => {
	const source = require('node:fs').readFileSync(file, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
		fileName: file,
	});
	module._compile(outputText, file);
};
const { Signer } = require('@volcengine/openapi');
const { runNode } = require('../../test/helpers/n8n.ts');
const { DEFAULT_KEYS } = require('../../test/emulator/server');
const { writeSection, machine } = require('./report');

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const list = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return (i >= 0 ? args[i + 1] : fallback).split(',').map(Number);
};
const LATENCIES = list('latency', '0,20,100');
const ITEMS = list('items', flag('full') ? '1,100,1000' : '1,100');
const CONCURRENCY = list('concurrency', '1,5,10,20');
const KEY = DEFAULT_KEYS[0];

function startEmulator() {
	const child = fork(path.join(__dirname, 'emulator-child.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const next = () => new Promise((resolve) => child.once('message', resolve));
	return next().then((info) => ({
		...info,
		child,
		reset: (latencyMs) => (child.send({ reset: true, latencyMs }), next()),
		stats: () => (child.send({ stats: true }), next()),
	}));
}

/** n items, each its own X and A. */
function makeItems(n, emulator) {
	const expireAt = Math.floor(Date.now() / 1000) + 7200;
	return Array.from({ length: n }, (_, i) => ({
		x: String(13600000000 + i),
		a: String(13800000000 + i),
		b: '13900139000',
		expireAt,
		pool: emulator.pool,
	}));
}

const nodeParameters = (concurrency) => ({
	resource: 'axn',
	operation: 'bind',
	numberPoolNo: '={{ $json.pool }}',
	phoneNoX: '={{ $json.x }}',
	phoneNoA: '={{ $json.a }}',
	phoneNoB: '={{ $json.b }}',
	expireTime: '={{ $json.expireAt }}',
	audioRecordFlag: true,
	options: { concurrency },
});

async function viaNode(items, concurrency, credentials) {
	const started = process.hrtime.bigint();
	const result = await runNode({ parameters: nodeParameters(concurrency), items, credentials });
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.error) throw new Error(`node run failed: ${result.error.message}`);
	return { ms, out: result.items };
}

/** The baseline: the same BindAXN calls, signed with the official SDK signer, sent with fetch. */
async function viaFetch(items, concurrency, endpoint) {
	const host = new URL(endpoint).host;
	const one = async (item) => {
		const body = new URLSearchParams({
			NumberPoolNo: item.pool,
			PhoneNoX: item.x,
			PhoneNoA: item.a,
			PhoneNoB: item.b,
			ExpireTime: String(item.expireAt),
			AudioRecordFlag: '1',
		}).toString();
		const request = {
			method: 'POST',
			region: 'cn-north-1',
			params: { Action: 'BindAXN', Version: '2022-01-01' },
			pathname: '/',
			headers: { Host: host, 'Content-Type': 'application/x-www-form-urlencoded' },
			body,
		};
		new Signer(request, 'vms').addAuthorization({ accessKeyId: KEY.accessKeyId, secretKey: KEY.secretAccessKey });
		const { Host: _host, ...headers } = request.headers;
		const response = await fetch(`${endpoint}/?Action=BindAXN&Version=2022-01-01`, { method: 'POST', headers, body });
		const json = await response.json();
		if (!json.Result || !json.Result.SubId) throw new Error(`baseline bind failed: ${JSON.stringify(json.ResponseMetadata)}`);
		return json.Result;
	};
	const out = new Array(items.length);
	let next = 0;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: Math.min(concurrency, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				out[i] = await one(items[i]);
			}
		}),
	);
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, out };
}

const rate = (n, ms) => (n / (ms / 1000)).toFixed(0);

async function cell(emulator, credentials, latency, n, concurrency) {
	const items = makeItems(n, emulator);
	await emulator.reset(latency);
	const node = await viaNode(items, concurrency, credentials);
	const nodeStats = await emulator.stats();
	await emulator.reset(latency);
	const plain = await viaFetch(items, concurrency, emulator.url);
	const plainStats = await emulator.stats();
	if (nodeStats.binds !== n || plainStats.binds !== n || nodeStats.bad || plainStats.bad) {
		throw new Error(`cell ${latency}/${n}/${concurrency}: binds node ${nodeStats.binds}, fetch ${plainStats.binds} of ${n}; bad signatures ${nodeStats.bad + plainStats.bad}`);
	}
	const row = { latency, n, concurrency, nodeMs: node.ms, plainMs: plain.ms, ratio: node.ms / plain.ms };
	process.stderr.write(
		`[bench] ${latency} ms, ${n} items, concurrency ${concurrency}: node ${rate(n, node.ms)}/s, fetch ${rate(n, plain.ms)}/s, time ratio ${row.ratio.toFixed(2)}\n`,
	);
	return row;
}

/** 10,000 items: all bound once, in order, each paired with its input; memory sampled during the run. */
async function bigRun(emulator, credentials) {
	const n = 10000;
	const items = makeItems(n, emulator);
	await emulator.reset(0);
	global.gc?.();
	const before = process.memoryUsage();
	let peak = before;
	const sampler = setInterval(() => {
		const now = process.memoryUsage();
		if (now.heapUsed > peak.heapUsed) peak = now;
	}, 50);
	const { ms, out } = await viaNode(items, 10, credentials);
	clearInterval(sampler);
	const stats = await emulator.stats();
	const problems = [];
	if (out.length !== n) problems.push(`${out.length} output items`);
	const subIds = new Set(out.map((o) => o.json.SubId));
	if (subIds.size !== n) problems.push(`${n - subIds.size} duplicated SubIds`);
	const misplaced = out.filter((o, i) => o.pairedItem.item !== i || o.json.PhoneNoA !== items[i].a || o.json.PhoneNoX !== items[i].x).length;
	if (misplaced) problems.push(`${misplaced} items out of order or mispaired`);
	if (stats.binds !== n || stats.requests !== n) problems.push(`emulator saw ${stats.requests} requests, ${stats.binds} binds`);
	const mb = (bytes) => (bytes / 2 ** 20).toFixed(0);
	const result = {
		n,
		ms,
		ok: problems.length === 0,
		problems,
		heapBefore: mb(before.heapUsed),
		heapPeak: mb(peak.heapUsed),
		rssPeak: mb(peak.rss),
	};
	process.stderr.write(`[bench] 10,000 items: ${rate(n, ms)}/s, ${result.ok ? 'none lost, duplicated or reordered' : problems.join('; ')}, heap ${result.heapBefore} → peak ${result.heapPeak} MB, RSS peak ${result.rssPeak} MB\n`);
	if (!result.ok) throw new Error(`10,000-item run: ${problems.join('; ')}`);
	return result;
}

async function main() {
	const emulator = await startEmulator();
	const credentials = { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey, region: 'cn-north-1', endpoint: emulator.url };
	const rows = [];
	let big;
	try {
		// Warm up n8n-core, the package and the emulator once (not measured).
		await emulator.reset(0);
		await viaNode(makeItems(20, emulator), 10, credentials);
		await emulator.reset(0);
		await viaFetch(makeItems(20, emulator), 10, emulator.url);
		for (const latency of LATENCIES) {
			for (const n of ITEMS) {
				for (const concurrency of CONCURRENCY) {
					if (n === 1 && concurrency > 1) continue; // one item: concurrency does not apply
					rows.push(await cell(emulator, credentials, latency, n, concurrency));
				}
			}
			if (!flag('full') && !args.includes('--items') && (latency === 0 || latency === 20)) {
				rows.push(await cell(emulator, credentials, latency, 1000, 10));
			}
		}
		if (!flag('no-big')) big = await bigRun(emulator, credentials);
	} finally {
		emulator.child.disconnect();
	}

	const lines = [
		'BindAXN through the node in real n8n-core (`test/helpers/n8n.ts`, expressions per item, default settings except',
		'Concurrency) against the emulator in its own process, and the same calls signed with the official',
		'`@volcengine/openapi` Signer and sent with `fetch` at the same concurrency. Ratio = node time ÷ fetch time (lower is better).',
		'',
		'| latency | items | concurrency | node items/s | fetch items/s | ratio |',
		'|---|---|---|---|---|---|',
		...rows.map((r) => `| ${r.latency} ms | ${r.n} | ${r.concurrency} | ${rate(r.n, r.nodeMs)} | ${rate(r.n, r.plainMs)} | ${r.ratio.toFixed(2)} |`),
	];
	if (big) {
		lines.push(
			'',
			`10,000 items (latency 0, concurrency 10): ${rate(big.n, big.ms)} items/s; all ${big.n} bound once, output in input order, each paired with its input (checked item by item); JS heap ${big.heapBefore} MB before, ${big.heapPeak} MB at peak (RSS ${big.rssPeak} MB), which includes the 10,000 output items n8n keeps.`,
		);
	}
	const text = lines.join('\n');
	process.stdout.write(`\n${text}\n`);
	if (flag('write')) writeSection('In-process (npm run bench)', `${machine()}\n\nCommand: \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\`\n\n${text}`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
