#!/usr/bin/env node
'use strict';
// Local Volcengine VMS emulator for trying the n8n node by hand: `npm run sandbox`.
const { createEmulator, DEFAULT_KEYS } = require('./server');

function argValue(name) {
	const i = process.argv.indexOf(name);
	if (i >= 0) return process.argv[i + 1];
	const inline = process.argv.find((a) => a.startsWith(`${name}=`));
	return inline ? inline.slice(name.length + 1) : undefined;
}

async function main() {
	if (process.argv.includes('--help') || process.argv.includes('-h')) {
		console.log('Usage: node test/emulator/cli.js [--port 18080] [--host 127.0.0.1]   (port also from VMS_EMULATOR_PORT)');
		return;
	}
	const port = Number(argValue('--port') || process.env.VMS_EMULATOR_PORT || 18080);
	const host = argValue('--host') || '127.0.0.1';

	const emulator = createEmulator({
		onRequest(entry) {
			const { status, code } = entry.response;
			const verdict = code ? `${status} ${code}: ${entry.errorMessage}` : `${status} OK`;
			console.log(`${entry.time}  ${entry.method} ${entry.action || '(no Action)'}  ${verdict}`);
		},
	});
	const url = await emulator.start(port, host);

	const [key, stsKey] = DEFAULT_KEYS;
	const lines = [
		`Volcengine VMS emulator listening on ${url}`,
		'',
		'n8n credential "Volcengine VMS API":',
		`  Endpoint           ${url}`,
		`  Access Key ID      ${key.accessKeyId}`,
		`  Secret Access Key  ${key.secretAccessKey}`,
		`  Region             cn-north-1`,
		`  (STS variant: ${stsKey.accessKeyId} / ${stsKey.secretAccessKey} / session token ${stsKey.sessionToken})`,
		'',
		'Number pools:',
	];
	for (const pool of emulator.state.pools.values()) {
		// Runs of consecutive numbers sharing a city code: "13800000002…13800000006 (021)".
		const runs = [];
		for (const n of emulator.state.poolNumbers(pool.NumberPoolNo)) {
			const last = runs[runs.length - 1];
			if (last && last.city === n.cityCode) last.to = n.Number;
			else runs.push({ from: n.Number, to: n.Number, city: n.cityCode });
		}
		const text = runs.map((r) => `${r.from}…${r.to} (${r.city})`).join(', ');
		lines.push(`  ${pool.NumberPoolNo}  ${pool.SubServiceTypeName.padEnd(4)}  ${pool.NumberPoolName.padEnd(17)}  ${text}`);
	}
	lines.push('', 'Control: GET /_emulator/requests, GET /_emulator/state, POST /_emulator/reset, POST /_emulator/inject', '');
	console.log(lines.join('\n'));

	const shutdown = () => emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
