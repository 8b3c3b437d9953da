'use strict';
/**
 * What e2e tests use: run an imported workflow in the real n8n CLI, read its run data, and see what
 * the emulator received. Setup (global-setup.js) has already installed the packed package,
 * started the emulator and imported test/e2e/workflows/*.json.
 *
 *   const { runWorkflow } = require('./harness');
 *   const res = await runWorkflow('axn-bind');            // workflows/axn-bind.json
 *   res.exitCode; res.items('VMS'); res.requests;          // see RunResult below
 */
const fs = require('node:fs');
const path = require('node:path');

const { runN8n, findRun } = require('./lib/n8n');
const { control } = require('./lib/emulator');
const { CREDENTIALS } = require('./lib/credentials');

let cached;
function state() {
	if (!cached) {
		const file = process.env.E2E_STATE_FILE;
		if (!file || !fs.existsSync(file)) throw new Error('E2E state not found: run the e2e tests with `npm run test:e2e`');
		cached = JSON.parse(fs.readFileSync(file, 'utf8'));
	}
	return cached;
}

/** The n8n version under test, e.g. "2.41.1". */
const n8nVersion = () => state().version;
const n8nMajor = () => Number(n8nVersion().split('.')[0]);

const emulator = {
	url: () => state().emulatorUrl,
	/** Every API request since the last reset: { method, action, version, query, params, rawBody, headers, signature, response }. */
	requests: () => control(state().emulatorUrl, 'GET', '/_emulator/requests'),
	/** Pools, subscriptions (bindings) and AXG groups as the emulator holds them. */
	state: () => control(state().emulatorUrl, 'GET', '/_emulator/state'),
	reset: () => control(state().emulatorUrl, 'POST', '/_emulator/reset'),
	/** Answers the next `times` calls (of `action`, or any) with an error: { action?, code, message?, status = 200, times = 1 }. */
	inject: (fault) => control(state().emulatorUrl, 'POST', '/_emulator/inject', fault),
};

/** The API requests the emulator received (control calls are not recorded). */
const emulatorRequests = () => emulator.requests();

/**
 * @typedef {object} RunResult
 * @property {string} workflow   file name without .json
 * @property {number} exitCode   0 on success, 1 when the execution failed
 * @property {object} [run]      the IRun n8n printed (also for failed executions)
 * @property {object} [error]    run.data.resultData.error: the error that stopped the execution
 * @property {string} errorOutput what n8n logged at error level, joined (the CLI's own error report)
 * @property {string} output     everything n8n printed, for failure messages
 * @property {object[]} requests the emulator's requests during this run
 * @property {(node: string) => object[]} items      output items (json + pairedItem) of a node's first run, main output 0
 * @property {(node: string) => object|undefined} nodeRun  runData[node][0]
 * @property {number} ms
 */

/**
 * Runs workflows/<name>.json with `n8n execute --id=<id> --rawOutput`.
 * Options: reset (default true: fresh emulator state and request log first), inject (faults to
 * queue after the reset), expectExit (default 0; pass 1 for a run that must fail, or null for any).
 * @returns {Promise<RunResult>}
 */
async function runWorkflow(name, { reset = true, inject = [], expectExit = 0 } = {}) {
	const s = state();
	const id = s.workflows[name];
	if (!id) throw new Error(`No workflow "${name}": add test/e2e/workflows/${name}.json (known: ${Object.keys(s.workflows).join(', ')})`);
	if (reset) await emulator.reset();
	for (const fault of inject) await emulator.inject(fault);

	const ctx = { nodeBin: s.nodeBin, n8nBin: s.n8nBin, userFolder: s.userFolder, env: s.env };
	const res = await runN8n(ctx, ['execute', `--id=${id}`, '--rawOutput']);
	fs.appendFileSync(path.join(s.tmp, 'runs.jsonl'), `${JSON.stringify({ workflow: name, ms: res.ms, code: res.code })}\n`);

	const run = findRun(res);
	const runError = run && run.data.resultData.error;
	// What n8n printed, with the (long) run JSON replaced by a one-line summary.
	const output = [
		...res.logs.map((l) =>
			l.message.trim().startsWith('{') && l.message.includes('"resultData"')
				? `[${l.level}] <run JSON: status ${run && run.status}${runError ? `, error ${JSON.stringify(runError.message)}` : ''}>`
				: `[${l.level}] ${l.message}`,
		),
		res.text.trim(),
		res.stderr.trim(),
	]
		.filter(Boolean)
		.join('\n');
	const generic = /^(Error executing workflow|\s*Execution error:|Execution was NOT successful)/;
	const errors = [...new Set(res.logs.filter((l) => l.level === 'error' && !generic.test(l.message)).map((l) => l.message.split('\n')[0]))];
	const explain = () =>
		[
			runError ? `Execution error: ${runError.message}${runError.description ? ` (${runError.description})` : ''}` : 'No execution error in the run data.',
			...errors.map((e) => `[error] ${e}`),
			'--- n8n output (tail) ---',
			output.slice(-4000),
		].join('\n');
	const nodeRun = (node) => (run && run.data.resultData.runData[node] ? run.data.resultData.runData[node][0] : undefined);
	const result = {
		workflow: name,
		exitCode: res.code,
		run,
		error: runError,
		errorOutput: [...res.logs.filter((l) => l.level === 'error').map((l) => l.message), res.stderr].join('\n'),
		output,
		requests: await emulator.requests(),
		ms: res.ms,
		nodeRun,
		items(node) {
			const taskData = nodeRun(node);
			if (!taskData) throw new Error(`Node "${node}" did not run in ${name}. n8n said:\n${explain()}`);
			return (taskData.data && taskData.data.main && taskData.data.main[0]) || [];
		},
	};
	if (expectExit !== null && res.code !== expectExit) {
		throw new Error(`n8n execute ${name} exited with ${res.code}${res.signal ? ` (${res.signal})` : ''}, expected ${expectExit}. n8n said:\n${explain()}`);
	}
	if (!run) throw new Error(`n8n execute ${name} printed no run data. n8n said:\n${explain()}`);
	return result;
}

/** Requests of one action, in order. */
const ofAction = (requests, action) => requests.filter((r) => r.action === action);

/** The error code the emulator answered a request with, or null for a success. */
const responseCode = (request) => (request.response && request.response.code) || null;

module.exports = { runWorkflow, emulator, emulatorRequests, ofAction, responseCode, CREDENTIALS, n8nVersion, n8nMajor };
