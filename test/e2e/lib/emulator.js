'use strict';
// The VMS emulator (test/emulator/cli.js) as a child process on a free loopback port, and its control API.
const { fork } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const { ROOT, freePort } = require('../../harness');

/** Starts the emulator; resolves { url, pid, child, output() } once it prints its URL. */
async function startEmulator(nodeBin, { timeoutMs = 20000 } = {}) {
	let lastError;
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		try {
			return await startOn(nodeBin, port, timeoutMs);
		} catch (error) {
			lastError = error; // most likely someone took the port in between: try another
		}
	}
	throw lastError;
}

function startOn(nodeBin, port, timeoutMs) {
	return new Promise((resolve, reject) => {
		// test/emulator/cli.js, through a wrapper that exits with its parent (an IPC channel).
		const child = fork(path.join(__dirname, 'emulator-child.js'), ['--port', String(port), '--host', '127.0.0.1'], {
			cwd: ROOT,
			execPath: nodeBin,
			stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
		});
		let out = '';
		let settled = false;
		const done = (error, value) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (error) {
				child.kill('SIGKILL');
				reject(error);
			} else resolve(value);
		};
		const timer = setTimeout(() => done(new Error(`The emulator did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
		const onData = (d) => {
			out += d;
			const m = /listening on (http:\/\/\S+)/.exec(out);
			if (m) done(null, { url: m[1], pid: child.pid, child, output: () => out });
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('exit', (code, signal) => done(new Error(`The emulator exited (${code ?? signal}) before it started:\n${out}`)));
	});
}

/** Calls an (unsigned) /_emulator/* control endpoint; no keep-alive, so nothing lingers after the tests. */
function control(url, method, route, body) {
	const payload = body === undefined ? undefined : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = http.request(
			`${url}${route}`,
			{
				method,
				agent: false,
				headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					if (res.statusCode !== 200) return reject(new Error(`Emulator ${method} ${route} answered ${res.statusCode}: ${text}`));
					try {
						resolve(JSON.parse(text));
					} catch (error) {
						reject(error);
					}
				});
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

module.exports = { startEmulator, control };
