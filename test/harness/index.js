'use strict';
/**
 * One harness for everything that runs this package in a real n8n: the demo (scripts/demo), the
 * end-to-end suite (test/e2e) and the browser check (test/browser). See README.md here.
 *
 *   const h = require('../harness');
 *   const n8n = h.n8nInstance({ n8n: h.ensureN8n(), userFolder });   // pinned version, Node 24
 *   h.installPackage(h.buildAndPack(workDir), userFolder);             // like the Community Nodes installer
 *   await n8n.importCredentials([...]); await n8n.importWorkflows([...]);
 *   const res = await n8n.execute(workflowId);                         // n8n execute, run parsed
 *   await n8n.publish(workflowId);                                     // active on the next start
 *   const server = await n8n.start({ waitForWebhooks: [{ method: 'POST', path: 'my-hook' }] });
 *   await server.postWebhook('my-hook', { a: 1 });
 *   const [execution] = await server.waitForExecutions({ workflowId });
 *   execution.items('Node name'); await server.stop();
 */
const fs = require('node:fs');
const path = require('node:path');

const install = require('./install');
const env = require('./env');
const cli = require('./cli');
const server = require('./server');
const queue = require('./queue');

/**
 * An n8n install and one user folder (its SQLite database, settings and installed packages), with the
 * environment all of its processes share. Plain data in, so another process can rebuild it from
 * `instance.toJSON()` (jest's global setup hands it to the test files this way).
 * @param {object} options
 * @param {object} options.n8n         from ensureN8n(): { version, major, dir, bin, node }
 * @param {string} options.userFolder  N8N_USER_FOLDER; its .n8n holds the database
 * @param {object} [options.env]       extra environment for every process (e.g. a shared PostgreSQL, QUEUE_*)
 */
function n8nInstance({ n8n, userFolder, env: extraEnv = {} }) {
	fs.mkdirSync(userFolder, { recursive: true });
	const instance = {
		n8n,
		version: n8n.version,
		major: n8n.major,
		userFolder,
		env: env.n8nEnv({ userFolder, major: n8n.major, extra: extraEnv }),
		toJSON: () => ({ n8n, userFolder, env: extraEnv }),

		/** `n8n <args>` to the end: { code, signal, stdout, stderr, logs, text, ms }. */
		cli: (args, options) => cli.runCli(instance, args, options),
		/** Same, throwing with what n8n said on a non-zero exit. */
		cliOk: (args, options) => cli.runCliOk(instance, args, options),

		/** `n8n import:credentials` of [{ id, name, type, data }] (plain data; n8n encrypts it with the instance key). */
		importCredentials: (credentials) => importFile(instance, 'import:credentials', 'credentials', credentials),

		/** `n8n import:workflow` of workflow objects (each with its id); one call for all of them. */
		importWorkflows: (workflows) => importFile(instance, 'import:workflow', 'workflows', workflows),

		/** `n8n execute --id --rawOutput`, the run parsed: see ExecuteResult in cli.js. */
		execute: (workflowId, options) => cli.execute(instance, workflowId, options),

		/**
		 * Makes a workflow active from the next start (its triggers and production webhooks):
		 * `publish:workflow --id` in n8n 2.x, `update:workflow --id --active=true` in 1.x. Changes take
		 * effect when n8n starts, so publish before start().
		 */
		publish: (workflowId) =>
			cli.runCliOk(instance, n8n.major >= 2 ? ['publish:workflow', `--id=${workflowId}`] : ['update:workflow', `--id=${workflowId}`, '--active=true']),

		/** `n8n start` (or `worker` / `webhook`) on free ports, ready: see startN8n in server.js. */
		start: (options) => server.startN8n(instance, options),
	};
	return instance;
}

let imports = 0;
async function importFile(instance, command, what, list) {
	const file = path.join(instance.userFolder, `.import-${process.pid}-${++imports}-${what}.json`);
	fs.writeFileSync(file, JSON.stringify(list, null, 2));
	try {
		return await instance.cliOk([command, `--input=${file}`]);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

module.exports = {
	...install,
	...env,
	...server,
	...queue,
	nodeItems: cli.nodeItems,
	nodeRun: cli.nodeRun,
	n8nInstance,
};
