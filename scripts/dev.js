#!/usr/bin/env node
'use strict';
// `npm run dev`: n8n with this package hot-reloaded, the way `n8n-node dev` does it (linked into
// <user folder>/.n8n/custom/node_modules, `tsc --watch` rebuilding dist/, n8n started with
// N8N_DEV_RELOAD=true), but with the pinned n8n of test/harness and the local VMS emulator instead of
// `npx n8n@latest`: that needs a fresh n8n download on every start (--prefer-online) and a terminal
// (raw keyboard mode), and the latest n8n is not the version the tests pin. Until Ctrl-C.
// The link points at dist/, not at the whole folder as the CLI's does: n8n loads every *.node.js below
// .n8n/custom, and this repository's node_modules (n8n-core and its dependencies) has some that fail.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const h = require('../test/harness');
const lib = require('./demo/lib');

const HELP = `Usage: npm run dev [-- --port N] [-- --user-folder DIR]

Builds the package once (npm run build), links dist/ into the n8n user folder's .n8n/custom/node_modules
as n8n-node dev links the package, starts tsc --watch, the local VMS emulator with a ready credential for it, and the pinned
n8n ${h.N8N_VERSION} with N8N_DEV_RELOAD=true: saved changes to nodes/ or credentials/ reload in n8n's editor.

  --port N           editor port (default 5678, or a free one)
  --user-folder DIR  n8n user folder (default: <cache>/dev); its .n8n is made anew each run
  --help             this text`;

function parseArgs(argv) {
	const opts = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--help' || a === '-h') opts.help = true;
		else if (a === '--port') opts.port = Number(argv[++i]);
		else if (a === '--user-folder') opts.userFolder = path.resolve(argv[++i]);
		else throw new Error(`Unknown option ${a} (see --help)`);
	}
	return opts;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) return console.log(HELP);

	lib.log(`n8n ${h.N8N_VERSION}: checking the cache (a first install takes 5 to 8 minutes)...`);
	const install = h.ensureN8n();
	const userFolder = opts.userFolder ?? path.join(h.cacheDir(), 'dev');
	fs.rmSync(path.join(userFolder, '.n8n'), { recursive: true, force: true });

	lib.log('npm run build (n8n-node build)...');
	h.buildAndPack(path.join(userFolder, 'pack')); // the build, and a check that the package packs
	// Where n8n-node dev links the package; n8n loads the nodes as custom ones (type CUSTOM.volcengineVms)
	// and, with N8N_DEV_RELOAD, watches the link's target.
	const link = path.join(userFolder, '.n8n', 'custom', 'node_modules', require('../package.json').name);
	fs.mkdirSync(path.dirname(link), { recursive: true });
	fs.symlinkSync(path.join(h.ROOT, 'dist'), link, 'dir');

	const n8n = h.n8nInstance({ n8n: install, userFolder, env: { N8N_DEV_RELOAD: 'true' } });
	const { emulator, url: emulatorUrl } = await lib.startEmulator();
	const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '--watch', '--preserveWatchOutput', '-p', 'tsconfig.json'], {
		cwd: h.ROOT,
		stdio: ['ignore', 'inherit', 'inherit'],
	});

	let server;
	let stopping = false;
	const cleanup = async () => {
		if (stopping) return;
		stopping = true;
		tsc.kill();
		if (server) await server.stop();
		await emulator.stop();
	};
	// Ctrl-C is how dev is meant to end: that is a success.
	h.onInterrupt(cleanup, () => 0, lib.log);
	try {
		await run({ n8n, install, opts, userFolder, link, emulatorUrl, started: (s) => (server = s), isStopping: () => stopping });
	} finally {
		await cleanup();
	}
}

async function run({ n8n, install, opts, userFolder, link, emulatorUrl, started, isStopping }) {
	await n8n.importCredentials([lib.emulatorCredential(emulatorUrl)]);
	const port = opts.port ?? ((await h.portIsFree(5678)) ? 5678 : undefined);
	const logFile = path.join(userFolder, 'n8n.log');
	lib.log(`Starting n8n (about 20 s; log: ${logFile})...`);
	const server = started(await n8n.start({ port, logFile }));
	console.log(
		[
			`n8n ${install.version} is running: ${server.url}`,
			`  Log in as  ${h.OWNER.email}  /  ${h.OWNER.password}`,
			`  Credential "${lib.CREDENTIAL.name}" points at the VMS emulator on ${emulatorUrl}`,
			`  ${link} -> ${path.join(h.ROOT, 'dist')}: tsc --watch rebuilds it, n8n reloads it`,
			'Press Ctrl-C to stop n8n, tsc and the emulator.',
		].join('\n'),
	);
	const { code, signal } = await server.exit;
	if (isStopping()) return; // Ctrl-C
	throw new Error(`n8n stopped by itself (${signal ?? `exit code ${code}`}); see ${logFile}`);
}

main().catch((err) => {
	console.error(`\n[dev] ${err.message}`);
	process.exit(1);
});
