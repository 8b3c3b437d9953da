'use strict';
// The emulator's fault knobs over HTTP: what a client sees for each.
const http = require('node:http');
const { Signer } = require('@volcengine/openapi');
const { createEmulator, DEFAULT_KEYS } = require('./server');

let emu;
beforeAll(async () => {
	emu = createEmulator();
	await emu.start(0);
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

/** A signed BindAXN POST (signed with the official SDK), answered through the faults. */
function signedRequest() {
	const body = 'NumberPoolNo=NP160084061100694433';
	const request = {
		method: 'POST',
		region: 'cn-north-1',
		params: { Action: 'BindAXN', Version: '2022-01-01' },
		pathname: '/',
		headers: { Host: new URL(emu.url).host, 'Content-Type': 'application/x-www-form-urlencoded' },
		body,
	};
	new Signer(request, 'vms').addAuthorization({ accessKeyId: DEFAULT_KEYS[0].accessKeyId, secretKey: DEFAULT_KEYS[0].secretAccessKey });
	const req = http.request(`${emu.url}/?Action=BindAXN&Version=2022-01-01`, { method: 'POST', headers: request.headers });
	req.end(body);
	return req;
}

function post() {
	return new Promise((resolve) => {
		const req = signedRequest();
		req.on('response', (res) => {
			let body = '';
			res.on('data', (d) => (body += d));
			res.on('end', () => resolve({ status: res.statusCode, body }));
		});
		req.on('error', (error) => resolve({ error: error.code || error.message }));
	});
}

function control(path, body) {
	return new Promise((resolve) => {
		const req = http.request(`${emu.url}${path}`, { method: 'POST' }, (res) => {
			let text = '';
			res.on('data', (d) => (text += d));
			res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
		});
		req.end(JSON.stringify(body));
	});
}

test('unknown faults and knobs are refused with the known ones listed', async () => {
	expect((await control('/_emulator/inject', { fault: 'explode' })).json.error).toMatch(/Unknown fault "explode" \(known: set, hang/);
	expect((await control('/_emulator/inject', { fault: 'set', speed: 1 })).json.error).toMatch(/Unknown emulator knob "speed"/);
});

test('latency delays every API answer; reset clears it', async () => {
	await control('/_emulator/inject', { fault: 'set', latencyMs: 150 });
	const started = Date.now();
	expect((await post()).status).toBe(200);
	expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	// Ten minutes of latency: if reset kept it, the request would outlast the test's timeout.
	emu.faults.inject({ fault: 'set', latencyMs: 600000 });
	emu.reset();
	expect(emu.faults.knobs.latencyMs).toBeUndefined();
	expect((await post()).status).toBe(200);
});

test('reset drops the connection; http and respond answer what they are told, once', async () => {
	emu.faults.inject({ fault: 'reset' });
	expect((await post()).error).toMatch(/ECONNRESET|socket hang up/);
	emu.faults.inject({ fault: 'http', status: 502, body: 'Bad Gateway' });
	expect(await post()).toEqual({ status: 502, body: 'Bad Gateway' });
	emu.faults.inject({ fault: 'respond', body: [] });
	expect(await post()).toEqual({ status: 200, body: '[]' });
	expect(JSON.parse((await post()).body).ResponseMetadata.Error.Code).toBe('IllegalArgument');
});

/** Resolves once `condition()` holds (polled; the test's timeout bounds the wait). */
async function until(condition) {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

test('a hang keeps the request in flight until the client gives up, which is counted', async () => {
	emu.faults.inject({ fault: 'hang' });
	const req = signedRequest();
	req.on('error', () => {});
	// Taken by the hang, not answered: the request stays in flight.
	await until(() => emu.requests.length === 1 && emu.requests[0].fault === 'hang');
	expect(emu.faults.stats.inFlight).toBe(1);
	req.destroy();
	await until(() => emu.faults.stats.closedByClient === 1);
	expect(emu.faults.stats).toMatchObject({ inFlight: 0, closedByClient: 1 });
});

test('paging knobs rewrite list params and results only', () => {
	emu.faults.inject({ fault: 'set', pageCap: 20, ignoreOffset: true, noTotal: true });
	expect(emu.faults.pageParams({ Offset: '40', Limit: '100' })).toEqual({ Offset: '0', Limit: '20' });
	expect(emu.faults.pageParams({ PhoneNoA: '1' })).toEqual({ PhoneNoA: '1' });
	expect(emu.faults.pageResult({ Records: [], Total: 3, Offset: 0 })).toEqual({ Records: [], Offset: 0 });
	expect(emu.faults.pageResult({ SubId: 'S1' })).toEqual({ SubId: 'S1' });
});

test('qps throttles per account over the last second', () => {
	emu.faults.inject({ fault: 'set', qps: 2 });
	expect([emu.faults.throttled('A'), emu.faults.throttled('A'), emu.faults.throttled('B')]).toEqual([undefined, undefined, undefined]);
	expect(emu.faults.throttled('A')).toEqual({ status: 429, code: 'FlowLimitExceeded' });
	emu.faults.inject({ fault: 'set', throttleCode: 'OverQpsLimit' });
	expect(emu.faults.throttled('A')).toEqual({ status: 200, code: 'OverQpsLimit' });
});
