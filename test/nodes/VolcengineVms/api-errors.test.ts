/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code (runs in jest, not in n8n): loopback node:http servers and node:zlib for broken compressed answers */
import http from 'node:http';
import zlib from 'node:zlib';

import { runNode } from '../../helpers/n8n';
import { useEmulator, VALID_BIND, withNonVmsServer } from '../../helpers/emulator';
import type { IExecuteFunctions } from 'n8n-workflow';

import { ERROR_HINTS, toVmsApiError } from '../../../nodes/VolcengineVms/transport/errors';
import { vmsApiRequest } from '../../../nodes/VolcengineVms/transport';

const env = useEmulator();

// The number-privacy business codes (reference §3.3, docs 6358/172156 and 6358/173334): HTTP 200.
const BUSINESS_CODES = [
	'SystemError', 'UnauthenticatedRequest', 'IllegalArgument', 'UnsupportedOperation', 'ProviderUnsupportedOperation',
	'ProviderException', 'ConcurrencyConflict', 'ConflictWithExisting', 'SubscriptionEmpty', 'CanNotUpdate', 'UpgradeError',
	'UnbindAXError', 'BindAXBError', 'ExceedMaxBindCount', 'IllegalPhoneNoX', 'IllegalPhoneNoY', 'PhoneNoXOccupied',
	'PhoneNoEOccupied', 'PhoneNoXBConflicted', 'PhoneNoYAConflicted', 'CanNotUsedAsPhoneNoX', 'CanNotUsedAsPhoneNoY',
	'XCanNotEqualsY', 'NumberNotEnough', 'BlockNumber', 'AccountFrozen', 'AccountSubServiceException', 'OverQpsLimit',
	'PhoneNoARiskFrozen', 'PhoneNoBRiskFrozen', 'CallerFrequencyLimit', 'CalleeFrequencyLimit', 'CallerRiskFrozen',
	'CalleeRiskFrozen', 'RepeatClick2Call', 'DownStreamError',
];

// Gateway codes and their HTTP statuses (reference §3.2).
const GATEWAY_CODES: Array<[string, number]> = [
	['MissingParameter', 400], ['MissingAuthenticationToken', 401], ['MissingRequestInfo', 400], ['MissingSignature', 401],
	['InvalidTimestamp', 400], ['ServiceNotFound', 404], ['InvalidActionOrVersion', 404], ['InvalidAccessKey', 401],
	['SignatureDoesNotMatch', 401], ['LackPolicy', 403], ['AccessDenied', 403], ['InternalError', 500],
	['InvalidSecretToken', 401], ['FlowLimitExceeded', 429], ['AccountFlowLimitExceeded', 429],
	['ServiceUnavailableTemp', 503], ['InternalServiceTimeout', 504],
];

const THROTTLING = new Set(['OverQpsLimit', 'FlowLimitExceeded', 'AccountFlowLimitExceeded']);

const CATALOGUE: Array<[string, number]> = [...BUSINESS_CODES.map((c): [string, number] => [c, 200]), ...GATEWAY_CODES];

const parameters = VALID_BIND;

