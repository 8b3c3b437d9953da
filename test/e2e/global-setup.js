'use strict';
// Once per `npm run test:e2e`: pack the package, install it into a fresh n8n user folder as a
// community package, start the VMS emulator, import the credentials and every workflow.
// Everything about n8n comes from test/harness.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const h = require('../harness');
const { startEmulator } = require('./lib/emulator');
const { credentialsFile } = require('./lib/credentials');
const { loadWorkflows } = require('./lib/workflows');
const { startFakeModel, fakeModelCredential } = require('./lib/fake-model');

function step(timings, label, fn) {
	const started = Date.now();
	const value = fn();
	const done = (v) => {
		timings.push({ step: label, ms: Date.now() - started });
		process.stderr.write(`[e2e] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
		return v;
	};
	return value && typeof value.then === 'function' ? value.then(done) : done(value);
}

module.exports = async function globalSetup() {
	try {
		await setup();
	} catch (error) {
		// Jest skips globalTeardown when globalSetup throws: stop the emulator here.
		const state = globalThis.__VMS_E2E__;
		if (state && state.emulatorChild) state.emulatorChild.kill('SIGKILL');
		if (state && state.fakeModel) await state.fakeModel.close();
		if (state && process.env.E2E_KEEP !== '1') fs.rmSync(state.tmp, { recursive: true, force: true });
		throw error;
	}
};

async function setup() {
	const timings = [];
	const version = process.env.E2E_N8N_VERSION || h.N8N_VERSION;
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-e2e-'));
	process.stderr.write(`\n[e2e] n8n ${version}, work folder ${tmp}\n`);
	const state = { version, tmp, timings };
	globalThis.__VMS_E2E__ = state; // for global-teardown, even when setup fails half-way
	const stateFile = path.join(tmp, 'state.json');
	process.env.E2E_STATE_FILE = stateFile;

	const workflows = loadWorkflows(); // fail fast on a broken workflow file
	const install = step(timings, `n8n ${version} install (cached)`, () => h.ensureN8n(version));

	// The package: an alternate tarball (E2E_TARBALL, used by prove-catches.sh) or a fresh build.
	if (process.env.E2E_TARBALL) {
		state.tarball = path.resolve(process.env.E2E_TARBALL);
		if (!fs.existsSync(state.tarball)) throw new Error(`E2E_TARBALL ${state.tarball} does not exist`);
		process.stderr.write(`[e2e] testing the tarball ${state.tarball} (E2E_TARBALL)\n`);
	} else {
		state.tarball = step(timings, 'npm run build + npm pack', () => h.buildAndPack(tmp));
	}
	const userFolder = path.join(tmp, 'user');
	state.installed = h.installPackage(state.tarball, userFolder);

	const emulator = await step(timings, 'emulator start', () => startEmulator(install.node));
	state.emulatorChild = emulator.child;
	state.emulatorUrl = emulator.url;
	state.emulatorPid = emulator.pid;

	// The scripted OpenAI-compatible model of the AI Agent tests (ai-agent.test.js), in this process.
	state.fakeModel = await startFakeModel();
	state.fakeModelUrl = state.fakeModel.url;

	const n8n = h.n8nInstance({ n8n: install, userFolder });
	state.instance = n8n.toJSON();
	await step(timings, 'n8n import:credentials', () =>
		n8n.importCredentials([...credentialsFile(emulator.url), fakeModelCredential(state.fakeModelUrl)]),
	);
	await step(timings, `n8n import:workflow (${workflows.length} workflows)`, () =>
		n8n.importWorkflows(workflows.map(({ file, ...wf }) => wf)),
	);
	state.workflows = Object.fromEntries(workflows.map((wf) => [wf.file, wf.id]));

	const { emulatorChild, fakeModel, ...serializable } = state;
	fs.writeFileSync(stateFile, JSON.stringify(serializable, null, 2));
}
