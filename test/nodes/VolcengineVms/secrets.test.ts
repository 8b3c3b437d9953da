/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- test code (runs in jest, not in n8n): loopback node:http servers echo made-up secrets back */
/**
 * As an attacker: endpoints that quote the session token, the secret access key and the request's
 * signature back in every way they can (text, JSON fields and keys, echoed headers, URL-encoded and
 * JSON-escaped, in 401/403/500 and 200 answers). None of it may reach the thrown error (with every field
 * n8n stores), a Continue On Fail item, a success item, the run data, n8n-core's logs, an editor list or the
 * credential test.
 */
import http from 'node:http';

import { LoggerProxy, type ICredentialDataDecryptedObject } from 'n8n-workflow';

import { loadOptions, loadPackage, runNode, testCredential } from '../../helpers/n8n';
import { VALID_BIND } from '../../helpers/emulator';
import { redactor, REDACTED, secretsOf } from '../../../nodes/VolcengineVms/transport/redact';

// Realistic shapes: an STS token is long base64 (with + / =), so its URL-encoded form differs.
const TOKEN = 'STSeyJhY2NvdW50SWQiOjIxMDA+Zm9v/YmFy==token4f9c2e';
// A secret with a quote and a backslash: its JSON-escaped forms differ too.
const SECRET = 'TmpSecret"Key\\with/slash+plus==';

interface Echo {
	status: number;
	/** The response body for a request: the token, secret and the Authorization header it carried. */
	body(seen: { token: string; authorization: string; signature: string; headers: http.IncomingHttpHeaders }): unknown;
	headers?: Record<string, string>;
}

/** The signatures the servers saw: none may show up anywhere. */
const signatures: string[] = [];

async function withEcho<T>(echo: Echo, fn: (endpoint: string) => Promise<T>): Promise<T> {
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const authorization = String(req.headers.authorization ?? '');
			const signature = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1] ?? '';
			signatures.push(signature);
			const token = String(req.headers['x-security-token'] ?? '');
			const body = echo.body({ token, authorization, signature, headers: req.headers });
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			res.writeHead(echo.status, {
				'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
				// Headers echoed back: n8n's full response has them.
				'x-echo-token': token,
				'x-echo-authorization': authorization,
				...echo.headers,
			});
			res.end(text);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	try {
		return await fn(`http://127.0.0.1:${port}`);
	} finally {
		server.closeAllConnections();
		server.close();
	}
}

function credentialsFor(endpoint: string): ICredentialDataDecryptedObject {
	return { accessKeyId: 'AKLTattacker', secretAccessKey: SECRET, sessionToken: TOKEN, region: 'cn-north-1', endpoint };
}

/** Every string reachable from a value: own properties (enumerable or not, so `stack` and `cause`), keys too. */
function reachableStrings(root: unknown): string[] {
	const out: string[] = [];
	const seen = new Set<unknown>();
	const walk = (value: unknown) => {
		if (typeof value === 'string') return void out.push(value);
		if (typeof value !== 'object' || value === null || seen.has(value)) return;
		seen.add(value);
		if (Buffer.isBuffer(value)) return void out.push(value.toString('latin1'));
		for (const key of Object.getOwnPropertyNames(value)) {
			out.push(key);
			const descriptor = Object.getOwnPropertyDescriptor(value, key);
			if (descriptor && 'value' in descriptor) walk(descriptor.value);
		}
	};
	walk(root);
	try {
		out.push(JSON.stringify(root) ?? '');
	} catch {
		// circular: the walk has it all
	}
	return out;
}

/** The forms a secret could be quoted in. */
function forms(secret: string): string[] {
	const json = JSON.stringify(secret).slice(1, -1);
	return [secret, encodeURIComponent(secret), json, JSON.stringify(json).slice(1, -1)];
}

function expectNoSecrets(label: string, value: unknown) {
	const texts = reachableStrings(value);
	const needles = [...forms(TOKEN), ...forms(SECRET), ...signatures.filter(Boolean)];
	// A 24-character prefix is enough to be a leak (a cut snippet).
	const prefixes = [TOKEN.slice(0, 24), SECRET.slice(0, 20), ...signatures.filter(Boolean).map((s) => s.slice(0, 24))];
	for (const needle of [...needles, ...prefixes]) {
		const hit = texts.find((text) => text.includes(needle));
		expect({ label, needle, hit }).toEqual({ label, needle, hit: undefined });
	}
}

/** Everything the token, the secret and the signature can be echoed as. */
const quoteAll = (seen: { token: string; authorization: string; signature: string; headers: http.IncomingHttpHeaders }) =>
	`token=${seen.token} enc=${encodeURIComponent(seen.token)} secret=${SECRET} json=${JSON.stringify(SECRET)} auth=${seen.authorization} sig=${seen.signature}`;