describe('API error catalogue', () => {
	it('covers the 36 business codes and 17 gateway codes, each with a hint', () => {
		expect(BUSINESS_CODES).toHaveLength(36);
		expect(GATEWAY_CODES).toHaveLength(17);
		for (const [code] of CATALOGUE) expect({ code, hint: ERROR_HINTS[code] }).toEqual({ code, hint: expect.any(String) });
	});

	it.each(CATALOGUE.filter(([code]) => !THROTTLING.has(code)))(
		'%s (HTTP %i) becomes a NodeApiError with code, message, status, request ID and hint',
		async (code, status) => {
			const { emulator, credentials } = env();
			emulator.injectError({ action: 'BindAXN', code, message: `Message of ${code}`, status });
			const { error } = await runNode({ parameters, items: [{}], credentials });
			expect(error!.name).toBe('NodeApiError');
			expect(error!.message).toBe(`${code}: Message of ${code}`);
			expect(error!.httpCode).toBe(String(status));
			expect(String(error!.description)).toContain(ERROR_HINTS[code]);
			expect(String(error!.description)).toMatch(/Request ID: \w+/);
			expect(emulator.requests).toHaveLength(1);
		},
	);

	it.each([...THROTTLING].map((code) => [code, code === 'OverQpsLimit' ? 200 : 429] as [string, number]))(
		'%s (HTTP %i) is retried after a back-off and then succeeds',
		async (code, status) => {
			const { emulator, credentials } = env();
			emulator.injectError({ action: 'BindAXN', code, message: 'slow down', status, times: 1 });
			const { items } = await runNode({ parameters, items: [{}], credentials });
			expect(items![0].json.SubId).toMatch(/^S\d+$/);
			expect(emulator.requests.map((r) => r.response.code ?? null)).toEqual([code, null]);
			expect(emulator.requests[1].rawBody).toBe(emulator.requests[0].rawBody);
		},
	);

	it('throttling is retried however often while the account is not blocked: five throttled answers, then bound once', async () => {
		const { emulator, credentials } = env();
		emulator.injectError({ action: 'BindAXN', code: 'FlowLimitExceeded', message: 'slow down', status: 429, times: 5 });
		const { items, error } = await runNode({ parameters, items: [{}], credentials });
		expect(error).toBeUndefined();
		expect(items![0].json.SubId).toMatch(/^S\d+$/);
		expect(emulator.requests.map((r) => r.response.code ?? null)).toEqual([...Array(5).fill('FlowLimitExceeded'), null]);
	}, 30000);

	it('throttling with nothing accepted for 30 s is reported with its hint, every attempt unprocessed', async () => {
		const { emulator, credentials } = env();
		emulator.injectError({ action: 'BindAXN', code: 'FlowLimitExceeded', message: 'slow down', status: 429, times: 1000 });
		const started = Date.now();
		const { error } = await runNode({ parameters, items: [{}], credentials });
		expect(Date.now() - started).toBeGreaterThanOrEqual(30000);
		expect(error!.message).toBe('FlowLimitExceeded: slow down');
		expect(error!.httpCode).toBe('429');
		expect(String(error!.description)).toContain(ERROR_HINTS.FlowLimitExceeded);
		const codes = emulator.requests.map((r) => r.response.code);
		expect(codes.length).toBeGreaterThan(5);
		expect(codes).toEqual(Array(codes.length).fill('FlowLimitExceeded'));
	}, 90000);

	it('an unknown code still shows its code and message, without a hint', () => {
		const node = { id: '1', name: 'VMS', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const error = toVmsApiError(
			node,
			{ code: 'BrandNewCode', message: 'Something new', requestId: 'R1', httpCode: 200, action: 'BindAXN' },
			{},
		);
		expect(error.message).toBe('BrandNewCode: Something new');
		expect(error.description).toBe('Request ID: R1 Action: BindAXN');
	});

	it('reports a non-VMS answer (HTML from a wrong endpoint) clearly', async () => {
		const { credentials } = env();
		const { error } = await withNonVmsServer(404, '<h1>Not Found</h1>', (endpoint) =>
			runNode({ parameters, items: [{}], credentials: { ...credentials, endpoint } }),
		);
		expect(error!.message).toBe('VMS answered BindAXN with HTTP 404 and no readable result');
		expect(error!.description).toContain('<h1>Not Found</h1>');
	});

	it('reports an unreachable endpoint without sending twice', async () => {
		const { credentials } = env();
		const { error } = await runNode({
			parameters,
			items: [{}],
			credentials: { ...credentials, endpoint: 'http://127.0.0.1:9' },
		});
		expect(error!.message).toMatch(/^Could not send the BindAXN request: connect ECONNREFUSED 127\.0\.0\.1:9$/);
		expect(String(error!.description)).toContain('Nothing was sent');
	});

	describe('wordings of what happened', () => {
		/** A loopback server answering every request with `handler`; counts the requests it got. */
		async function withServer<T>(handler: http.RequestListener, fn: (url: string, received: () => number) => Promise<T>): Promise<T> {
			let count = 0;
			const server = http.createServer((req, res) => {
				count++;
				handler(req, res);
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			const { port } = server.address() as { port: number };
			try {
				return await fn(`http://127.0.0.1:${port}`, () => count);
			} finally {
				server.closeAllConnections();
				server.close();
			}
		}

		it('https:// on a plain-HTTP port: a failed TLS handshake, reported as not sent', async () => {
			const { credentials } = env();
			const { error, received } = await withServer(
				(_req, res) => res.end('{}'),
				async (url, received) => ({
					...(await runNode({ parameters, items: [{}], credentials: { ...credentials, endpoint: url.replace('http:', 'https:') } })),
					received: received(),
				}),
			);
			expect(received).toBe(0);
			expect(error!.message).toMatch(/^Could not send the BindAXN request: .*wrong version number/i);
			expect(error!.message).not.toContain('may exist');
			expect(String(error!.description)).toContain('Nothing was sent');
			expect(String(error!.description)).toContain('TLS handshake failed');
			expect((error!.context as { uncertain?: boolean }).uncertain).toBeUndefined();
		});

		/** The transport alone, with n8n's HTTP helper throwing what n8n throws: a wrapper whose cause is the axios error. */
		async function failWith(cause: Record<string, unknown>) {
			const context = {
				getNode: () => ({ id: '1', name: 'VMS', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
				helpers: {
					httpRequestWithAuthentication: async () => {
						throw Object.assign(new Error('request failed'), { cause: { isAxiosError: true, ...cause } });
					},
				},
			} as unknown as IExecuteFunctions;
			const bind = {
				action: 'BindAXN',
				version: '2020-01-01',
				encoding: 'form' as const,
				params: {},
				creates: { what: 'the binding', check: 'Look it up.' },
			};
			return await vmsApiRequest.call(context, bind).then(
				() => undefined,
				(error: Error & { context: Record<string, unknown> }) => error,
			);
		}

		it.each([
			['EPROTO', 'write EPROTO …:SSL routines:tls_validate_record_header:wrong version number'],
			['ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'],
			['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'sslv3 alert handshake failure'],
			['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'tlsv1 alert protocol version'],
		])('%s before the handshake finished is not sent', async (code, message) => {
			const error = await failWith({ code, message, request: { socket: { _secureEstablished: false } } });
			expect(error!.message).toBe(`Could not send the BindAXN request: ${message}`);
			expect(error!.context.uncertain).toBeUndefined();
		});

		it.each([
			['EPROTO after the handshake finished', { code: 'EPROTO', message: 'wrong version number', request: { socket: { _secureEstablished: true } } }],
			['a TLS error that is no handshake failure', { code: 'ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC', message: 'bad record mac' }],
			['EPROTO for another reason', { code: 'EPROTO', message: 'protocol error' }],
		])('%s is a lost connection: the request may have been sent', async (_label, cause) => {
			const error = await failWith(cause);
			expect(error!.message).toMatch(/^The connection was lost after the BindAXN request was sent \(\w+\): the outcome is unknown; the binding may exist$/);
			expect(error!.context.uncertain).toBe(true);
		});

		it.each([
			['gzip', Buffer.from('not gzip at all')],
			['deflate', Buffer.from('not deflate')],
			['br', Buffer.from('not brotli at all')],
		])('a broken %s answer says it could not be decoded, and for a bind that the outcome is unknown', async (encoding, corrupt) => {
			const { credentials } = env();
			const { error, received } = await withServer(
				(req, res) => {
					req.resume();
					res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding }).end(corrupt);
				},
				async (url, received) => ({
					...(await runNode({ parameters, items: [{}], credentials: { ...credentials, endpoint: url } })),
					received: received(),
				}),
			);
			expect(received).toBe(1);
			expect(error!.message).toMatch(/^VMS's answer to BindAXN could not be decoded \((Z_|ERR__)\w+: .+\): the outcome is unknown; the binding may exist$/);
			expect(error!.message).not.toContain('connection was lost');
			expect(String(error!.description)).toContain('or your Out ID, before binding again');
			expect((error!.context as { uncertain?: boolean }).uncertain).toBe(true);
		});

		it('a gzip answer cut after its header reads as no readable result, the outcome unknown', async () => {
			const { credentials } = env();
			const good = zlib.gzipSync(JSON.stringify({ ResponseMetadata: { RequestId: 'r1' }, Result: { SubId: 'S1' } }));
			const { error } = await withServer(
				(req, res) => {
					req.resume();
					res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(good.subarray(0, 10));
				},
				(url) => runNode({ parameters, items: [{}], credentials: { ...credentials, endpoint: url } }),
			);
			expect(error!.message).toBe('VMS answered BindAXN with HTTP 200 and no readable result');
			expect(String(error!.description)).toContain('The outcome is unknown. Look it up with Subscription → Get Many');
			expect((error!.context as { uncertain?: boolean }).uncertain).toBe(true);
		});

		it.each([
			[{ text: 'quota used up' }, '123: quota used up'],
			[{ Message: 'nested message' }, '123: nested message'],
			[{ detail: 42, list: [1] }, '123: {"detail":42,"list":[1]}'],
			[['a', 'b'], '123: ["a","b"]'],
			[null, '123: no message'],
			[7, '123: 7'],
		])('a numeric code with the message %j reads %s', async (message, expected) => {
			const { credentials } = env();
			const { error } = await withServer(
				(req, res) => {
					req.resume();
					res
						.writeHead(200, { 'content-type': 'application/json' })
						.end(JSON.stringify({ ResponseMetadata: { RequestId: 'r1', Error: { Code: 123, Message: message } } }));
				},
				(url) => runNode({ parameters, items: [{}], credentials: { ...credentials, endpoint: url } }),
			);
			expect(error!.message).toBe(expected);
			expect(error!.message).not.toContain('[object Object]');
			expect((error!.context as { vmsCode?: unknown }).vmsCode).toBe('123');
		});
	});
});
