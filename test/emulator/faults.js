'use strict';
// Faults for the emulator's API answers, so slow, throttling, hanging and broken servers are tests too.
//
// Knobs that stay until reset (createEmulator({ faults: {...} }) keeps them across resets;
// POST /_emulator/inject { fault: 'set', ... } sets them until the next reset):
//   latencyMs     delay every API answer by this many ms
//   qps           requests per second per account (Access Key ID); above it the request is not processed and
//                 answered with throttleCode: 'FlowLimitExceeded' (HTTP 429, the gateway's) or 'OverQpsLimit' (200)
//   pageCap       list actions return at most this many records per page (Total stays right)
//   ignoreOffset  list actions always return the first page
//   noTotal       list actions leave out Total
// One-shot faults, for the next `times` (default 1) requests of `action` (or any action), in order:
//   { fault: 'hang' }              never answer; the socket stays open
//   { fault: 'trickle', intervalMs } send the status line and then one byte every intervalMs (default 200), never ending
//   { fault: 'reset' }             destroy the connection without an answer
//   { fault: 'http', status, body } answer with this status and raw text body (e.g. 502 and an HTML page)
//   { fault: 'respond', body }      answer HTTP 200 (or status) with this JSON instead of the envelope
//   { fault: 'result', result }     a normal envelope whose Result is this value (the action does not run)
// The others carry the action out first (processed: true, the worst case for a bind: it exists, the
// client cannot know); processed: false drops the request before the action runs.

const ONE_SHOT = new Set(['hang', 'trickle', 'reset', 'http', 'respond', 'result']);
const KNOBS = ['latencyMs', 'qps', 'throttleCode', 'pageCap', 'ignoreOffset', 'noTotal'];

function createFaults(defaults = {}) {
	let knobs = { ...defaults };
	let queue = [];
	const sent = new Map(); // account -> timestamps of the last second
	const open = new Set(); // sockets kept open by hang/trickle, closed on stop
	// API requests being answered now and at most so far; hang/trickle sockets the client closed.
	const stats = { inFlight: 0, maxInFlight: 0, closedByClient: 0 };

	const faults = {
		get knobs() {
			return knobs;
		},

		stats,

		reset() {
			knobs = { ...defaults };
			queue = [];
			sent.clear();
			faults.closeAll();
			Object.assign(stats, { inFlight: 0, maxInFlight: 0, closedByClient: 0 });
		},

		/** An API request arrived: counted in flight until its connection answers or closes. */
		arrive(res) {
			stats.inFlight += 1;
			stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
			let done = false;
			const leave = () => {
				if (!done) stats.inFlight -= 1;
				done = true;
			};
			res.on('finish', leave);
			res.on('close', leave);
		},

		/** POST /_emulator/inject with a `fault` field. */
		inject(spec) {
			const { fault, ...rest } = spec;
			if (fault === 'set') {
				for (const key of Object.keys(rest)) {
					if (!KNOBS.includes(key)) throw new Error(`Unknown emulator knob "${key}" (known: ${KNOBS.join(', ')})`);
				}
				knobs = { ...knobs, ...rest };
				return;
			}
			if (!ONE_SHOT.has(fault)) throw new Error(`Unknown fault "${fault}" (known: set, ${[...ONE_SHOT].join(', ')})`);
			queue.push({ fault, times: 1, processed: true, ...rest });
		},

		/** The one-shot fault for this request, if any (consumed). */
		take(action) {
			const i = queue.findIndex((f) => !f.action || f.action === action);
			if (i < 0) return undefined;
			const f = queue[i];
			if (--f.times <= 0) queue.splice(i, 1);
			return f;
		},

		/** Whether this account is over its QPS: then the answer is a throttling error, not processed. */
		throttled(accessKeyId) {
			if (!knobs.qps) return undefined;
			const now = Date.now();
			const recent = (sent.get(accessKeyId) || []).filter((t) => now - t < 1000);
			sent.set(accessKeyId, recent);
			if (recent.length >= knobs.qps) {
				return knobs.throttleCode === 'OverQpsLimit'
					? { status: 200, code: 'OverQpsLimit' }
					: { status: 429, code: knobs.throttleCode || 'FlowLimitExceeded' };
			}
			recent.push(now);
			return undefined;
		},

		/** List-action params as a broken server reads them. */
		pageParams(params) {
			if (!('Offset' in params) && !('Limit' in params)) return params;
			const p = { ...params };
			if (knobs.ignoreOffset) p.Offset = '0';
			if (knobs.pageCap && (p.Limit === undefined || Number(p.Limit) > knobs.pageCap)) p.Limit = String(knobs.pageCap);
			return p;
		},

		pageResult(result) {
			if (knobs.noTotal && result && typeof result === 'object' && 'Records' in result) {
				const { Total: _total, ...rest } = result;
				return rest;
			}
			return result;
		},

		/** Sends an API answer, through the latency and the request's fault. */
		async send(res, status, text, fault) {
			if (knobs.latencyMs) await new Promise((resolve) => setTimeout(resolve, knobs.latencyMs));
			if (fault && (fault.fault === 'hang' || fault.fault === 'trickle')) {
				open.add(res.socket);
				res.socket.on('close', () => {
					if (open.delete(res.socket)) stats.closedByClient += 1;
				});
			}
			if (fault && fault.fault === 'hang') return;
			if (fault && fault.fault === 'reset') {
				res.socket.destroy();
				return;
			}
			if (fault && fault.fault === 'trickle') {
				res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
				const bytes = Buffer.from(`${text}${' '.repeat(1e6)}`);
				let at = 0;
				const timer = setInterval(() => {
					if (res.destroyed || at >= bytes.length) return clearInterval(timer);
					res.write(bytes.subarray(at, ++at));
				}, fault.intervalMs || 200);
				res.on('close', () => clearInterval(timer));
				return;
			}
			if (fault && fault.fault === 'http') {
				res.writeHead(fault.status || 502, { 'Content-Type': 'text/html' });
				res.end(fault.body === undefined ? '<html><body>Bad Gateway</body></html>' : String(fault.body));
				return;
			}
			if (fault && fault.fault === 'respond') {
				const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
				res.writeHead(fault.status || 200, { 'Content-Type': 'application/json; charset=utf-8' });
				res.end(body);
				return;
			}
			res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
			res.end(text);
		},

		/** Closes what hang and trickle kept open. */
		closeAll() {
			const sockets = [...open];
			open.clear();
			for (const socket of sockets) socket.destroy();
		},
	};
	return faults;
}

module.exports = { createFaults, KNOBS };
