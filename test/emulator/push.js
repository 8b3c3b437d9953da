'use strict';
// Pushes signed the VMS way (reference A.3): POST the JSON body to the configured URL with
// `?timestamp=<unix s>&authCode=<hex SHA256(timestamp + hex SHA256(raw body) + authToken)>` appended.
// Every push is logged with the HTTP status the receiver answered. No automatic retries: re-pushes
// are explicit (`repeat`), so tests decide when a duplicate arrives.
const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');

const sha256hex = (data) => crypto.createHash('sha256').update(data).digest('hex');

/** The authCode VMS appends to a push of `rawBody` (a string or bytes) at `timestamp` (unix seconds). */
function authCode(timestamp, rawBody, authToken) {
	return sha256hex(String(timestamp) + sha256hex(rawBody) + authToken);
}

/** Deliberately bad pushes, for the receiver's tests. */
const BAD_PUSHES = {
	wrongToken: 'signed with another auth token',
	noAuthCode: 'no authCode in the URL',
	noTimestamp: 'no timestamp in the URL',
	unsigned: 'neither timestamp nor authCode',
	tamperedBody: 'body changed after signing',
};

/** `{ url, body }` of one push: the query appended to the configured URL, the body bytes as sent. */
function signPush({ url, authToken }, rawBody, timestamp, bad) {
	if (bad && !BAD_PUSHES[bad]) throw new Error(`Unknown bad push "${bad}"; known: ${Object.keys(BAD_PUSHES).join(', ')}`);
	const code = authCode(timestamp, rawBody, bad === 'wrongToken' ? `${authToken}-wrong` : authToken);
	const query = {};
	if (bad !== 'noTimestamp' && bad !== 'unsigned') query.timestamp = String(timestamp);
	if (bad !== 'noAuthCode' && bad !== 'unsigned') query.authCode = code;
	let body = rawBody;
	if (bad === 'tamperedBody') {
		// Same shape, one value changed: what a man in the middle would do.
		const parsed = JSON.parse(rawBody);
		const first = Array.isArray(parsed) ? parsed[0] : parsed;
		first.tampered = true;
		body = JSON.stringify(parsed);
	}
	const qs = new URLSearchParams(query).toString();
	return { url: qs ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url, body, authCode: query.authCode };
}

/** POSTs `body` as JSON; resolves `{ status, response }` or `{ error }` (never rejects). */
function post(url, body, timeoutMs) {
	return new Promise((resolve) => {
		const target = new URL(url);
		const client = target.protocol === 'https:' ? https : http;
		const req = client.request(
			target,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'vms-emulator-push' },
				timeout: timeoutMs,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode, response: Buffer.concat(chunks).toString('utf8').slice(0, 500) }));
				res.on('error', (err) => resolve({ status: res.statusCode, error: err.message }));
			},
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', (err) => resolve({ error: err.message }));
		req.end(body);
	});
}

function createPusher({ now, timeoutMs = 5000 }) {
	const unixNow = () => Math.floor(now().getTime() / 1000);
	const pusher = {
		/** `{ url, authToken }`, or undefined: then calls are made without pushing. */
		target: undefined,
		/** Every push: `{ seq, time, kind, callId, url, body, timestamp, authCode, bad, signedBody, repeatOf, status | error, response, ms }`. */
		log: [],
		timeoutMs,

		setTarget(target) {
			if (!target || !target.url) {
				pusher.target = undefined;
				return;
			}
			const { url, authToken } = target;
			if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw new Error(`Push URL must be an http(s) URL, not ${url}`);
			if (typeof authToken !== 'string' || authToken === '') throw new Error('authToken must be a non-empty string');
			pusher.target = { url, authToken };
		},

		/**
		 * Pushes `rawBody` (the exact JSON text) to the target. `timestamp` defaults to now (+ `timestampOffset`
		 * seconds, e.g. -7200 for an old one); `bad` is one of BAD_PUSHES.
		 */
		async send({ rawBody, kind = 'custom', callId, bad, timestamp, timestampOffset = 0, repeatOf }) {
			if (!pusher.target) throw new Error('No push target: set one with POST /_emulator/push-target { url, authToken }');
			const ts = timestamp !== undefined ? timestamp : unixNow() + timestampOffset;
			const signed = signPush(pusher.target, rawBody, ts, bad);
			const entry = {
				seq: pusher.log.length + 1,
				time: now().toISOString(),
				kind,
				callId,
				url: signed.url,
				body: signed.body,
				timestamp: ts,
				authCode: signed.authCode,
				bad: bad || undefined,
				// What was signed, when the body sent differs (tamperedBody).
				signedBody: signed.body === rawBody ? undefined : rawBody,
				repeatOf,
				status: undefined,
			};
			pusher.log.push(entry);
			const started = Date.now();
			const result = await post(signed.url, signed.body, pusher.timeoutMs);
			Object.assign(entry, result, { ms: Date.now() - started });
			return entry;
		},

		/** Pushes the message of push `seq` again: same body, same timestamp unless `freshTimestamp`. */
		async repeat(seq, { freshTimestamp = false, bad } = {}) {
			const original = pusher.log.find((e) => e.seq === seq);
			if (!original) throw new Error(`No push #${seq}`);
			return await pusher.send({
				rawBody: original.signedBody || original.body,
				kind: original.kind,
				callId: original.callId,
				bad,
				timestamp: freshTimestamp ? undefined : original.timestamp,
				repeatOf: seq,
			});
		},

		reset() {
			pusher.log.length = 0;
		},
	};
	return pusher;
}

module.exports = { authCode, signPush, post, createPusher, BAD_PUSHES, sha256hex };
