'use strict';
// Shared by the demo (scripts/demo/index.js) and the browser check (test/browser/): a throw-away,
// offline n8n with this package installed the way n8n's Community Nodes installer does it, a
// local VMS emulator, and a ready credential. No dependencies beyond Node and the cached n8n.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = require(path.join(ROOT, 'package.json'));
const N8N_VERSION = process.env.VMS_N8N_VERSION || '2.41.1';

/** The emulator's fixed test key pair (test/emulator/server.js); not a secret. */
const EMULATOR_KEYS = { accessKeyId: 'AKLTEMULATOR', secretAccessKey: 'emulator-secret-key' };
/** The emulator's seeded number pool (X numbers 13700000002…13700000011). */
const EMULATOR_POOL = 'NP160084061100694433';

const CREDENTIAL = { id: 'vmsEmulatorCred', name: 'Volcengine VMS (local emulator)', type: 'volcengineVmsApi' };
const OWNER = {
	email: 'demo@example.com',
	password: 'Demo-Passw0rd',
	firstName: 'Demo',
	lastName: 'Owner',
};
// Encrypts credentials in the throw-away database only; every demo folder is made anew.
const ENCRYPTION_KEY = 'n8n-nodes-volcengine-vms-demo-only';

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function log(message) {
	process.stderr.write(`[demo] ${message}\n`);
}

/** Runs a command, output shown; throws on a non-zero exit. Returns captured stdout if `capture`. */
function run(command, args, { cwd = ROOT, env = process.env, capture = false, quiet = false } = {}) {
	const result = spawnSync(command, args, {
		cwd,
		env,
		encoding: 'utf8',
		stdio: ['ignore', capture ? 'pipe' : quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
		maxBuffer: 256 * 1024 * 1024,
	});
	if (result.error) throw result.error;
	if (result.status !== 0) {
		const detail = quiet ? `\n${result.stdout || ''}${result.stderr || ''}` : '';
		throw new Error(`${command} ${args.join(' ')} exited with ${result.status}${detail}`);
	}
	return result.stdout;
}

let cachedEnv;
/** PATH with Node 24 first and VMS_CACHE_DIR, as scripts/env.sh sets them (it may install Node 24 once). */
function toolEnv() {
	if (cachedEnv) return cachedEnv;
	const out = run('bash', ['-c', '. scripts/env.sh >&2 && printf "%s\\n%s\\n" "$PATH" "$VMS_CACHE_DIR"'], {
		capture: true,
	});
	const [PATH, VMS_CACHE_DIR] = out.trim().split('\n');
	cachedEnv = { ...process.env, PATH, VMS_CACHE_DIR };
	return cachedEnv;
}

let cachedNode;
/** The Node 24 binary that runs n8n. */
function node24() {
	if (cachedNode) return cachedNode;
	const out = run('bash', ['-c', 'command -v node'], { env: toolEnv(), capture: true }).trim();
	const major = Number(run(out, ['-p', 'process.versions.node.split(".")[0]'], { capture: true }).trim());
	if (major < 24) throw new Error(`n8n ${N8N_VERSION} needs Node 24; scripts/env.sh gave ${out} (Node ${major})`);
	cachedNode = out;
	return out;
}

/** The cached n8n install (scripts/ensure-n8n.sh installs it once, with progress on stderr). */
function ensureN8n(version = N8N_VERSION) {
	const started = Date.now();
	const out = run(path.join(ROOT, 'scripts', 'ensure-n8n.sh'), [version], { env: toolEnv(), capture: true });
	const dir = out.trim().split('\n').pop();
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!fs.existsSync(bin)) throw new Error(`scripts/ensure-n8n.sh printed ${dir}, which has no n8n`);
	return { dir, bin, version, ms: Date.now() - started };
}

