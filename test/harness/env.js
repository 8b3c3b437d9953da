'use strict';
// The environment of a throw-away n8n: offline, quiet, its own user folder, and free ports.
const net = require('node:net');

const { toolEnv } = require('./install');

/** Encrypts credentials in throw-away databases only. Processes that share a database share it. */
const ENCRYPTION_KEY = 'n8n-nodes-volcengine-vms-throw-away-key';

/** A port that was free on 127.0.0.1 a moment ago. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** True when `port` on 127.0.0.1 can be listened on now. */
function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/**
 * The environment every n8n process of one instance (n8n `major` version) shares: `userFolder` (its SQLite database, settings
 * and installed community packages), a fixed encryption key, nothing that phones home, and `extra` on
 * top (e.g. DB_TYPE=postgresdb and QUEUE_* for processes that share a database). Ports are not set
 * here: each process gets its own (see startProcess in cli.js).
 * Inherited N8N_*, DB_*, EXECUTIONS_*, QUEUE_* and npm/jest variables are dropped, so a developer's own
 * n8n settings cannot leak in, nor NODE_ENV=test (jest's), which silences n8n's logger.
 */
function n8nEnv({ userFolder, major, extra = {} }) {
	const env = {};
	for (const [k, v] of Object.entries(toolEnv().env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|JEST_|E2E_|npm_)/.test(k)) continue;
		env[k] = v;
	}
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		NODE_ENV: 'production',
		// Offline and quiet: no telemetry, version checks, templates, banners, license renewals, AI
		// assistant, list of verified community nodes, MCP server registry or frontend hooks from n8n's servers.
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
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// n8n 1.x has no such module and refuses to start on an unknown name.
		...(major >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		// Load what is in <user folder>/.n8n/nodes; never npm-install "missing" packages.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// Plain http on localhost: the auth cookie must not be "secure".
		N8N_SECURE_COOKIE: 'false',
		// n8n 2.x prints the run of `execute` through its logger at info level (1.x on stdout): keep info,
		// one JSON line per message, so the run can be found (cli.js).
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_OUTPUT: 'console',
		// The Code node runs in a task runner (always in 2.x, where these two settings are deprecated;
		// opt-in in 1.x). Its broker listens on a port of its own per process (cli.js, server.js).
		...(major < 2 ? { N8N_RUNNERS_ENABLED: 'true', N8N_RUNNERS_MODE: 'internal' } : {}),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// Deterministic time zone for "a date-time without an offset" (workflows may set their own).
		GENERIC_TIMEZONE: 'Asia/Shanghai',
		TZ: 'UTC',
		...extra,
	};
}

module.exports = { ENCRYPTION_KEY, freePort, portIsFree, n8nEnv };
