'use strict';
/**
 * Issue 15 in a real n8n: 1,000 voice notifications (TTS, one per item, its own variables) through the node
 * (Voice Notification → Send, default settings: it puts many items into one SingleBatchAppend) against the
 * do-it-yourself way without this package (a Code node that signs one SingleBatchAppend per item, then n8n's
 * HTTP Request node with its defaults), in the same `n8n execute`, against a loopback server that checks every
 * signature and answers every entry in SuccessList, at 0 and 20 ms server delay, in alternating rounds.
 *
 *   node scripts/bench/n8n.js --scenario notify [--rounds 1] [--items 1000] [--delays 0,20] [--write]
 *
 * A side's time is the executionTime n8n recorded for its nodes (VMS; Sign + HTTP Request). Ratios from the
 * run, never asserted.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const h = require('../../test/harness');
const { writeSection, machine } = require('./report');
const { benchCredential, httpRequestNode, signCode, signedHandler } = require('./workflows');

/** The caller pool and the approved TTS template of the bench (any values: the bench server checks the shape). */
const POOL = 'NP160084061100694439';
const RESOURCE = 'emu-tts-approved';

/** A stateless SingleBatchAppend server: checks the signature, waits `delay` ms, answers every entry as a success. */
function startServer() {
	const stats = { requests: 0, entries: 0, bad: 0, delay: 0, ids: new Set() };
	const server = http.createServer(
		signedHandler((res, { sig, body, query, seq }) => {
			const meta = { RequestId: `R${seq}`, Action: query.get('Action'), Version: '2022-01-01', Service: 'vms', Region: 'cn-north-1' };
			let payload;
			let status = 200;
			let list;
			try {
				list = JSON.parse(body.toString('utf8')).List;
			} catch {
				list = undefined;
			}
			if (!sig.ok) {
				stats.bad += 1;
				status = sig.status;
				payload = { ResponseMetadata: { ...meta, Error: { Code: sig.code, Message: sig.message } } };
			} else if (query.get('Action') !== 'SingleBatchAppend' || !Array.isArray(list) || list.length === 0) {
				stats.bad += 1;
				status = 400;
				payload = { ResponseMetadata: { ...meta, Error: { Code: 'InvalidParameter', Message: `expected SingleBatchAppend with a List, got ${query.get('Action')}` } } };
			} else {
				stats.requests += 1;
				stats.entries += list.length;
				for (const entry of list) stats.ids.add(entry.SingleOpenId);
				payload = {
					ResponseMetadata: meta,
					Result: { SuccessList: list.map((e) => ({ Phone: e.Phone, SingleOpenId: e.SingleOpenId, Type: e.Type })), FailList: [] },
				};
			}
			const send = () => {
				const text = JSON.stringify(payload);
				res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
				res.end(text);
			};
			if (stats.delay > 0) setTimeout(send, stats.delay);
			else send();
		}),
	);
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, stats, url: `http://127.0.0.1:${server.address().port}` })));
}

const ITEMS_CODE = (n) => `return Array.from({ length: ${n} }, (_, i) => ({ json: {
  phone: String(13804000000 + i), name: 'Customer ' + i, parcel: 'SF' + (100000 + i) } }));`;

/** The do-it-yourself Code node: one signed SingleBatchAppend (JSON body) per item, as a user would write it. */
const SIGN_CODE = (endpoint) =>
	signCode(endpoint, {
		action: 'SingleBatchAppend',
		bodyCode: `const body = JSON.stringify({ List: [{ SingleOpenId: crypto.randomUUID().replace(/-/g, ''), Phone: json.phone, Type: 1,
    Resource: ${JSON.stringify(RESOURCE)}, NumberPoolNo: ${JSON.stringify(POOL)}, PhoneParam: { name: json.name, parcel: json.parcel } }] });`,
		contentType: 'application/json',
	});

