#!/usr/bin/env node
'use strict';
// One-command demo: `npm run demo` runs an example workflow in a real, offline n8n against the
// local VMS emulator and prints the result; `npm start` (`--keep-open`) then keeps n8n's editor
// open with the workflow and the credential ready. See `node scripts/demo --help`.
const fs = require('node:fs');
const path = require('node:path');
const h = require('../../test/harness');
const lib = require('./lib');

/** Examples in the order the demo prefers them: the richest first. */
const PREFERRED = ['order-lifecycle.workflow.json', 'axn-bind.workflow.json'];

const HELP = `Usage: node scripts/demo [options] [workflow.json]

Builds the package, installs it into a throw-away n8n ${h.N8N_VERSION} (cached outside the repo),
starts the local VMS emulator, imports a credential for it and the workflow, runs the workflow with
"n8n execute" and prints the items of its last node.

  workflow.json        workflow to run (default: the best file in examples/, see below)
  --keep-open          then start n8n's editor with the workflow loaded, until Ctrl-C (npm start)
  --port N             editor port for --keep-open (default 5678, or a free one)
  --no-build           use dist/ as it is
  --user-folder DIR    n8n user folder (default: <cache>/demo); its .n8n is made anew each run
  --help               this text

Default workflow: the first of ${PREFERRED.map((f) => `examples/${f}`).join(', ')} that exists.
Node 24, n8n and the n8n processes come from test/harness (scripts/env.sh, scripts/ensure-n8n.sh).`;

function parseArgs(argv) {
	const opts = { keepOpen: false, build: true, port: undefined, userFolder: undefined, workflow: undefined };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
			if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
			return argv[++i];
		};
		if (a === '--help' || a === '-h') opts.help = true;
		else if (a === '--keep-open') opts.keepOpen = true;
		else if (a === '--no-build') opts.build = false;
		else if (a === '--port' || a.startsWith('--port=')) opts.port = Number(value());
		else if (a === '--user-folder' || a.startsWith('--user-folder=')) opts.userFolder = path.resolve(value());
		else if (a.startsWith('-')) throw new Error(`Unknown option ${a} (see --help)`);
		else opts.workflow = path.resolve(a);
	}
	return opts;
}

/** The first preferred example that exists, else any examples/*.workflow.json. */
function defaultWorkflow() {
	const dir = path.join(h.ROOT, 'examples');
	const others = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.workflow.json')).sort() : [];
	const found = [...PREFERRED, ...others].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
	if (!found) throw new Error('No example workflow in examples/');
	return found;
}

