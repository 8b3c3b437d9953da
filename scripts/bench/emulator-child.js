'use strict';
// The emulator for the benchmark, in its own process (its CPU must not count against either side),
// with one big AXN pool so that every item binds its own X. Driven over IPC:
//   { reset: true, latencyMs } → fresh state, the pool, the latency → { ready: true }
//   { stats: true } → { binds, bad }  (successful BindAXN, requests with a bad signature)
const { createEmulator } = require('../../test/emulator/server');

const POOL = 'NPBENCH';
const SIZE = 20000;
const NUMBERS = Array.from({ length: SIZE }, (_, i) => String(13600000000 + i));

async function main() {
	const emulator = createEmulator();
	const setUp = (latencyMs) => {
		emulator.reset();
		emulator.state.addPool({ numberPoolNo: POOL, name: 'Bench pool', subServiceType: 'AXN', numbers: NUMBERS, cityCode: '010' });
		emulator.faults.inject({ fault: 'set', latencyMs });
	};
	setUp(0);
	const url = await emulator.start(0, '127.0.0.1');
	process.on('message', (message) => {
		if (message.reset) {
			setUp(message.latencyMs || 0);
			process.send({ ready: true });
		} else if (message.stats) {
			const binds = emulator.requests.filter((r) => r.action === 'BindAXN' && r.response && !r.response.code).length;
			const bad = emulator.requests.filter((r) => r.signature && !r.signature.ok).length;
			const codes = {};
			for (const r of emulator.requests) if (r.response && r.response.code) codes[r.response.code] = (codes[r.response.code] || 0) + 1;
			process.send({ binds, bad, codes, requests: emulator.requests.length });
		}
	});
	process.on('disconnect', () => process.exit(0));
	process.send({ url, pool: POOL, numbers: SIZE });
}

main();