const ECHOES: Array<[string, Echo]> = [
	['a 401 text body', { status: 401, body: (seen) => `Unauthorized: ${quoteAll(seen)}` }],
	['a 401 text body with the token across the 200-character cut', { status: 401, body: (seen) => `${'x'.repeat(170)}${seen.token} ${seen.signature}` }],
	[
		'a 401 JSON error quoting them in Message, other fields, keys and the echoed headers',
		{
			status: 401,
			body: (seen) => ({
				ResponseMetadata: { RequestId: 'r-401', Error: { Code: 'InvalidSecretToken', Message: `bad token ${quoteAll(seen)}` } },
				message: seen.token,
				description: `Signature=${seen.signature}`,
				headers: seen.headers,
				[seen.token]: 'as a key',
			}),
		},
	],
	[
		'a 403 JSON error whose Message is an object of echoes',
		{
			status: 403,
			body: (seen) => ({
				ResponseMetadata: { RequestId: 'r-403', Error: { Code: 'AccessDenied', Message: { text: quoteAll(seen), headers: seen.headers } } },
			}),
		},
	],
	[
		'a 500 JSON error with the token as its code',
		{ status: 500, body: (seen) => ({ ResponseMetadata: { RequestId: 'r-500', Error: { Code: seen.token, Message: seen.authorization } } }) },
	],
	[
		'a 200 business error',
		{ status: 200, body: (seen) => ({ ResponseMetadata: { RequestId: 'r-200', Error: { Code: 'IllegalArgument', Message: quoteAll(seen) } } }) },
	],
	[
		'a 200 answer whose Result is not a binding',
		{ status: 200, body: (seen) => ({ ResponseMetadata: { RequestId: 'r-bad' }, Result: { echo: quoteAll(seen), sig: seen.signature } }) },
	],
	['a 502 with a bare signature', { status: 502, body: (seen) => `upstream rejected ${seen.signature}` }],
];

/** What n8n-core logs (it logs a failed execution's error at debug level): every level captured. */
const logged: unknown[] = [];
const capture = (message: string, meta?: object) => void logged.push(message, meta);

describe('secrets never leave (echoing endpoints)', () => {
	beforeEach(async () => {
		// Loading the package makes n8n's Logger, which takes over the proxy: ours comes after.
		await loadPackage();
		LoggerProxy.init({ error: capture, warn: capture, info: capture, debug: capture } as Parameters<typeof LoggerProxy.init>[0]);
		signatures.length = 0;
		logged.length = 0;
	});

	afterEach(() => {
		expectNoSecrets('logs', logged);
	});

	it('the logs are captured (n8n-core logs the failed execution with its error)', async () => {
		await withEcho(ECHOES[0][1], (endpoint) => runNode({ parameters: VALID_BIND, items: [{}], credentials: credentialsFor(endpoint) }));
		expect(logged.some((entry) => entry instanceof Object && 'error' in entry)).toBe(true);
	});

	it.each(ECHOES)('%s: not in the thrown error nor the run data', async (_label, echo) => {
		const { error, run } = await withEcho(echo, (endpoint) =>
			runNode({ parameters: VALID_BIND, items: [{}], credentials: credentialsFor(endpoint) }),
		);
		expect(signatures).toHaveLength(1);
		expect(signatures[0]).toMatch(/^[0-9a-f]{64}$/);
		expect(error).toBeDefined();
		expectNoSecrets('error', error);
		expectNoSecrets('error.toJSON', JSON.parse(JSON.stringify(error)));
		expectNoSecrets('run data', run.data);
	});

	it.each(ECHOES)('%s: not in the Continue On Fail item', async (_label, echo) => {
		const { items, run } = await withEcho(echo, (endpoint) =>
			runNode({
				parameters: VALID_BIND,
				items: [{}, {}],
				credentials: credentialsFor(endpoint),
				settings: { onError: 'continueRegularOutput' },
			}),
		);
		expect(items).toHaveLength(2);
		expect(items![0].json.error).toEqual(expect.any(String));
		expectNoSecrets('items', items);
		expectNoSecrets('run data', run.data);
	});

	it('the error still says what happened, with the secrets replaced', async () => {
		const { error } = await withEcho(ECHOES[2][1], (endpoint) =>
			runNode({ parameters: VALID_BIND, items: [{}], credentials: credentialsFor(endpoint) }),
		);
		expect(error!.message).toBe(
			`InvalidSecretToken: bad token token=${REDACTED} enc=${REDACTED} secret=${REDACTED} json="${REDACTED}" auth=${REDACTED} sig=${REDACTED}`,
		);
		expect(error!.httpCode).toBe('401');
		expect(String(error!.description)).toContain('Request ID: r-401');
	});

	it('a successful answer that echoes them gives items without them, presigned URLs intact', async () => {
		const url = `https://tos.example/rec.mp3?X-Tos-Signature=${'ab12'.repeat(16)}&X-Amz-Signature=${'cd34'.repeat(16)}`;
		const { items, run } = await withEcho(
			{
				status: 200,
				body: (seen) => ({
					ResponseMetadata: { RequestId: 'r-ok' },
					Result: {
						SubId: 'S1',
						Note: `token=${seen.token} enc=${encodeURIComponent(seen.token)} secret=${SECRET} auth=${seen.authorization}`,
						Signed: `Signature=${seen.signature}`,
						Headers: seen.headers,
						Url: url,
					},
				}),
			},
			(endpoint) => runNode({ parameters: VALID_BIND, items: [{}], credentials: credentialsFor(endpoint) }),
		);
		expect(items![0].json.SubId).toBe('S1');
		expect(items![0].json.Note).toBe(`token=${REDACTED} enc=${REDACTED} secret=${REDACTED} auth=${REDACTED}`);
		expect(items![0].json.Url).toBe(url);
		expectNoSecrets('items', items);
		expectNoSecrets('run data', run.data);
	});

	it('an editor list (load options) that meets an echoing endpoint shows none of them', async () => {
		const failure = await withEcho(ECHOES[0][1], (endpoint) =>
			loadOptions('getNumberPools', credentialsFor(endpoint)).then(
				() => undefined,
				(error: unknown) => error,
			),
		);
		expect(failure).toBeInstanceOf(Error);
		expectNoSecrets('load options error', failure);
	});

	it.each([ECHOES[0], ECHOES[2], ECHOES[3]])('the credential test meeting %s shows none of them', async (_label, echo) => {
		const result = await withEcho(echo, (endpoint) => testCredential(credentialsFor(endpoint)));
		expect(result.status).toBe('Error');
		expectNoSecrets('credential test', result);
	});
});

