'use strict';
// Runs the real n8n CLI (a pinned install from scripts/ensure-n8n.sh) with Node 24 and parses what it prints.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const DEFAULT_N8N_VERSION = '2.41.1';

/** Runs `bash -c` with scripts/env.sh sourced (Node 24 on PATH) and returns stdout, or throws with its stderr. */
function withEnvSh(script, { timeoutMs = 30 * 60 * 1000 } = {}) {
	const res = spawnSync('bash', ['-c', `set -euo pipefail; . scripts/env.sh; ${script}`], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: timeoutMs,
		maxBuffer: 64 * 1024 * 1024,
	});
	if (res.status !== 0) {
		throw new Error(`bash -c '${script}' failed (exit ${res.status}${res.signal ? `, ${res.signal}` : ''}):\n${res.stderr}\n${res.stdout}`);
	}
	return res.stdout.trim();
}

/** The Node 24 binary (scripts/env.sh installs it when the machine's Node is older). */
function node24() {
	const bin = withEnvSh('command -v node');
	const major = Number(spawnSync(bin, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim());
	if (!(major >= 24)) throw new Error(`${bin} is Node ${major}; n8n 2.x needs Node 24`);
	return bin;
}

/** Installs (once, cached) and locates n8n `version`: returns the path of its bin/n8n script. */
function ensureN8n(version) {
	if (!/^[0-9]+\.[0-9]+\.[0-9]+$/.test(version)) throw new Error(`E2E_N8N_VERSION must be x.y.z, got "${version}"`);
	const dir = withEnvSh(`scripts/ensure-n8n.sh ${version}`).split('\n').pop();
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!fs.existsSync(bin)) throw new Error(`n8n ${version} is not installed in ${dir}`);
	return bin;
}

/**
 * The environment of every n8n command: a throw-away user folder, a fixed key, nothing phoning home.
 * Inherited N8N_* / DB_* (and jest's, npm's) variables are dropped so a developer's own n8n settings cannot leak in.
 */
function n8nEnv({ userFolder, nodeBin, brokerPort }) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		// NODE_ENV=test (set by jest) silences n8n's logger, and with it the run JSON of `execute`.
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|JEST_|E2E_|npm_)/.test(k)) continue;
		env[k] = v;
	}
	Object.assign(env, {
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'e2e-fixed-encryption-key-0123456789',
		DB_TYPE: 'sqlite',
		// Offline and quiet: no telemetry, version checks, templates, banners, license renewals.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// Load what is in <user folder>/.n8n/nodes; never try to npm-install "missing" packages.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// n8n 2.x prints the run of `execute` at *info* level through its logger (1.x on stdout), so keep
		// info and use the JSON log format: one parseable line per message, the run JSON included.
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_OUTPUT: 'console',
		// The Code node runs in a task runner (always on in 2.x, opt-in in 1.x). Its broker listens on a
		// port (5679 by default): take a free one so parallel runs and a local n8n do not collide.
		N8N_RUNNERS_ENABLED: 'true',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// Deterministic time zone for "a date-time without an offset" (workflows may set their own).
		GENERIC_TIMEZONE: 'Asia/Shanghai',
		TZ: 'UTC',
	});
	return env;
}

/** Splits n8n's stdout into JSON log records and other text (1.x prints some results with console.log). */
function parseOutput(stdout) {
	const logs = [];
	const other = [];
	for (const line of stdout.split('\n')) {
		if (line.startsWith('{"level"') || line.startsWith('{"message"')) {
			try {
				const record = JSON.parse(line);
				if (typeof record.message === 'string' && typeof record.level === 'string') {
					logs.push(record);
					continue;
				}
			} catch {
				// not a log record
			}
		}
		other.push(line);
	}
	return { logs, text: other.join('\n') };
}

function isRun(value) {
	return value !== null && typeof value === 'object' && value.data && value.data.resultData && 'mode' in value;
}

/** The IRun printed by `n8n execute` (on success, and at info level on failure), or undefined. */
function findRun({ logs, text }) {
	for (const record of logs) {
		const message = record.message.trim();
		if (!message.startsWith('{')) continue;
		try {
			const value = JSON.parse(message);
			if (isRun(value)) return value;
		} catch {
			// another message
		}
	}
	// Printed with console.log: from a line that is exactly "{" to the matching line "}".
	const lines = text.split('\n');
	const start = lines.indexOf('{');
	if (start >= 0) {
		const end = lines.lastIndexOf('}');
		try {
			const value = JSON.parse(lines.slice(start, end + 1).join('\n'));
			if (isRun(value)) return value;
		} catch {
			// not JSON
		}
	}
	return undefined;
}

/**
 * Runs `n8n <args>` to the end. Returns { code, signal, stdout, stderr, logs, text, ms }.
 * `logs` are the JSON log records; `text` is the rest of stdout.
 */
function runN8n(ctx, args, { timeoutMs = 180000 } = {}) {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(ctx.nodeBin, [ctx.n8nBin, ...args], { cwd: ctx.userFolder, env: ctx.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const parsed = parseOutput(stdout);
			resolve({ code, signal, stdout, stderr, ...parsed, ms: Date.now() - started });
		});
	});
}

/** Like runN8n, but a non-zero exit is an error that shows what n8n said. */
async function runN8nOk(ctx, args, options) {
	const res = await runN8n(ctx, args, options);
	if (res.code !== 0) {
		const said = res.logs.filter((l) => l.level !== 'info' && l.level !== 'debug').map((l) => `${l.level}: ${l.message}`);
		throw new Error(`n8n ${args.join(' ')} exited with ${res.code}${res.signal ? ` (${res.signal})` : ''}:\n${said.join('\n')}\n${res.text}\n${res.stderr}`.trim());
	}
	return res;
}

module.exports = { ROOT, DEFAULT_N8N_VERSION, withEnvSh, node24, ensureN8n, n8nEnv, parseOutput, findRun, runN8n, runN8nOk };