/** `npm run build` (unless skipped), then `npm pack` into `destination`. Returns the tarball path. */
function buildAndPack(destination, { build = true } = {}) {
	const env = toolEnv();
	if (build) run('npm', ['run', '--silent', 'build'], { env, quiet: true });
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run npm run build');
	fs.mkdirSync(destination, { recursive: true });
	const out = run('npm', ['pack', '--silent', '--pack-destination', destination], { env, capture: true });
	return path.join(destination, out.trim().split('\n').pop());
}

/**
 * A fresh n8n user folder with the packed package where the Community Nodes installer puts it:
 * `<folder>/.n8n/nodes/node_modules/<name>`, its package.json stripped of dev/peer/optional
 * dependencies as the installer does. The package has no dependencies, so nothing is installed.
 */
function prepareUserFolder(folder, tarball) {
	fs.rmSync(path.join(folder, '.n8n'), { recursive: true, force: true });
	const nodesDir = path.join(folder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE.name);
	fs.mkdirSync(target, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	const pkgFile = path.join(target, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete pkg[key];
	fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
	const installedNodes = { name: 'installed-nodes', private: true, dependencies: { [PACKAGE.name]: PACKAGE.version } };
	fs.writeFileSync(path.join(nodesDir, 'package.json'), `${JSON.stringify(installedNodes, null, 2)}\n`);
	return target;
}

/** Environment of an offline, quiet, throw-away n8n. */
function n8nEnv(userFolder, extra = {}) {
	const env = {
		...toolEnv(),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'error',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// No list of verified community nodes and no MCP server registry from n8n's servers.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		NODE_ENV: 'production',
		...extra,
	};
	// A caller's own N8N_* settings (say, an owner managed by env) must not leak into the demo.
	for (const key of Object.keys(env)) {
		if (key.startsWith('N8N_INSTANCE_OWNER_') && !(key in extra)) delete env[key];
	}
	return env;
}

/** Env that makes `n8n start` set up the owner account itself (n8n ≥ 2.x: a bcrypt hash is required). */
function ownerEnv(n8n, owner = OWNER) {
	const bcrypt = require(require.resolve('bcryptjs', { paths: [path.join(n8n.dir, 'node_modules', 'n8n')] }));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
	};
}

/**
 * Runs one n8n CLI command to completion; resolves to { status, stdout, stderr }. Asynchronous on
 * purpose: the emulator may live in this process and must keep answering while n8n runs.
 */
async function n8nCli(n8n, env, args) {
	// Every n8n process starts a task broker (default port 5679): give each its own free port,
	// so the demo runs next to another n8n.
	const brokerPort = await freePort(0);
	const childEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) };
	return new Promise((resolve, reject) => {
		const child = spawn(node24(), [n8n.bin, ...args], {
			cwd: env.N8N_USER_FOLDER,
			env: childEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const out = [];
		const err = [];
		child.stdout.on('data', (c) => out.push(c));
		child.stderr.on('data', (c) => err.push(c));
		child.once('error', reject);
		child.once('close', (status) =>
			resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
		);
	});
}

async function n8nCliOk(n8n, env, args) {
	const r = await n8nCli(n8n, env, args);
	if (r.status !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited with ${r.status}\n${r.stdout}${r.stderr}`.trim());
	}
	return r.stdout;
}

/** Imports the emulator credential (plain data; n8n encrypts it with the instance key). */
async function importCredential(n8n, env, endpoint, workDir, overrides = {}) {
	const file = path.join(workDir, 'credentials.json');
	const entry = {
		...CREDENTIAL,
		data: { ...EMULATOR_KEYS, region: 'cn-north-1', endpoint, ...overrides },
	};
	fs.writeFileSync(file, JSON.stringify([entry], null, 2));
	await n8nCliOk(n8n, env, ['import:credentials', `--input=${file}`]);
	return entry;
}

/**
 * Imports a workflow file, with every node of this package pointed at the demo credential.
 * Returns the workflow as imported (its id, name and nodes).
 */
async function importWorkflow(n8n, env, workflowFile, workDir) {
	const workflow = JSON.parse(fs.readFileSync(workflowFile, 'utf8'));
	if (!workflow.id) workflow.id = 'vmsDemoWorkflow';
	for (const node of workflow.nodes) {
		if (node.type.startsWith(`${PACKAGE.name}.`)) {
			node.credentials = { volcengineVmsApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } };
		}
	}
	const file = path.join(workDir, 'workflow.json');
	fs.writeFileSync(file, JSON.stringify(workflow, null, 2));
	await n8nCliOk(n8n, env, ['import:workflow', `--input=${file}`]);
	return workflow;
}

/** `n8n execute --id --rawOutput`: the run (IRun) as JSON, and whether it succeeded. */
async function executeWorkflow(n8n, env, workflowId) {
	const r = await n8nCli(n8n, env, ['execute', `--id=${workflowId}`, '--rawOutput']);
	const text = r.stdout;
	const start = text.search(/^\{/m);
	let runData;
	if (start >= 0) {
		try {
			runData = JSON.parse(text.slice(start, text.lastIndexOf('}') + 1));
		} catch {
			runData = undefined;
		}
	}
	return { ok: r.status === 0 && Boolean(runData), status: r.status, run: runData, stdout: text, stderr: r.stderr };
}

/** The output items (json) of one node in a run, or [] if it did not run. */
function nodeItems(runResult, nodeName) {
	const runs = runResult?.data?.resultData?.runData?.[nodeName];
	if (!runs || !runs.length) return [];
	return (runs[runs.length - 1].data?.main?.[0] ?? []).map((i) => i.json);
}

/** The error of a failed run, as text. */
function runError(runResult) {
	const error = runResult?.data?.resultData?.error;
	if (!error) return undefined;
	const where = error.node?.name ? ` (node "${error.node.name}")` : '';
	const description = error.description ? `\n  ${error.description}` : '';
	return `${error.message}${where}${description}`;
}

function freePort(preferred) {
	const tryPort = (port) =>
		new Promise((resolve) => {
			const server = net.createServer();
			server.once('error', () => resolve(undefined));
			server.listen(port, '127.0.0.1', () => {
				const { port: actual } = server.address();
				server.close(() => resolve(actual));
			});
		});
	return (async () => {
		if (preferred) {
			const port = await tryPort(preferred);
			if (port) return port;
		}
		return tryPort(0);
	})();
}

/** Starts the local VMS emulator in this process. */
async function startEmulator(port = 0, { onRequest } = {}) {
	const serverFile = path.join(ROOT, 'test', 'emulator', 'server.js');
	if (!fs.existsSync(serverFile)) throw new Error('The VMS emulator (test/emulator/server.js) is missing');
	const { createEmulator } = require(serverFile);
	const emulator = createEmulator({ onRequest });
	const url = await emulator.start(port, '127.0.0.1');
	return { emulator, url };
}

/**
 * `n8n start` on 127.0.0.1:`port`, resolved when the editor answers. `stop()` ends it (SIGTERM,
 * then SIGKILL after 15 s). Output goes to `logFile`.
 */
async function startN8n(n8n, env, port, { logFile, timeoutMs = 180000 } = {}) {
	const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
	const serverEnv = {
		...env,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(await freePort(0)),
		N8N_HOST: 'localhost',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_LEVEL: env.N8N_LOG_LEVEL === 'error' ? 'warn' : env.N8N_LOG_LEVEL,
	};
	const child = spawn(node24(), [n8n.bin, 'start'], {
		cwd: env.N8N_USER_FOLDER,
		env: serverEnv,
		stdio: ['ignore', out, out],
		detached: true, // its own process group, so stop() also ends the task runner it starts
	});
	liveServers.add(child);
	let exited = false;
	const exit = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			exited = true;
			liveServers.delete(child);
			resolve({ code, signal });
		}),
	);
	const url = `http://localhost:${port}`;
	const started = Date.now();
	for (;;) {
		if (exited) {
			const tail = logFile ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
			throw new Error(`n8n start exited before it was ready\n${tail}`);
		}
		try {
			// While starting, n8n answers 200 with "n8n is starting up" and then 404 for a while:
			// wait for readiness, the REST API's JSON and the editor's page.
			const get = (p) => fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(2000) });
			const [ready, api, editor] = await Promise.all([get('/healthz/readiness'), get('/rest/settings'), get('/')]);
			const apiJson = api.ok && (api.headers.get('content-type') || '').includes('json');
			const editorHtml = editor.ok ? await editor.text() : '';
			if (ready.ok && apiJson && editorHtml.includes('/assets/')) break;
		} catch {
			/* not up yet */
		}
		if (Date.now() - started > timeoutMs) {
			killGroup(child, 'SIGKILL');
			throw new Error(`n8n did not answer on ${url} within ${seconds(timeoutMs)}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	return {
		url,
		port,
		pid: child.pid,
		ms: Date.now() - started,
		exit,
		async stop() {
			if (exited) return;
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15000);
			await exit;
			clearTimeout(timer);
		},
	};
}

/** `n8n start` processes not yet stopped; in their own process groups, so Ctrl-C does not reach them. */
const liveServers = new Set();
// Whatever way this process ends, no n8n is left behind.
process.once('exit', () => {
	for (const child of liveServers) killGroup(child, 'SIGKILL');
});

/**
 * On Ctrl-C or SIGTERM: runs `cleanup` (stop n8n gracefully, the emulator, …) once, then exits
 * with `exitCode()` (default 130). A second Ctrl-C exits at once (the 'exit' hook still kills any n8n left).
 */
function onInterrupt(cleanup, exitCode = () => 130) {
	let interrupted = false;
	const handler = (signal) => {
		if (interrupted) process.exit(130);
		interrupted = true;
		log(`${signal}: stopping n8n and the emulator...`);
		Promise.resolve()
			.then(cleanup)
			.catch(() => {})
			.finally(() => process.exit(exitCode()));
	};
	process.on('SIGINT', handler);
	process.on('SIGTERM', handler);
}

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

/** A plain text table of objects; long cells are cut. */
function table(rows, columns) {
	const cell = (v) => {
		if (v === undefined || v === null) return '';
		const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
		return s.length > 40 ? `${s.slice(0, 39)}…` : s;
	};
	// Columns that are empty in every row are left out.
	const cols = (columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))]).filter((c) =>
		rows.some((r) => cell(r[c]) !== ''),
	);
	// CJK characters take two columns in a terminal.
	const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
	const width = (s) => [...s].reduce((w, ch) => w + (wide.test(ch) ? 2 : 1), 0);
	const pad = (s, w) => s + ' '.repeat(Math.max(0, w - width(s)));
	const widths = cols.map((c) => Math.max(width(c), ...rows.map((r) => width(cell(r[c])))));
	const line = (values) => values.map((v, i) => pad(v, widths[i])).join('  ').trimEnd();
	const body = rows.map((r) => line(cols.map((c) => cell(r[c]))));
	return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...body].join('\n');
}

function defaultCacheDir() {
	return process.env.VMS_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-volcengine-vms');
}

module.exports = {
	ROOT,
	PACKAGE,
	N8N_VERSION,
	EMULATOR_KEYS,
	EMULATOR_POOL,
	CREDENTIAL,
	OWNER,
	seconds,
	log,
	run,
	toolEnv,
	node24,
	ensureN8n,
	buildAndPack,
	prepareUserFolder,
	n8nEnv,
	ownerEnv,
	n8nCli,
	n8nCliOk,
	importCredential,
	importWorkflow,
	executeWorkflow,
	nodeItems,
	runError,
	freePort,
	startEmulator,
	startN8n,
	onInterrupt,
	table,
	defaultCacheDir,
};
