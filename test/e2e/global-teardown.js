'use strict';
// Stops the emulator, prints the timings, removes the work folder (kept with E2E_KEEP=1).
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function globalTeardown() {
	const state = globalThis.__VMS_E2E__;
	if (!state) return;
	const child = state.emulatorChild;
	if (child && child.exitCode === null && child.signalCode === null) {
		await new Promise((resolve) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				resolve();
			}, 5000);
			child.once('exit', () => {
				clearTimeout(timer);
				resolve();
			});
			child.kill('SIGTERM');
		});
	}

	if (state.fakeModel) await state.fakeModel.close();

	const runs = [];
	const runsFile = path.join(state.tmp, 'runs.jsonl');
	if (fs.existsSync(runsFile)) {
		for (const line of fs.readFileSync(runsFile, 'utf8').split('\n').filter(Boolean)) runs.push(JSON.parse(line));
	}
	const lines = [...state.timings.map((t) => `  ${t.step}: ${(t.ms / 1000).toFixed(1)} s`)];
	for (const r of runs) lines.push(`  n8n execute ${r.workflow}: ${(r.ms / 1000).toFixed(1)} s (exit ${r.code})`);
	process.stderr.write(`\n[e2e] n8n ${state.version} timings:\n${lines.join('\n')}\n`);

	if (process.env.E2E_KEEP === '1') {
		process.stderr.write(`[e2e] kept ${state.tmp} (E2E_KEEP=1)\n`);
	} else {
		fs.rmSync(state.tmp, { recursive: true, force: true });
	}
};
