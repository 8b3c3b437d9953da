'use strict';
// Queue mode (n8n's "scaling" set-up): PostgreSQL and Redis on loopback in a folder of their own, and
// the environment that makes every n8n process of one instance (main, workers, webhook processors)
// share them. PostgreSQL 17 comes from the npm registry (scripts/ensure-postgres.sh, cached), Redis
// from Debian (apt-get install redis-server when missing).
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { ROOT, run, toolEnv, requireFromN8n, ensureDebianCommand } = require('./install');
const { freePort } = require('./env');
const { nodeItems, nodeRun } = require('./cli');
const { FINISHED } = require('./server');

/** The PostgreSQL the queue suite runs on (n8n 2.x supports 17 and newer). */
const POSTGRES_VERSION = require('./n8n-version.json').postgres;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Service processes not yet stopped (their own process groups). However this process ends, none is left. */
const live = new Set();
process.once('exit', () => {
	for (const child of live) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
});

/**
 * The cached PostgreSQL server binaries (installed once, about 5 s): { version, dir } where dir holds
 * bin/ (initdb, postgres, pg_ctl), lib/ and share/.
 */
function ensurePostgres(version = POSTGRES_VERSION) {
	const out = run(path.join(ROOT, 'scripts', 'ensure-postgres.sh'), [version], { env: toolEnv().env, stderr: 'inherit' });
	const dir = out.trim().split('\n').pop();
	if (!fs.existsSync(path.join(dir, 'bin', 'postgres'))) throw new Error(`scripts/ensure-postgres.sh printed ${dir}, which has no bin/postgres`);
	return { version, dir };
}

/** Path of redis-server (REDIS_SERVER, or on PATH); installs Debian's redis-server first when there is none. */
function ensureRedis(log = () => {}) {
	return ensureDebianCommand('redis-server', { override: 'REDIS_SERVER', log, about: 'about 20 s' });
}

/** Spawns a service in its own process group, output to `logFile`; tracked until it exits. */
function spawnService(command, args, { logFile, uid, gid, env = process.env, cwd }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], detached: true, uid, gid });
	fs.closeSync(out);
	live.add(child);
	const exit = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			live.delete(child);
			resolve({ code, signal });
		}),
	);
	let exited = false;
	exit.then(() => (exited = true));
	return {
		child,
		exit,
		isExited: () => exited,
		/** `signal` to the group, SIGKILL after `graceMs`. */
		async stop(signal = 'SIGTERM', graceMs = 10000) {
			if (exited) return;
			try {
				process.kill(-child.pid, signal);
			} catch {
				// already gone
			}
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}, graceMs);
			await exit;
			clearTimeout(timer);
		},
	};
}

const tail = (file, lines = 20) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '');

