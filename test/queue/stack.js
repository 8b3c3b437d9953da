'use strict';
/**
 * n8n in queue mode with this package, on one machine, for the queue suite and its benchmark:
 * the VMS emulator (in this process, with a big AXN pool), PostgreSQL 17 and Redis in a work folder,
 * and the pinned n8n as one main (`n8n start`), workers (`n8n worker`) and webhook processors
 * (`n8n webhook`). Every n8n process has a user folder of its own with the packed package installed
 * the way the Community Nodes installer does it, as if each ran on its own machine; what they share
 * is the database, Redis and the encryption key. See docs/scaling.md.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const h = require('../harness');
const { createEmulator } = require('../emulator/server');
const { DEFAULT_SEED } = require('../emulator/state');
const wf = require('./workflows');

/** Every workflow of the suite with its webhook (path, or the trigger's `<webhookId>/webhook`). */
const WEBHOOKS = [
	...Object.values(wf.PATHS).map((p) => ({ method: 'POST', path: p })),
	...Object.values(wf.TRIGGER_IDS).map((id) => ({ method: 'POST', path: `${id}/webhook` })),
];

/**
 * Settings of every process besides queueEnv(): shorter Bull lock and stalled-job check than n8n's
 * defaults (60 s lock, 30 s check), so that a killed worker's job is noticed within about 20 s.
 */
const SCALING_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '15000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
	// Workers that are stopped wait this long for their running executions (default 30 s).
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
};

/** The emulator's pools: the defaults, the example's AXN pool with 100 numbers, and one bulk pool of `bulk` numbers. */
function seed(bulk) {
	const axn = Array.from({ length: 100 }, (_, i) => String(13700000002 + i));
	return {
		...DEFAULT_SEED,
		pools: [
			...DEFAULT_SEED.pools.map((p) => (p.numberPoolNo === wf.LIFECYCLE_POOL ? { ...p, numbers: axn } : p)),
			{
				numberPoolNo: wf.BULK_POOL,
				name: 'Queue bulk pool',
				subServiceType: 'AXN',
				cityCode: '010',
				numbers: Array.from({ length: bulk }, (_, i) => String(wf.BULK_X0 + i)),
			},
		],
	};
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Starts everything; resolves the stack (see the return value). `workers` and `webhooks` are how many
 * of each; `concurrency` is each worker's `--concurrency`; `bulk` the size of the bulk pool; `build`
 * false packs the dist/ there is. Stop it with `stack.stop()`; Ctrl-C is handled.
 */
async function startStack({ workers = 2, webhooks = 1, concurrency = 10, bulk = 25000, build = true, log = () => {} } = {}) {
	const timings = [];
	const step = async (label, fn) => {
		const started = Date.now();
		const value = await fn();
		timings.push({ step: label, ms: Date.now() - started });
		log(`${label}: ${seconds(Date.now() - started)}`);
		return value;
	};
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-queue-'));
	log(`work folder ${workDir}`);
	const stack = { workDir, timings, workers: [], webhooks: [] };
	const stopAll = async () => {
		const n8n = [...stack.workers, ...stack.webhooks, stack.main].filter(Boolean);
		await Promise.all(n8n.map((s) => s.stop().catch(() => {})));
		await Promise.all([stack.postgres, stack.redis, stack.emulator].filter(Boolean).map((s) => s.stop().catch(() => {})));
	};
	h.onInterrupt(stopAll, undefined, log);
	stack.stop = async ({ keep = process.env.QUEUE_KEEP === '1' } = {}) => {
		await step('stop', stopAll);
		if (keep) log(`kept ${workDir} (QUEUE_KEEP=1)`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	};

	/** A user folder of its own for process `name`, with the package installed in it. */
	const folder = (name) => {
		const dir = path.join(workDir, name);
		h.installPackage(stack.tarball, dir);
		return dir;
	};
	/** One more `n8n worker --concurrency=<concurrency>` (the benchmark adds one while the stack runs). */
	stack.addWorker = async () => {
		const i = stack.workers.push(undefined) - 1;
		const name = `worker-${i + 1}`;
		const logFile = path.join(workDir, `${name}.log`);
		stack.workers[i] = await stack.n8n.start({ command: 'worker', args: [`--concurrency=${concurrency}`], userFolder: folder(name), logFile });
		return stack.workers[i];
	};
	/** One more `n8n webhook` (a second one shows what de-duplication does across processes). */
	stack.addWebhook = async () => {
		const i = stack.webhooks.push(undefined) - 1;
		const name = `webhook-${i + 1}`;
		const logFile = path.join(workDir, `${name}.log`);
		stack.webhooks[i] = await stack.n8n.start({ command: 'webhook', userFolder: folder(name), logFile, waitForWebhooks: WEBHOOKS });
		return stack.webhooks[i];
	};

	try {
		// Installs (cached after the first run; their times are the cold-install cost).
		const install = await step(`n8n ${h.N8N_VERSION} (cached)`, () => h.ensureN8n());
		const pgInstall = await step(`PostgreSQL ${h.POSTGRES_VERSION} binaries (cached)`, () => h.ensurePostgres());
		const redisBin = await step('redis-server (Debian)', () => h.ensureRedis(log));

		stack.tarball = await step(build ? 'npm run build + npm pack' : 'npm pack', () => h.buildAndPack(workDir, { build }));
		await step('PostgreSQL, Redis and the emulator started', async () => {
			[stack.postgres, stack.redis] = await Promise.all([
				h.startPostgres({ dir: path.join(workDir, 'postgres'), n8n: install, install: pgInstall }),
				h.startRedis({ dir: path.join(workDir, 'redis'), bin: redisBin }),
			]);
			stack.emulator = createEmulator({ seed: seed(bulk) });
			await stack.emulator.start(0, '127.0.0.1');
		});
		stack.db = h.executionsDb(stack.postgres, install);

		const n8n = h.n8nInstance({ n8n: install, userFolder: folder('main'), env: { ...h.queueEnv(stack), ...SCALING_ENV } });
		stack.n8n = n8n;
		await step('n8n import:credentials (and the database migrations)', () => n8n.importCredentials(wf.credentials(stack.emulator.url)));
		const workflows = wf.all();
		await step(`n8n import:workflow (${workflows.length})`, () => n8n.importWorkflows(workflows));

		// The main: editor and REST API; production webhooks go to the webhook processors only.
		stack.main = await step('n8n start (main)', () =>
			n8n.start({ logFile: path.join(workDir, 'main.log'), env: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } }),
		);
		// Published through the REST API of the running main (one CLI boot each would take 6 s).
		await step('publish (REST)', async () => {
			for (const w of workflows) await stack.main.publish(w.id);
		});
		await step(`${workers} n8n worker, ${webhooks} n8n webhook`, () =>
			Promise.all([...Array.from({ length: workers }, stack.addWorker), ...Array.from({ length: webhooks }, stack.addWebhook)]),
		);
	} catch (error) {
		await stopAll();
		log(`kept ${workDir} for its logs`);
		throw error;
	}
	return stack;
}

module.exports = { startStack, seed, WEBHOOKS, SCALING_ENV };