describe('redactor', () => {
	const hide = redactor(secretsOf({ sessionToken: TOKEN, secretAccessKey: SECRET, accessKeyId: 'AKLTid' }));
	const hideAll = redactor(secretsOf({ sessionToken: TOKEN, secretAccessKey: SECRET }), { bareSignatures: true });
	const sig = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);

	it('replaces each form of each secret, and signing headers, but not the Access Key ID', () => {
		for (const form of [...forms(TOKEN), ...forms(SECRET), encodeURIComponent(TOKEN).replace(/%20/g, '+')]) {
			expect(hide.text(`<${form}>`)).toBe(`<${REDACTED}>`);
		}
		const lowerPercent = encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
		expect(hide.text(`t=${lowerPercent}`)).toBe(`t=${REDACTED}`);
		const authorization = `HMAC-SHA256 Credential=AKLTid/20260101/cn-north-1/vms/request, SignedHeaders=host;x-date, Signature=${sig}`;
		expect(hide.text(`auth: ${authorization}; next`)).toBe(`auth: ${REDACTED}; next`);
		expect(hide.text(`{"Signature":"${sig}"}`)).toBe(`{"Signature":"${REDACTED}"}`);
		expect(hide.text(`signature=${sig.toUpperCase()}`)).toBe(`signature=${REDACTED}`);
		expect(hide.text('AKLTid')).toBe('AKLTid');
	});

	it('replaces a bare 64-hex signature only where asked (errors), not in results', () => {
		expect(hide.text(`x ${sig} y`)).toBe(`x ${sig} y`);
		expect(hideAll.text(`x ${sig} y`)).toBe(`x ${REDACTED} y`);
		expect(hideAll.text(`x ${sig}0 y`)).toBe(`x ${sig}0 y`); // 65 hex digits: not a signature
		// Presigned download URLs carry their own signatures: not the request's, and needed.
		const url = `https://tos.example/a.mp3?X-Tos-Signature=${sig}&x-amz-signature=${sig}`;
		expect(hide.text(url)).toBe(url);
	});

	it('leaves short or empty secrets alone (an empty token would match everywhere)', () => {
		expect(secretsOf({ sessionToken: '', secretAccessKey: 'short' })).toEqual([]);
		expect(redactor([]).text('nothing to hide')).toBe('nothing to hide');
	});

	it('hands back an unchanged value as it is, and copies a changed one without touching the original', () => {
		const clean = { a: [1, { b: 'c' }] };
		expect(hide.value(clean)).toBe(clean);
		const dirty = { a: [1, { b: TOKEN }], [TOKEN]: 1, ['__proto__']: { polluted: TOKEN } };
		Object.defineProperty(dirty, '__proto__', { value: { polluted: TOKEN }, enumerable: true });
		const copy = hide.value(dirty) as Record<string, unknown>;
		expect(JSON.stringify(copy)).not.toContain(TOKEN);
		expect((dirty.a[1] as { b: string }).b).toBe(TOKEN);
		expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('redacts an error in place down its cause chain, stack and response included', () => {
		const inner = new Error(`inner ${TOKEN}`);
		const outer = new Error(`outer ${SECRET}`, { cause: inner });
		Object.assign(outer, { response: { body: `b ${TOKEN}` }, messages: [TOKEN] });
		const cyclic = outer as Error & { self?: unknown };
		cyclic.self = outer;
		expect(hide.error(outer)).toBe(outer);
		expectNoSecrets('error', outer);
		expect(outer.message).toBe(`outer ${REDACTED}`);
	});

});