/** Polls `check` (every 200 ms) until it returns a truthy value; fails when `service` exits or after `timeoutMs`. */
async function waitUntil(what, check, { service, logFile, timeoutMs = 60000 }) {
	const started = Date.now();
	for (;;) {
		const value = await check().catch(() => undefined);
		if (value) return value;
		if (service && service.isExited()) throw new Error(`${what} exited before it was ready:\n${tail(logFile)}`);
		if (Date.now() - started > timeoutMs) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${tail(logFile)}`);
		await sleep(200);
	}
}

/**
 * A throw-away PostgreSQL in `dir` (data, log) on a free loopback port, TCP only, trust authentication,
 * with a database `database`. PostgreSQL refuses to run as root: as root it runs as `nobody`, from a copy
 * of the binaries in `dir` (the cache under /root is not readable for nobody), and `dir` and its parent
 * are made traversable for others (mode +011). `n8n` (an ensureN8n() install) lends its `pg` driver for queries.
 * Resolves { host, port, user, database, env, logFile, query(sql, params), stop() }.
 */
async function startPostgres({ dir, n8n, install = ensurePostgres(), database = 'n8n', settings = {} }) {
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'postgres.log');
	const data = path.join(dir, 'data');
	const root = process.getuid && process.getuid() === 0;
	let binDir = path.join(install.dir, 'bin');
	let owner = {};
	if (root) {
		const id = (flag) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
		owner = { uid: id('-u'), gid: id('-g') };
		const copy = path.join(dir, 'pgsql');
		fs.cpSync(install.dir, copy, { recursive: true, verbatimSymlinks: true });
		binDir = path.join(copy, 'bin');
		// nobody must reach the copy and the data: a folder from mkdtemp is 700.
		for (const folder of [path.dirname(dir), dir]) fs.chmodSync(folder, fs.statSync(folder).mode | 0o011);
		fs.mkdirSync(data, { mode: 0o700 });
		fs.chownSync(data, owner.uid, owner.gid);
		fs.writeFileSync(logFile, '');
		fs.chownSync(logFile, owner.uid, owner.gid);
	}
	const env = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C', TZ: 'UTC' };
	const initdb = spawnSync(
		path.join(binDir, 'initdb'),
		['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions'],
		{ encoding: 'utf8', env, ...owner },
	);
	if (initdb.status !== 0) throw new Error(`initdb failed (${initdb.status ?? initdb.signal}):\n${initdb.stdout}${initdb.stderr}${initdb.error || ''}`);

	const port = await freePort();
	const options = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: '', max_connections: '200', ...settings };
	const args = ['-D', data, ...Object.entries(options).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
	const service = spawnService(path.join(binDir, 'postgres'), args, { logFile, env, cwd: dir, ...owner });

	const pg = requireFromN8n(n8n, 'pg');
	const connection = { host: '127.0.0.1', port, user: 'postgres', password: '' };
	await waitUntil(
		`PostgreSQL on port ${port}`,
		async () => {
			const client = new pg.Client({ ...connection, database: 'postgres', connectionTimeoutMillis: 2000 });
			await client.connect();
			try {
				const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
				if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
				return true;
			} finally {
				await client.end();
			}
		},
		{ service, logFile },
	);

	let pool;
	return {
		...connection,
		database,
		version: install.version,
		logFile,
		pid: service.child.pid,
		/** What every n8n process of the instance needs to share this database. */
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: connection.host,
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: connection.user,
			DB_POSTGRESDB_PASSWORD: '',
		},
		/** One SQL statement on the n8n database: its rows. */
		async query(sql, params = []) {
			pool ??= new pg.Pool({ ...connection, database, max: 2 });
			return (await pool.query(sql, params)).rows;
		},
		/** Fast shutdown (SIGINT), SIGKILL after 10 s. */
		async stop() {
			if (pool) await pool.end().catch(() => {});
			pool = undefined;
			await service.stop('SIGINT');
		},
	};
}

/** Sends `PING` to Redis on `port`; resolves true on `+PONG`. */
function redisPing(port) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let text = '';
		socket.setTimeout(2000, () => socket.destroy(new Error('timeout')));
		socket.once('error', reject);
		socket.on('data', (d) => {
			text += d;
			if (text.includes('\r\n')) {
				socket.end();
				resolve(text.startsWith('+PONG'));
			}
		});
		socket.write('PING\r\n');
	});
}

/** A throw-away Redis in `dir` on a free loopback port, nothing saved to disk. Resolves { host, port, env, logFile, stop() }. */
async function startRedis({ dir, bin = ensureRedis() }) {
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const port = await freePort();
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
	const service = spawnService(bin, args, { logFile, cwd: dir });
	await waitUntil(`Redis on port ${port}`, () => redisPing(port), { service, logFile });
	return {
		host: '127.0.0.1',
		port,
		logFile,
		pid: service.child.pid,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop: () => service.stop('SIGTERM'),
	};
}

/**
 * The settings every process of a queue-mode instance shares (besides the encryption key, which the
 * harness already gives every process): queue mode, the database, Redis, and binary data in the
 * database (the default in queue mode in 2.x; filesystem mode would keep a file on the machine of the
 * process that wrote it).
 */
function queueEnv({ postgres, redis }) {
	return {
		EXECUTIONS_MODE: 'queue',
		...postgres.env,
		...redis.env,
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// Manual executions (the editor's "Execute workflow") run on workers too, not on main.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

/**
 * n8n's executions read straight from its PostgreSQL (`postgres` from startPostgres, `n8n` an ensureN8n()
 * install for `flatted`): the rows every process writes, no login needed. Ids are numbers here.
 */
function executionsDb(postgres, n8n) {
	const flatted = requireFromN8n(n8n, 'flatted');
	const columns = `e.id::int AS id, e.status, e.mode, e."workflowId", e."startedAt", e."stoppedAt", e."createdAt"`;
	const db = {
		/** Executions of `workflowId` (or all) with an id above `afterId`, oldest first: { id, status, mode, workflowId, startedAt, stoppedAt, createdAt }. */
		executions: ({ workflowId, afterId = 0 } = {}) =>
			postgres.query(
				`SELECT ${columns} FROM execution_entity e WHERE e.id > $1 AND ($2::text IS NULL OR e."workflowId" = $2) ORDER BY e.id`,
				[afterId, workflowId ?? null],
			),

		/** The highest execution id so far (0 when none): pass it as `afterId` to see only what comes next. */
		async lastId() {
			const [row] = await postgres.query('SELECT COALESCE(MAX(id), 0)::int AS id FROM execution_entity');
			return row.id;
		},

		/** One execution with its run data decoded: { ...row, data, dataBytes (as stored), error, items(node, run), nodeRun(node, run) }. */
		async execution(id) {
			const [row] = await postgres.query(
				`SELECT ${columns}, d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e.id = $1`,
				[id],
			);
			if (!row) throw new Error(`No execution ${id} in the database`);
			const data = row.data ? flatted.parse(row.data) : undefined;
			return {
				...row,
				data,
				dataBytes: row.data ? Buffer.byteLength(row.data) : 0,
				error: data && data.resultData && data.resultData.error,
				items: (node, runIndex) => nodeItems(data, node, runIndex),
				nodeRun: (node, runIndex) => nodeRun(data, node, runIndex),
			};
		},

		/**
		 * Waits until `count` executions of `workflowId` after `afterId` have finished (success, error, crashed,
		 * canceled) and resolves them, oldest first, decoded (execution()). Fails when more than `count` appear.
		 */
		async waitForExecutions({ workflowId, count = 1, afterId = 0, timeoutMs = 120000 }) {
			const started = Date.now();
			for (;;) {
				const list = await db.executions({ workflowId, afterId });
				if (list.length > count) throw new Error(`Expected ${count} execution(s) of ${workflowId}, found ${list.length}: ${describe(list)}`);
				if (list.length === count && list.every((e) => FINISHED.includes(e.status))) return Promise.all(list.map((e) => db.execution(e.id)));
				if (Date.now() - started > timeoutMs) {
					throw new Error(`${count} finished execution(s) of ${workflowId} not there within ${timeoutMs / 1000} s (${describe(list) || 'none'})`);
				}
				await sleep(250);
			}
		},

		/** Waits until execution `id` has status `status` (or any of a list); resolves its row. */
		async waitForStatus(id, status, { timeoutMs = 120000 } = {}) {
			const wanted = [].concat(status);
			const started = Date.now();
			for (;;) {
				const [row] = await postgres.query(`SELECT ${columns} FROM execution_entity e WHERE e.id = $1`, [id]);
				if (row && wanted.includes(row.status)) return row;
				if (Date.now() - started > timeoutMs) throw new Error(`Execution ${id} is "${row && row.status}", not ${wanted.join(' or ')}, after ${timeoutMs / 1000} s`);
				await sleep(250);
			}
		},
	};
	return db;
}

const describe = (list) => list.map((e) => `${e.id}: ${e.status}`).join(', ');

module.exports = { POSTGRES_VERSION, ensurePostgres, ensureRedis, startPostgres, startRedis, queueEnv, executionsDb };
