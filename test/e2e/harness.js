'use strict';
/**
 * What e2e tests use. Setup (global-setup.js) has installed the packed package, started the emulator
 * and imported test/e2e/workflows/*.json into one n8n user folder; everything about n8n is test/harness.
 *
 *   const { runWorkflow, startServer, workflowId } = require('./harness');
 *   const res = await runWorkflow('axn-bind');            // n8n execute on workflows/axn-bind.json
 *   res.exitCode; res.items('VMS'); res.requests;          // see RunResult below
 *
 *   const server = await startServer({ publish: ['axn-bind-webhook'], waitForWebhooks: [{ method: 'POST', path: 'e2e-axn-bind' }] });
 *   await server.postWebhook('e2e-axn-bind', { ... });
 *   const [execution] = await server.waitForExecutions({ workflowId: workflowId('axn-bind-webhook') });
 *   execution.status; execution.items('VMS'); await server.stop();
 */
const fs = require('node:fs');
const path = require('node:path');

const h = require('../harness');
const { control } = require('./lib/emulator');
const { callAction } = require('../emulator/client');
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

let instance;
/** The suite's n8n (test/harness n8nInstance): its install, user folder and environment. */
const n8n = () => (instance ??= h.n8nInstance(state().instance));

/** The id of workflows/<name>.json in n8n. */
function workflowId(name) {
	const id = state().workflows[name];
	if (!id) throw new Error(`No workflow "${name}": add test/e2e/workflows/${name}.json (known: ${Object.keys(state().workflows).join(', ')})`);
	return id;
}

const emulator = {
	url: () => state().emulatorUrl,
	/** Every API request since the last reset: { method, action, version, query, params, rawBody, headers, signature, response }. */
	requests: () => control(state().emulatorUrl, 'GET', '/_emulator/requests'),
	/** Pools, subscriptions (bindings) and AXG groups as the emulator holds them. */
	state: () => control(state().emulatorUrl, 'GET', '/_emulator/state'),
	reset: () => control(state().emulatorUrl, 'POST', '/_emulator/reset'),
	/** Answers the next `times` calls (of `action`, or any) with an error: { action?, code, message?, status = 200, times = 1 }. */
	inject: (fault) => control(state().emulatorUrl, 'POST', '/_emulator/inject', fault),
	/** Where the emulator pushes call events, signed with `authToken` (kept across resets). */
	pushTarget: (url, authToken) => control(state().emulatorUrl, 'POST', '/_emulator/push-target', { url, authToken }),
	/** Plays a call (binding `subId`, or `callId` of a Click2Call) and pushes its events: { callId, messages, pushes }. */
	call: (scenario) => control(state().emulatorUrl, 'POST', '/_emulator/calls', scenario),
	/** Every push since the last reset, with the HTTP status the receiver answered. */
	pushes: () => control(state().emulatorUrl, 'GET', '/_emulator/pushes'),
	/** Pushes message #seq again: { seq, freshTimestamp?, bad? }. */
	repeatPush: (options) => control(state().emulatorUrl, 'POST', '/_emulator/pushes/repeat', options),
	/** Pushes anything: { body } (serialized compactly) or { raw } (the exact text), bad?, timestampOffset?. */
	sendPush: (options) => control(state().emulatorUrl, 'POST', '/_emulator/pushes/send', options),
	/** A signed API call, as an SDK would make it (test/emulator/client.js): { status, body }. */
	action: (action, params) => callAction(state().emulatorUrl, action, params),
};

/** The API requests the emulator received (control calls are not recorded). */
const emulatorRequests = () => emulator.requests();

/**
 * @typedef {object} RunResult  test/harness's ExecuteResult (exitCode, run, error, output, errorOutput,
 *   items(node), nodeRun(node), explain(), ms), plus:
 * @property {string} workflow   file name without .json
 * @property {object[]} requests the emulator's requests during this run
 */

/**
 * Runs workflows/<name>.json with `n8n execute --id=<id> --rawOutput`.
 * Options: reset (default true: fresh emulator state and request log first), inject (faults to
 * queue after the reset), expectExit (default 0; pass 1 for a run that must fail, or null for any).
 * @returns {Promise<RunResult>}
 */
async function runWorkflow(name, { reset = true, inject = [], expectExit = 0 } = {}) {
	const id = workflowId(name);
	if (reset) await emulator.reset();
	for (const fault of inject) await emulator.inject(fault);

	const res = await n8n().execute(id);
	fs.appendFileSync(path.join(state().tmp, 'runs.jsonl'), `${JSON.stringify({ workflow: name, ms: res.ms, code: res.exitCode })}\n`);
	const result = { workflow: name, ...res, requests: await emulator.requests() };
	if (expectExit !== null && res.exitCode !== expectExit) {
		throw new Error(`n8n execute ${name} exited with ${res.exitCode}${res.signal ? ` (${res.signal})` : ''}, expected ${expectExit}. n8n said:\n${res.explain()}`);
	}
	if (!res.run) throw new Error(`n8n execute ${name} printed no run data. n8n said:\n${res.explain()}`);
	return result;
}

let servers = 0;
/**
 * Server mode on the suite's database: publishes workflows/<name>.json for each name in `publish`
 * (active from this start on, and in later starts too), then `n8n start` on free ports with the owner
 * logged in, ready once `waitForWebhooks` ([{ method, path }]) are registered. Its log is
 * <work folder>/n8n-start-<n>.log (kept with E2E_KEEP=1). Stop it with `server.stop()` (an afterAll).
 * Returns test/harness's server: postWebhook, waitForExecutions, executions, execution, rest, stop.
 */
async function startServer({ publish = [], ...options } = {}) {
	for (const name of publish) await n8n().publish(workflowId(name));
	const logFile = path.join(state().tmp, `n8n-start-${++servers}.log`);
	return n8n().start({ logFile, ...options });
}

/** Requests of one action, in order. */
const ofAction = (requests, action) => requests.filter((r) => r.action === action);

/** The error code the emulator answered a request with, or null for a success. */
const responseCode = (request) => (request.response && request.response.code) || null;

module.exports = { runWorkflow, startServer, workflowId, n8n, emulator, emulatorRequests, ofAction, responseCode, CREDENTIALS, n8nVersion, n8nMajor };