/** Items to show for the run: the last node that ran, without the noise of nested objects. */
function lastNodeItems(result, workflow) {
	const runData = result.run.data.resultData.runData;
	const lastNode = result.run.data.resultData.lastNodeExecuted;
	const order = workflow.nodes.map((n) => n.name).filter((n) => runData[n]);
	const name = lastNode && runData[lastNode] ? lastNode : order[order.length - 1];
	return { name, items: name ? result.items(name).map((i) => i.json) : [] };
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		console.log(HELP);
		return;
	}
	const t0 = Date.now();
	const workflowFile = opts.workflow ?? defaultWorkflow();
	if (!fs.existsSync(workflowFile)) throw new Error(`No such workflow file: ${workflowFile}`);

	const cacheDir = h.cacheDir();
	const userFolder = opts.userFolder ?? path.join(cacheDir, 'demo');
	const workDir = path.join(userFolder, 'work');
	fs.rmSync(workDir, { recursive: true, force: true });
	fs.mkdirSync(workDir, { recursive: true });

	// 1. n8n, installed once into the cache.
	let t = Date.now();
	lib.log(`n8n ${h.N8N_VERSION}: checking the cache in ${cacheDir} (a first install takes 5 to 8 minutes)...`);
	const install = h.ensureN8n();
	lib.log(`n8n ${install.version} ready in ${install.dir} (${lib.seconds(Date.now() - t)})`);

	// 2. The package, built and packed, installed where the Community Nodes installer puts it, into a
	// user folder whose .n8n (database included) is made anew.
	t = Date.now();
	const tarball = h.buildAndPack(workDir, { build: opts.build });
	fs.rmSync(path.join(userFolder, '.n8n'), { recursive: true, force: true });
	const installed = h.installPackage(tarball, userFolder);
	const how = opts.build ? 'Built, packed' : 'Packed';
	lib.log(`${how} and installed ${path.basename(tarball)} into ${installed.dir} (${lib.seconds(Date.now() - t)})`);
	const n8n = h.n8nInstance({ n8n: install, userFolder });

	// 3. The emulator.
	const requests = [];
	const { emulator, url: emulatorUrl } = await lib.startEmulator({ onRequest: (e) => requests.push(e) });
	const { accessKeyId, secretAccessKey } = lib.EMULATOR_KEYS;
	lib.log(`VMS emulator on ${emulatorUrl} (keys ${accessKeyId} / ${secretAccessKey})`);

	let server;
	let stopping = false;
	const cleanup = async () => {
		if (stopping) return;
		stopping = true;
		if (server) await server.stop();
		await emulator.stop();
	};
	// Ctrl-C is how the editor (--keep-open) is meant to end: that is a success.
	h.onInterrupt(cleanup, () => (server ? 0 : 130), lib.log);

	try {
		// 4. Credential and workflow.
		t = Date.now();
		await n8n.importCredentials([lib.emulatorCredential(emulatorUrl)]);
		const workflow = lib.withDemoCredential(JSON.parse(fs.readFileSync(workflowFile, 'utf8')));
		await n8n.importWorkflows([workflow]);
		const took = lib.seconds(Date.now() - t);
		lib.log(`Imported credential "${lib.CREDENTIAL.name}" and workflow "${workflow.name}" (${took})`);
		lib.log(`  from ${lib.shortPath(workflowFile)}`);

		// 5. Run it.
		t = Date.now();
		lib.log(`Running: n8n execute --id=${workflow.id} ...`);
		const result = await n8n.execute(workflow.id);
		const runMs = Date.now() - t;
		// "BindAXN OK ×2": consecutive identical calls counted once.
		const calls = [];
		for (const e of requests) {
			const text = `${e.action || '?'} ${e.response?.code ?? 'OK'}`;
			const last = calls[calls.length - 1];
			if (last && last.text === text) last.n++;
			else calls.push({ text, n: 1 });
		}
		const callList = calls.map((c) => (c.n > 1 ? `${c.text} ×${c.n}` : c.text)).join(', ') || 'none';
		if (result.exitCode !== 0 || !result.run) {
			throw new Error(`The workflow failed after ${lib.seconds(runMs)}:\n${result.explain()}\nEmulator calls: ${callList}`);
		}
		const { name, items } = lastNodeItems(result, workflow);
		const plural = (n) => `${n} item${n === 1 ? '' : 's'}`;
		console.log(`\nWorkflow "${workflow.name}" ran in ${lib.seconds(runMs)}.`);
		for (const node of workflow.nodes) {
			const runs = result.run.data.resultData.runData[node.name];
			if (runs) console.log(`  ${node.name.padEnd(32)} ${plural(result.items(node.name).length)}`);
		}
		console.log(`Emulator calls: ${callList}`);
		console.log(`\nOutput of "${name}" (${plural(items.length)}):\n`);
		console.log(items.length ? lib.table(items) : '(no items)');
		console.log('');

		if (!opts.keepOpen) {
			lib.log(`Done in ${lib.seconds(Date.now() - t0)}. "npm start" does the same and keeps n8n's editor open.`);
			return;
		}

		// 6. Keep the editor open, with the owner account set up.
		const port = opts.port ?? ((await h.portIsFree(5678)) ? 5678 : undefined);
		if (opts.port && !(await h.portIsFree(opts.port))) throw new Error(`Port ${opts.port} is in use`);
		const logFile = path.join(workDir, 'n8n.log');
		lib.log(`Starting n8n's editor (about 20 s; log: ${logFile})...`);
		server = await n8n.start({ port, logFile });
		console.log(
			[
				`n8n ${install.version} is running: ${server.url}/workflow/${workflow.id}`,
				`  Log in as  ${h.OWNER.email}  /  ${h.OWNER.password}`,
				`  Credential "${lib.CREDENTIAL.name}" points at the VMS emulator on ${emulatorUrl}`,
				`  Emulator requests: ${emulatorUrl}/_emulator/requests`,
				'Press Ctrl-C to stop n8n and the emulator.',
			].join('\n'),
		);
		const { code, signal } = await server.exit;
		if (!stopping) throw new Error(`n8n stopped by itself (${signal ?? `exit code ${code}`}); see ${logFile}`);
	} finally {
		await cleanup();
	}
}

main().catch((err) => {
	console.error(`\n[demo] ${err.message}`);
	process.exit(1);
});
