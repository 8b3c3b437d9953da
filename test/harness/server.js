'use strict';
// Long-running n8n processes (`n8n start`, and later `n8n worker` / `n8n webhook` on the same database)
// and the REST access to a main process: owner, login, executions.
const { spawn } = require('node:child_process');
const fs = require('node:fs');

const { freePort } = require('./env');
const { nodeItems, nodeRun } = require('./cli');
const { requireFromN8n } = require('./install');

/** The owner account a server sets up (a throw-away instance on 127.0.0.1; not a secret). */
const OWNER = { email: 'demo@example.com', password: 'Demo-Passw0rd', firstName: 'Demo', lastName: 'Owner' };

/** Execution states that will not change any more (`waiting` is a paused execution, e.g. a Wait node). */
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Server processes not yet stopped. Each has its own process group (its task runner included). */
const live = new Set();
// However this process ends, no n8n is left behind.
process.once('exit', () => {
	for (const child of live) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** GET/POST on a server with a timeout; never throws for an HTTP status, only when nothing answers. */
async function request(url, { method = 'GET', headers = {}, body, timeoutMs = 10000 } = {}) {
	const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
	const res = await fetch(url, {
		method,
		headers: payload !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json', ...headers } : headers,
		body: payload,
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/** The ports and readiness check of each kind of process. */
function processSettings(command, port, processEnv) {
	const base = `http://127.0.0.1:${port}`;
	if (command === 'worker') {
		// A worker answers /healthz on its health-check port once it is connected to Redis.
		return { port, env: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) }, ready: healthz(base) };
	}
	const env = { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: 'localhost' };
	if (command === 'webhook') return { port, env, ready: healthz(base) };
	return { port, env, ready: mainReady(base, { editor: processEnv.N8N_DISABLE_UI !== 'true' }) };
}

const healthz = (base) => async () => (await request(`${base}/healthz`, { timeoutMs: 2000 })).status === 200;

/**
 * A main process is ready when its readiness check passes, the REST API answers JSON and the editor's
 * page is served. (While starting, n8n answers 200 "n8n is starting up" and then 404 for a while.)
 */
const mainReady = (base, { editor = true }) => async () => {
	const [ready, settings, page] = await Promise.all(
		['/healthz/readiness', '/rest/settings', '/'].map((p) => request(`${base}${p}`, { timeoutMs: 2000 })),
	);
	return ready.status === 200 && settings.status === 200 && settings.json !== undefined && (!editor || page.text.includes('/assets/'));
};

/**
 * Starts `n8n <command> [...args]` ('start' by default; 'worker' and 'webhook' join a shared database
 * given through the instance's env, see queue.js; e.g. `args: ['--concurrency=10']` for a worker) for
 * `instance` on `port` (default: a free one; a worker's is its health-check port) with a free
 * task-broker port, and resolves once it is ready. `userFolder` (default: the instance's) gives a
 * process a folder of its own, as on another machine: install the package there too. Output goes to `logFile` (plain text).
 * For `start`: `owner` (default true) sets up the owner account (OWNER, or the account given) and logs
 * in; `waitForWebhooks` (e.g. [{ method: 'POST', path: 'vms-bind' }]) also waits until the production
 * webhooks of published workflows are registered (n8n activates them after it starts listening).
 * @returns {Promise<N8nServer>}
 */
async function startN8n(
	instance,
	{ command = 'start', args = [], port, userFolder = instance.userFolder, env = {}, logFile, owner = true, waitForWebhooks = [], timeoutMs = 180000 } = {},
) {
	const settings = processSettings(command, port ?? (await freePort()), { ...instance.env, ...env });
	const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
	const child = spawn(instance.n8n.node, [instance.n8n.bin, command, ...args], {
		cwd: userFolder,
		env: {
			...instance.env,
			N8N_USER_FOLDER: userFolder,
			// Readable for people: the server's log is a file, not parsed.
			N8N_LOG_FORMAT: 'text',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...settings.env,
			...env,
		},
		stdio: ['ignore', out, out],
		detached: true, // its own process group: stop() ends its task runner too, and Ctrl-C does not reach it first
	});
	if (typeof out === 'number') fs.closeSync(out);
	live.add(child);
	let exited = false;
	const exit = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			exited = true;
			live.delete(child);
			resolve({ code, signal });
		}),
	);
	const started = Date.now();
	const server = createServer({ instance, command, port: settings.port, child, exit, isExited: () => exited, logFile });
	const logTail = () => (logFile && fs.existsSync(logFile) ? `\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}` : '');
	try {
		for (;;) {
			if (exited) throw new Error(`n8n ${command} exited before it was ready${logTail()}`);
			if (await settings.ready().catch(() => false)) break;
			if (Date.now() - started > timeoutMs) throw new Error(`n8n ${command} was not ready on port ${settings.port} within ${seconds(timeoutMs)}${logTail()}`);
			await sleep(500);
		}
		if (command === 'start' && owner) await server.setupOwner(owner === true ? OWNER : owner);
		for (const webhook of waitForWebhooks) await server.waitForWebhook(webhook, { timeoutMs: timeoutMs - (Date.now() - started) });
	} catch (error) {
		await server.stop();
		throw error;
	}
	server.ms = Date.now() - started;
	return server;
}

