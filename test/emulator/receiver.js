'use strict';
// A loopback receiver for the emulator's pushes, for tests: it verifies each push on the raw bytes with
// its own code (reference A.3) and answers a chosen status.
const http = require('node:http');
const crypto = require('node:crypto');

const sha256hex = (data) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * @param {{ authToken: string, status?: (push: object) => number }} options
 * Resolves `{ url, pushes, stop() }`; each push: `{ path, query, raw, json, verified, status }`.
 */
async function startReceiver({ authToken, status = (push) => (push.verified ? 200 : 401) }) {
	const pushes = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			const url = new URL(req.url, 'http://receiver');
			const query = Object.fromEntries(url.searchParams);
			const expected = query.timestamp ? sha256hex(query.timestamp + sha256hex(raw) + authToken) : undefined;
			const given = query.authCode || '';
			const verified =
				expected !== undefined && given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
			let json;
			try {
				json = JSON.parse(raw.toString('utf8'));
			} catch {
				json = undefined;
			}
			const push = { method: req.method, path: url.pathname, query, raw: raw.toString('utf8'), json, verified, contentType: req.headers['content-type'] };
			push.status = status(push);
			pushes.push(push);
			res.writeHead(push.status, { 'Content-Type': 'text/plain' }).end(push.status < 300 ? 'ok' : 'no');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/hook`,
		pushes,
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startReceiver };