/** One workflow with both sides after the same Items node; `nodeFirst` decides which branch runs first. */
function workflow(id, endpoint, items, nodeFirst) {
	const y = (first) => (first ? 0 : 300);
	return {
		id,
		name: `bench ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 150], parameters: {} },
			{ id: 'i', name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 150], parameters: { jsCode: ITEMS_CODE(items) } },
			{
				id: 'v',
				name: 'VMS',
				type: 'n8n-nodes-volcengine-vms.volcengineVms',
				typeVersion: 2,
				position: [400, y(nodeFirst)],
				credentials: { volcengineVmsApi: { id: 'benchVms', name: 'Bench VMS' } },
				parameters: {
					resource: 'voiceNotification',
					operation: 'send',
					phone: '={{ $json.phone }}',
					numberPoolNo: { __rl: true, mode: 'list', value: POOL },
					resourceType: 'tts',
					resourceKey: { __rl: true, mode: 'list', value: RESOURCE },
					additionalFields: { phoneParam: '={{ { name: $json.name, parcel: $json.parcel } }}' },
				},
			},
			{ id: 's', name: 'Sign', type: 'n8n-nodes-base.code', typeVersion: 2, position: [400, y(!nodeFirst)], parameters: { jsCode: SIGN_CODE(endpoint) } },
			httpRequestNode([600, y(!nodeFirst)], {}, 'application/json'),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'VMS', type: 'main', index: 0 }, { node: 'Sign', type: 'main', index: 0 }]] },
			Sign: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
		},
	};
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function notify({ args, flag, option, version }) {
	const rounds = Number(option('rounds', 1));
	const items = Number(option('items', 1000));
	const delays = option('delays', '0,20').split(',').map(Number);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-bench-notify-'));
	const userFolder = path.join(tmp, 'user');
	h.installPackage(h.buildAndPack(tmp), userFolder);
	const { server, stats, url } = await startServer();
	const n8n = h.n8nInstance({ n8n: h.ensureN8n(version), userFolder, env: { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto' } });
	await n8n.importCredentials([benchCredential(url)]);
	await n8n.importWorkflows([workflow('benchNotifyNodeFirst', url, items, true), workflow('benchNotifyWorkaroundFirst', url, items, false)]);

	const rows = [];
	try {
		for (const delay of delays) {
			stats.delay = delay;
			for (let round = 0; round < rounds * 2; round++) {
				const id = round % 2 === 0 ? 'benchNotifyNodeFirst' : 'benchNotifyWorkaroundFirst';
				const before = { requests: stats.requests, entries: stats.entries, ids: stats.ids.size };
				let res = await n8n.execute(id, { timeoutMs: 600000 });
				// n8n prints the whole run (4,000 items here); when that print cannot be read back, the round is run
				// again once (and the server's counts with it), said on stderr.
				if (res.exitCode === 0 && !res.run) {
					process.stderr.write(`[bench:n8n notify] round ${round + 1}: the run n8n printed could not be read; running the round again\n`);
					before.requests = stats.requests;
					before.entries = stats.entries;
					before.ids = stats.ids.size;
					res = await n8n.execute(id, { timeoutMs: 600000 });
				}
				const { run } = res;
				const runData = (name) => run && run.data.resultData.runData[name] && run.data.resultData.runData[name][0];
				const time = (name) => runData(name) && runData(name).executionTime;
				const out = (name) => (runData(name) ? runData(name).data.main[0] : []);
				const ids = new Set(out('VMS').map((item) => item.json.singleOpenId ?? item.json.SingleOpenId));
				const requests = stats.requests - before.requests;
				if (res.exitCode !== 0 || !run || out('VMS').length !== items || out('HTTP Request').length !== items || stats.entries - before.entries !== 2 * items || stats.ids.size - before.ids !== 2 * items || ids.size !== items) {
					throw new Error(`round ${round} (${id}) failed: exit ${res.exitCode}, VMS ${out('VMS').length} (${ids.size} singleOpenIds), HTTP ${out('HTTP Request').length}, entries ${stats.entries - before.entries}, new ids ${stats.ids.size - before.ids}, bad ${stats.bad}: ${JSON.stringify(run && run.data.resultData.error)}\n${res.output.slice(-2000)}`);
				}
				const node = time('VMS');
				const workaround = time('Sign') + time('HTTP Request');
				rows.push({ delay, round, node, workaround, ratio: node / workaround, nodeRequests: requests - items });
				process.stderr.write(
					`[bench:n8n notify] delay ${delay} ms, round ${round + 1}/${rounds * 2} (${round % 2 === 0 ? 'node' : 'workaround'} first): node ${node} ms in ${requests - items} requests, workaround ${workaround} ms in ${items} (sign ${time('Sign')} + http ${time('HTTP Request')}), ratio ${(node / workaround).toFixed(2)}\n`,
				);
			}
		}
	} finally {
		server.close();
		server.closeAllConnections();
		if (process.env.BENCH_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
	}
	if (stats.bad) throw new Error(`${stats.bad} requests were refused (bad signature or shape)`);

	const lines = [
		`${items} TTS voice notifications (one per item, its own variables) per side and round, n8n ${version}, \`n8n execute\`, default node settings; ${rounds * 2} rounds per delay, alternating which side runs first.`,
		`The node sends them as SingleBatchAppend requests of many entries (${rows[0].nodeRequests} requests for ${items}); the do-it-yourself side signs one SingleBatchAppend per item in a Code node and sends it with the HTTP Request node (${items} requests).`,
		'Times are the executionTime n8n recorded: the VMS node, and Sign (Code) + HTTP Request for the workaround.',
		'',
		'| server delay | node ms (median) | workaround ms (median) | ratio node ÷ workaround (median) | ratios per round |',
		'|---|---|---|---|---|',
	];
	for (const delay of delays) {
		const r = rows.filter((x) => x.delay === delay);
		lines.push(`| ${delay} ms | ${median(r.map((x) => x.node))} | ${median(r.map((x) => x.workaround))} | **${median(r.map((x) => x.ratio)).toFixed(2)}** | ${r.map((x) => x.ratio.toFixed(2)).join(', ')} |`);
	}
	const text = lines.join('\n');
	process.stdout.write(`\n${text}\n`);
	if (flag('write')) writeSection('Real n8n: voice notifications (npm run bench:n8n -- --scenario notify)', `${machine()}\n\nCommand: \`npm run bench:n8n -- ${args.join(' ')}\`\n\n${text}`);
}

module.exports = { notify };
