'use strict';
// HTTP front of the emulator: signature check, Action/Version routing, body parsing,
// injected faults, and the Volcengine response envelope.
const http = require('node:http');
const crypto = require('node:crypto');
const { verifyRequest } = require('./signature');
const { createState, DEFAULT_SEED } = require('./state');
const ACTIONS = require('./actions');
const { createCalls } = require('./calls');
const { PREFIX: RECORDINGS_PREFIX } = require('./recordings');
const { createFaults } = require('./faults');

const VERSION = '2022-01-01';

const DEFAULT_KEYS = [
	{ accessKeyId: 'AKLTEMULATOR', secretAccessKey: 'emulator-secret-key' },
	{ accessKeyId: 'AKLTSTSEMULATOR', secretAccessKey: 'emulator-sts-secret', sessionToken: 'emulator-session-token' },
];

// Gateway error codes carry a numeric CodeN (reference §3.2); VMS business codes do not.
const CODE_N = {
	MissingParameter: 100002,
	MissingAuthenticationToken: 100003,
	MissingRequestInfo: 100004,
	MissingSignature: 100005,
	InvalidTimestamp: 100006,
	ServiceNotFound: 100007,
	InvalidActionOrVersion: 100008,
	InvalidAccessKey: 100009,
	SignatureDoesNotMatch: 100010,
	LackPolicy: 100012,
	AccessDenied: 100013,
	InternalError: 100014,
	InternalServiceTimeout: 100016,
};

// Default messages for injected errors (Chinese texts from docs 6358/172156 and the gateway list).
const DEFAULT_MESSAGES = {
	SystemError: '系统错误',
	IllegalArgument: '非法的参数',
	ConflictWithExisting: '与现有绑定关系冲突',
	SubscriptionEmpty: '绑定关系不存在',
	NumberNotEnough: '号码不足',
	OverQpsLimit: 'QPS超过上限',
	FlowLimitExceeded: 'Flow limit exceeded',
	AccountFlowLimitExceeded: 'Account flow limit exceeded',
	ServiceUnavailableTemp: 'Service is temporarily unavailable',
	InternalError: 'Internal error',
	InternalServiceTimeout: 'Internal service timeout',
	AccessDenied: 'Access denied',
};

function requestId(date) {
	const stamp = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
	return stamp + crypto.randomBytes(9).toString('hex').toUpperCase();
}

/**
 * Parameters of a query or form: a repeated key keeps its FIRST value, as the gateway likely reads it
 * (`?NumberList=a&NumberList=b` is NumberList "a"); lists go as one comma-joined value.
 */