/**
 * @typedef {object} N8nServer
 * @property {string} url        http://localhost:<port> (for `start` and `webhook`)
 * @property {number} port
 * @property {number} pid
 * @property {number} ms         how long it took to be ready
 * @property {Promise<{code: number|null, signal: string|null}>} exit
 */
function createServer({ instance, command, port, child, exit, isExited, logFile }) {
	const url = `http://localhost:${port}`;
	let cookie;
	let owner;

	/** A REST call as the logged-in owner; throws unless n8n answers 2xx. Returns the body's `data`. */
	async function rest(method, route, body) {
		if (!cookie) throw new Error('Not logged in: start n8n with the owner set up (owner: true), or call login()');
		const res = await request(`${url}/rest${route}`, { method, body, headers: { cookie } });
		if (res.status < 200 || res.status >= 300) throw new Error(`n8n ${method} /rest${route} answered ${res.status}: ${res.text.slice(0, 500)}`);
		return res.json && 'data' in res.json ? res.json.data : res.json;
	}

	function keepCookie(res, what) {
		const set = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (res.status !== 200 || !set) throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 500)}`);
		cookie = set.split(';')[0];
	}

	const server = {
		command,
		url,
		port,
		pid: child.pid,
		logFile,
		exit,
		ms: 0,

		/** The production URL of a Webhook node's path. */
		webhookUrl: (path) => `${url}/webhook/${path}`,

		/** POSTs `body` (JSON) to the production webhook `path`; resolves { status, json, text, headers }. */
		postWebhook: (path, body, { headers } = {}) => request(server.webhookUrl(path), { method: 'POST', body, headers }),

		/**
		 * Sets up the owner account through the REST API (the /setup page's call) and logs in as it. On a
		 * database that has its owner already (a second server of the suite, a restart) it logs in.
		 */
		async setupOwner(account = OWNER) {
			const res = await request(`${url}/rest/owner/setup`, { method: 'POST', body: account });
			if (res.status === 400 && /owner already setup/i.test(res.text)) return server.login(account);
			keepCookie(res, 'n8n POST /rest/owner/setup');
			owner = account;
		},

		/** Logs in through the REST API (the sign-in page's call). */
		async login(account = owner || OWNER) {
			const res = await request(`${url}/rest/login`, {
				method: 'POST',
				body: { emailOrLdapLoginId: account.email, password: account.password },
			});
			keepCookie(res, 'n8n POST /rest/login');
			owner = account;
		},

		rest,

		/**
		 * Publishes (activates) a workflow in the running n8n 2.x, as the editor's Publish button does
		 * (`POST /rest/workflows/<id>/activate` with its current version): its triggers and production
		 * webhooks work at once, no restart. (n8n.publish() is the CLI's way, before start.)
		 */
		async publish(workflowId) {
			const { versionId } = await rest('GET', `/workflows/${workflowId}`);
			return rest('POST', `/workflows/${workflowId}/activate`, { versionId });
		},

		/**
		 * Waits until the production webhook `method path` of a published workflow is registered, without
		 * starting an execution: a CORS preflight (OPTIONS with an Origin, no requested method) answers
		 * 204 with Access-Control-Allow-Methods listing the methods registered for the path.
		 */
		async waitForWebhook({ method = 'POST', path }, { timeoutMs = 60000 } = {}) {
			const started = Date.now();
			for (;;) {
				const res = await request(server.webhookUrl(path), { method: 'OPTIONS', headers: { origin: url }, timeoutMs: 2000 }).catch(() => undefined);
				const allowed = (res && res.headers.get('access-control-allow-methods')) || '';
				if (res && res.status === 204 && allowed.split(/\s*,\s*/).includes(method)) return;
				if (isExited()) throw new Error(`n8n ${command} exited while waiting for webhook ${method} ${path}`);
				if (Date.now() - started > timeoutMs) {
					throw new Error(`Webhook ${method} ${path} was not registered within ${seconds(timeoutMs)} (registered: "${allowed}"); see ${logFile || 'the log'}`);
				}
				await sleep(250);
			}
		},

		/** Executions, newest first: [{ id, workflowId, status, mode, startedAt, stoppedAt, … }]. */
		async executions({ workflowId, status, limit = 100 } = {}) {
			const filter = JSON.stringify({ ...(workflowId ? { workflowId } : {}), ...(status ? { status: [].concat(status) } : {}) });
			const data = await rest('GET', `/executions?filter=${encodeURIComponent(filter)}&limit=${limit}`);
			return data.results;
		},

		/**
		 * One execution with its run data decoded (the REST API sends it `flatted`-serialized):
		 * { id, status, mode, workflowId, data: IRunExecutionData, workflowData, error, items(node), nodeRun(node) }.
		 */
		async execution(id) {
			const raw = await rest('GET', `/executions/${id}`);
			const data = typeof raw.data === 'string' ? requireFromN8n(instance.n8n, 'flatted').parse(raw.data) : raw.data;
			return {
				...raw,
				data,
				error: data && data.resultData && data.resultData.error,
				items(node, runIndex) {
					if (raw.dataTooLargeToDisplay) throw new Error(`Execution ${id}: n8n left its data out (larger than EXECUTIONS_DATA_MAX_DISPLAY_SIZE)`);
					return nodeItems(data, node, runIndex);
				},
				nodeRun: (node, runIndex) => nodeRun(data, node, runIndex),
			};
		},

		/**
		 * The bytes of a binary property of an execution's item (`item.binary.data`): read through n8n's
		 * REST API (`GET /rest/binary-data?id=…&action=download`) when n8n stored the file apart (the
		 * `filesystem` mode, 2.x's default: the item has an `id`), else from the item (`default` mode,
		 * 1.x's default: base64 in `data`).
		 */
		async binaryData(binary) {
			if (!binary.id) return Buffer.from(binary.data, 'base64');
			if (!cookie) throw new Error('Not logged in: start n8n with the owner set up (owner: true), or call login()');
			const route = `/rest/binary-data?id=${encodeURIComponent(binary.id)}&action=download`;
			const res = await fetch(`${url}${route}`, { headers: { cookie }, signal: AbortSignal.timeout(10000) });
			if (res.status !== 200) throw new Error(`n8n GET ${route} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
			return Buffer.from(await res.arrayBuffer());
		},

		/**
		 * Waits until `count` executions of `workflowId` have finished (FINISHED states) and resolves them,
		 * oldest first, each with its run data (see execution()). Fails when more than `count` appear.
		 */
		async waitForExecutions({ workflowId, count = 1, timeoutMs = 60000 } = {}) {
			const started = Date.now();
			for (;;) {
				const list = await server.executions({ workflowId });
				const done = list.filter((e) => FINISHED.includes(e.status));
				if (list.length > count) throw new Error(`Expected ${count} execution(s) of ${workflowId}, found ${list.length}`);
				if (done.length === count) {
					const ordered = done.sort((a, b) => Number(a.id) - Number(b.id));
					return Promise.all(ordered.map((e) => server.execution(e.id)));
				}
				if (Date.now() - started > timeoutMs) {
					const states = list.map((e) => `${e.id}: ${e.status}`).join(', ') || 'none';
					throw new Error(`${count} finished execution(s) of ${workflowId} not there within ${seconds(timeoutMs)} (${states})`);
				}
				await sleep(250);
			}
		},

		/** The server's log so far ('' without a logFile). */
		log: () => (logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),

		/**
		 * For a worker: the ids of the executions it started and finished, from its log ("Worker started
		 * execution 12 (job 5)", "Worker finished execution 12 (job 5)"), in order.
		 */
		jobs() {
			const text = server.log();
			const ids = (re) => [...text.matchAll(re)].map((m) => m[1]);
			return { started: ids(/Worker started execution (\d+)/g), finished: ids(/Worker finished execution (\d+)/g) };
		},

		/** Kills the process group at once (SIGKILL: no clean shutdown, like a machine that dies); resolves when it is gone. */
		async kill() {
			if (isExited()) return;
			killGroup(child, 'SIGKILL');
			await exit;
		},

		/** Ends the process group: SIGTERM (n8n shuts down cleanly), SIGKILL after 15 s. */
		async stop() {
			if (isExited()) return;
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15000);
			await exit;
			clearTimeout(timer);
		},
	};
	return server;
}

/**
 * On Ctrl-C or SIGTERM: runs `cleanup` (stop n8n, an emulator, …) once, then exits with `exitCode()`
 * (default 130). A second Ctrl-C exits at once; the exit hook above still kills any n8n left.
 */
function onInterrupt(cleanup, exitCode = () => 130, log = (m) => process.stderr.write(`${m}\n`)) {
	let interrupted = false;
	const handler = (signal) => {
		if (interrupted) process.exit(130);
		interrupted = true;
		log(`${signal}: stopping...`);
		Promise.resolve()
			.then(cleanup)
			.catch(() => {})
			.finally(() => process.exit(exitCode()));
	};
	process.on('SIGINT', handler);
	process.on('SIGTERM', handler);
}

module.exports = { OWNER, FINISHED, startN8n, onInterrupt, request };
