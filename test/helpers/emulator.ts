/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code (runs in jest, not in n8n): a loopback node:http server stands in for a non-VMS endpoint */
/** Starts the local VMS emulator on loopback for a test file, with credentials pointing at it. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createEmulator } = require('../emulator/server.js');

export interface EmulatorRequest {
	method: string;
	action: string;
	params: Record<string, string>;
	rawBody: string;
	/** The query string as sent (repeated keys kept; `params` has each key's first value). */
	rawQuery: string;
	headers: Record<string, string>;
	signature: { ok: boolean; code?: string };
	response: { status: number; code?: string };
	/** The one-shot fault this request met (test/emulator/faults.js). */
	fault?: string;
	time: string;
}

export interface EmulatorFaults {
	/** `{ fault: 'set', latencyMs, qps, ... }` or a one-shot `{ fault: 'hang' | 'trickle' | 'reset' | 'http' | 'respond' | 'result', action?, times?, ... }`. */
	inject(spec: Record<string, unknown>): void;
	stats: { inFlight: number; maxInFlight: number; closedByClient: number };
}

/** The calls the emulator makes (test/emulator/calls.js). */
export interface EmulatorCalls {
	/** Plays a call (on a binding, or a requested Click2Call) and pushes its events when a target is set. */
	play(scenario: Record<string, unknown>): Promise<{ callId: string; messages: Array<Record<string, unknown>>; pushes: unknown[] }>;
	config: {
		recordingResultShape: 'object' | 'list';
		transcriptResultShape: 'array' | 'records' | 'data';
		queryUrlTtlSeconds: number;
		pushUrlTtlSeconds: number;
	};
	/** The bytes of a call's recording file. */
	file(callId: string, which?: 'mixed' | 'left' | 'right'): Buffer | undefined;
}

export interface Emulator {
	url: string;
	calls: EmulatorCalls;
	requests: EmulatorRequest[];
	state: {
		addPool(pool: { numberPoolNo: string; name: string; subServiceType: string | number; numbers: string[]; cityCode: string }): void;
		addSubscription(fields: Record<string, unknown>): { SubId: string };
		subs: Map<string, { SubId: string; PhoneNoA: string; PhoneNoX: string; Status: number }>;
	};
	faults: EmulatorFaults;
	reset(): void;
	injectError(options: { action?: string; code: string; message?: string; status?: number; times?: number }): void;
	start(port?: number): Promise<string>;
	stop(): Promise<void>;
}

export const AXN_POOL = 'NP160084061100694433';
/** The seeded dual-call pool (Click2Call display numbers: 01053000002–06 in 010, 02153000002–06 in 021). */
export const DUAL_POOL = 'NP160084061100694439';
export const AXN_X = ['13700000002', '13700000003', '13700000004', '13700000005'];

/** A valid AXN → Bind parameter set (expiry two hours after each run). */
export const VALID_BIND = {
	resource: 'axn',
	operation: 'bind',
	numberPoolNo: AXN_POOL,
	phoneNoX: AXN_X[0],
	phoneNoA: '13800138000',
	phoneNoB: '13900139000',
	expireTime: '={{ Math.floor(Date.now() / 1000) + 7200 }}',
	audioRecordFlag: true,
};

/** Registers beforeAll/afterAll/beforeEach hooks; returns a getter for the running emulator. */
export function useEmulator(options: Record<string, unknown> = {}): () => { emulator: Emulator; credentials: ICredentialDataDecryptedObject } {
	let emulator: Emulator;
	let credentials: ICredentialDataDecryptedObject;
	beforeAll(async () => {
		emulator = createEmulator(options);
		const url = await emulator.start(0);
		credentials = {
			accessKeyId: 'AKLTEMULATOR',
			secretAccessKey: 'emulator-secret-key',
			region: 'cn-north-1',
			endpoint: url,
		};
	});
	beforeEach(() => emulator.reset());
	afterAll(async () => await emulator?.stop());
	return () => ({ emulator, credentials });
}

/** Runs `fn` with the URL of a loopback server that is not VMS (it answers `status` with an HTML page). */
export async function withNonVmsServer<T>(status: number, html: string, fn: (url: string) => Promise<T>): Promise<T> {
	const http = await import('node:http');
	const server = http.createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end(html));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	try {
		return await fn(`http://127.0.0.1:${port}`);
	} finally {
		server.close();
	}
}

/** Adds an AXN pool of `size` X numbers (1370200xxxx) and returns its number and the X numbers. */
export function addAxnPool(emulator: Emulator, size: number, numberPoolNo = 'NPLOAD'): { pool: string; xs: string[] } {
	const xs = Array.from({ length: size }, (_, i) => `1370200${String(i).padStart(4, '0')}`);
	emulator.state.addPool({ numberPoolNo, name: 'Load pool', subServiceType: 'AXN', numbers: xs, cityCode: '010' });
	return { pool: numberPoolNo, xs };
}

/** `n` orders, each with its own X (from a fresh pool) and A, so every bind succeeds and can be told apart. */
export function bulkOrders(emulator: Emulator, n: number): { pool: string; items: Array<{ x: string; a: string; order: string }> } {
	const { pool, xs } = addAxnPool(emulator, n);
	return { pool, items: xs.map((x, i) => ({ x, a: `1380300${String(i).padStart(4, '0')}`, order: `order-${i}` })) };
}

/** A Bind AXN of `bulkOrders` items: X and A from each item, its order as User Data, the given Options. */
export function bulkBindParameters(pool: string, options: Record<string, unknown> = {}) {
	return {
		resource: 'axn',
		operation: 'bind',
		numberPoolNo: pool,
		phoneNoX: '={{ $json.x }}',
		phoneNoA: '={{ $json.a }}',
		phoneNoB: '13900139000',
		expireTime: '={{ Math.floor(Date.now() / 1000) + 7200 }}',
		audioRecordFlag: true,
		additionalFields: { userData: '={{ $json.order }}' },
		options,
	};
}

/** The Bind AXN requests the emulator received. */
export const bindsSent = (emulator: Emulator): EmulatorRequest[] => emulator.requests.filter((r) => r.action === 'BindAXN');