function firstValues(params) {
	const values = {};
	for (const [key, value] of params) if (!Object.prototype.hasOwnProperty.call(values, key)) values[key] = value;
	return values;
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

class BusinessError extends Error {
	constructor(code, message, status = 200) {
		super(message);
		this.code = code;
		this.status = status;
	}
}
const fail = (code, message, status = 200) => {
	throw new BusinessError(code, message, status);
};

/**
 * @param {{keys?: object[], region?: string, service?: string, now?: () => Date, seed?: object,
 *          maxSkewSeconds?: number, onRequest?: (entry: object) => void, faults?: object}} [options]
 *   faults: knobs kept across resets, e.g. { latencyMs: 20, qps: 50 } (see faults.js)
 *   actionSet: 'classic' | 'v2' serves only that set of the actions VMS renamed in 2025 (an action def's `set`),
 *   the other answers InvalidActionOrVersion; default both. `emu.actionSet` can be changed; reset() restores it.
 */
function createEmulator(options = {}) {
	const {
		keys = DEFAULT_KEYS,
		region = 'cn-north-1',
		service = 'vms',
		now = () => new Date(),
		seed = DEFAULT_SEED,
		maxSkewSeconds = 900,
		onRequest,
	} = options;
	let injected = [];
	let server;
	const faults = createFaults(options.faults);

	const emu = {
		url: undefined,
		keys,
		state: createState(seed),
		requests: [],
		faults,
		actionSet: options.actionSet,

		reset() {
			emu.state = createState(seed);
			emu.calls.reset(); // keeps the push target
			emu.requests.length = 0; // keep the array: callers may hold it
			injected = [];
			faults.reset();
			emu.actionSet = options.actionSet;
		},

		/** Answer the next `times` calls (of `action`, or of any action) with this error instead. */
		injectError({ action, code, message, status = 200, times = 1 }) {
			if (!code) throw new Error('injectError needs a code');
			injected.push({ action, code, message: message || DEFAULT_MESSAGES[code] || code, status, times });
		},

		start(port = 0, host = '127.0.0.1') {
			server = http.createServer((req, res) => {
				handle(req, res).catch((err) => {
					res.writeHead(500, { 'Content-Type': 'text/plain' });
					res.end(String((err && err.stack) || err));
				});
			});
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				// Node's default backlog (511) drops connections when hundreds arrive at once (n8n opens one per
				// request: 20 executions × Concurrency 30 in the queue suite); a real endpoint does not.
				server.listen({ port, host, backlog: 4096 }, () => {
					const { port: actual } = server.address();
					emu.url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
					resolve(emu.url);
				});
			});
		},

		stop() {
			if (!server) return Promise.resolve();
			const s = server;
			server = undefined;
			return new Promise((resolve) => {
				s.close(() => resolve());
				faults.closeAll();
				s.closeAllConnections(); // keep-alive sockets of fetch clients would hold close() open
			});
		},
	};

	// Calls, pushes and recording files (calls.js).
	emu.calls = createCalls({ now, state: () => emu.state, baseUrl: () => emu.url });

	function sendJson(res, status, payload) {
		const text = JSON.stringify(payload);
		res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
		res.end(text);
	}

	async function handle(req, res) {
		const body = await readBody(req);
		const q = req.url.indexOf('?');
		const path = q < 0 ? req.url : req.url.slice(0, q);
		const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
		if (path.startsWith('/_emulator/')) return control(req, res, path, body);
		if (path.startsWith(RECORDINGS_PREFIX)) return emu.calls.recordings.serve(req, res, path, rawQuery);

		const query = firstValues(new URLSearchParams(rawQuery));
		const { Action: action, Version: version, ...queryParams } = query;
		const date = now();
		const entry = {
			time: date.toISOString(),
			method: req.method,
			action,
			version,
			query,
			rawQuery,
			params: {},
			rawBody: body.toString('utf8'),
			headers: { ...req.headers },
			signature: undefined,
			response: undefined,
		};
		emu.requests.push(entry);
		faults.arrive(res);
		const metadata = { RequestId: requestId(date), Action: action || '', Version: version || '', Service: 'vms', Region: region };

		let fault; // this request's one-shot fault (faults.js), taken after the signature check
		const sendJson = (res, status, payload) => faults.send(res, status, JSON.stringify(payload), fault).catch(() => res.destroy());
		const reply = (status, result, code, message) => {
			entry.response = { status, code: code || undefined };
			if (code) entry.errorMessage = message;
			if (code) {
				const error = CODE_N[code] ? { Code: code, CodeN: CODE_N[code], Message: message } : { Code: code, Message: message };
				sendJson(res, status, { ResponseMetadata: { ...metadata, Error: error } });
			} else {
				sendJson(res, status, { ResponseMetadata: metadata, Result: result });
			}
			if (onRequest) onRequest(entry);
		};

		const sig = verifyRequest(
			{ method: req.method, path, rawQuery, headers: req.headers, body },
			{ keys, region, service, now: date, maxSkewSeconds },
		);
		entry.signature = { ok: sig.ok, code: sig.ok ? undefined : sig.code };
		if (!sig.ok) return reply(sig.status, undefined, sig.code, sig.message);
		const throttled = faults.throttled(sig.accessKeyId);
		if (throttled) return reply(throttled.status, undefined, throttled.code, DEFAULT_MESSAGES[throttled.code]);
		fault = faults.take(action);
		if (fault) entry.fault = fault.fault;

		const def = action && Object.prototype.hasOwnProperty.call(ACTIONS, action) ? ACTIONS[action] : undefined;
		if (!def || version !== VERSION || (def.set && emu.actionSet && def.set !== emu.actionSet)) {
			return reply(404, undefined, 'InvalidActionOrVersion', `Could not find operation ${action || '(none)'} for version ${version || '(none)'}`);
		}
		if (req.method !== def.method) {
			return reply(404, undefined, 'InvalidActionOrVersion', `Operation ${action} is served with ${def.method}, not ${req.method}`);
		}

		// GET takes everything from the query; POST bodies override query parameters of the same name.
		let params = queryParams;
		if (def.method === 'POST') {
			const text = body.toString('utf8');
			if (def.encoding === 'json') {
				let parsed = {};
				try {
					parsed = text.trim() ? JSON.parse(text) : {};
				} catch {
					parsed = null;
				}
				if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
					entry.params = queryParams;
					return reply(200, undefined, 'IllegalArgument', `${action} expects a JSON object body`);
				}
				params = { ...queryParams, ...parsed };
			} else {
				params = { ...queryParams, ...firstValues(new URLSearchParams(text)) };
			}
		}
		entry.params = params;
		if (fault && !fault.processed) return reply(200, fault.result);
		if (fault && fault.fault === 'result') return reply(200, fault.result);

		const i = injected.findIndex((inj) => !inj.action || inj.action === action);
		if (i >= 0) {
			const inj = injected[i];
			if (--inj.times <= 0) injected.splice(i, 1);
			return reply(inj.status, undefined, inj.code, inj.message);
		}

		const ctx = { state: emu.state, calls: emu.calls, now: Math.floor(date.getTime() / 1000), fail };
		try {
			ctx.state.expire(ctx.now);
			return reply(200, faults.pageResult(ACTIONS.runAction(action, faults.pageParams(params), ctx)));
		} catch (err) {
			if (err instanceof BusinessError) return reply(err.status, undefined, err.code, err.message);
			return reply(500, undefined, 'InternalError', `Emulator bug: ${err && err.message}`);
		}
	}

	// Unsigned control API for tests and tools running in other processes.
	async function control(req, res, path, body) {
		const route = `${req.method} ${path}`;
		const answered = await emu.calls.control(route, body);
		if (answered) return sendJson(res, ...answered);
		try {
			if (route === 'GET /_emulator/requests') return sendJson(res, 200, emu.requests);
			if (route === 'POST /_emulator/reset') {
				emu.reset();
				return sendJson(res, 200, { ok: true });
			}
			if (route === 'POST /_emulator/inject') {
				const spec = JSON.parse(body.toString('utf8') || '{}');
				if (spec.fault) faults.inject(spec);
				else emu.injectError(spec);
				return sendJson(res, 200, { ok: true });
			}
			if (route === 'GET /_emulator/state') {
				const { pools, subs, groups } = emu.state;
				return sendJson(res, 200, { pools: [...pools.values()], subscriptions: [...subs.values()], groups: [...groups.values()] });
			}
		} catch (err) {
			return sendJson(res, 400, { ok: false, error: err.message });
		}
		return sendJson(res, 404, { ok: false, error: `No control endpoint ${route}` });
	}

	return emu;
}

module.exports = { createEmulator, DEFAULT_KEYS, VERSION, CODE_N };
