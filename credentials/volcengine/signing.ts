import { createHash, createHmac } from 'node:crypto';

import { VMS_SERVICE } from './constants';

/**
 * Volcengine OpenAPI request signing (HMAC-SHA256, a SigV4-like scheme).
 * Pure functions: no n8n imports, no I/O, the clock is passed in.
 * Spec and official test vectors: shared reference `volcengine-vms-api.md`, section 4.
 */

export const ALGORITHM = 'HMAC-SHA256';

export type QueryValue = string | number | boolean;

export interface SigningKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export interface SignInput {
	method: string;
	/** Absolute http(s) URL; its own query (if any) is merged with `query`. */
	url: string;
	query?: Array<[string, QueryValue]>;
	/** The exact bytes that will be sent ('' for none). */
	body: string | Buffer;
	keys: SigningKeys;
	region: string;
	service?: string;
	now: Date;
}

export interface SignedRequest {
	/** Final URL: origin + path + canonical query. Send exactly this. */
	url: string;
	/** Headers to add to the request (host, x-date, x-content-sha256, x-security-token, authorization). */
	headers: Record<string, string>;
}

export function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** Strings are hashed and keyed as UTF-8 (Node's default for strings). */
function hmac(key: string | Buffer, data: string): Buffer {
	return createHmac('sha256', key).update(data).digest();
}

/** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~ is escaped, upper-case hex. */
export function rfc3986(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
	);
}

/** Pairs sorted by encoded name, then encoded value, joined `k=v&k=v`. */
export function canonicalQuery(pairs: Array<[string, QueryValue]>): string {
	return pairs
		.map(([k, v]) => [rfc3986(k), rfc3986(String(v))])
		.sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)))
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** `20201103T104027Z` */
export function formatXDate(now: Date): string {
	return now.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

export function signingKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
	const kDate = hmac(secretAccessKey, shortDate);
	return hmac(hmac(hmac(kDate, region), service), 'request');
}

export interface AuthorizationInput {
	method: string;
	path: string;
	/** Already canonical (see `canonicalQuery`). */
	query: string;
	/** The headers to sign, by name (each once, ignoring case); the names become SignedHeaders. Must include x-date. */
	headers: Record<string, string>;
	payloadHash: string;
	keys: SigningKeys;
	region: string;
	service: string;
}

/** The core of the scheme, over any header set (the official vectors sign different sets). */
export function computeAuthorization(input: AuthorizationInput): {
	canonicalRequest: string;
	stringToSign: string;
	authorization: string;
} {
	const entries = Object.entries(input.headers)
		.map(([k, v]): [string, string] => [k.toLowerCase(), String(v).trim()])
		.sort(([a], [b]) => compare(a, b));
	// `Host` and `host` would both be signed: which value counts would be anyone's guess.
	const twice = entries.find(([k], i) => i > 0 && k === entries[i - 1][0]);
	if (twice) throw new Error(`The header "${twice[0]}" is given more than once`);
	const xDate = entries.find(([k]) => k === 'x-date')?.[1];
	if (!xDate) throw new Error('x-date must be among the signed headers');
	const shortDate = xDate.slice(0, 8);
	const signedHeaders = entries.map(([k]) => k).join(';');
	const canonicalHeaders = entries.map(([k, v]) => `${k}:${v}\n`).join('');
	const canonicalRequest = [
		input.method.toUpperCase(),
		input.path,
		input.query,
		canonicalHeaders,
		signedHeaders,
		input.payloadHash,
	].join('\n');
	const scope = `${shortDate}/${input.region}/${input.service}/request`;
	const stringToSign = [ALGORITHM, xDate, scope, sha256Hex(canonicalRequest)].join('\n');
	const signature = createHmac('sha256', signingKey(input.keys.secretAccessKey, shortDate, input.region, input.service))
		.update(stringToSign)
		.digest('hex');
	return {
		canonicalRequest,
		stringToSign,
		authorization: `${ALGORITHM} Credential=${input.keys.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
	};
}

/**
 * Signs a request the way this package sends it: `host;x-content-sha256;x-date` (+ `x-security-token`),
 * the header set of Volcengine's own docs. Content-Type stays unsigned so the HTTP layer may set it.
 */
export function signRequest(input: SignInput): SignedRequest {
	const { keys } = input;
	if (!keys.accessKeyId || !keys.secretAccessKey) {
		throw new Error('The Access Key ID and the Secret Access Key must both be set to sign a request');
	}
	const url = new URL(input.url);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new Error(`Cannot sign a request to a "${url.protocol}" URL: only http and https are supported`);
	}
	const query = canonicalQuery([...url.searchParams.entries(), ...(input.query ?? [])]);
	// An http(s) URL's path is never empty: at least "/".
	const path = url.pathname;
	const payloadHash = sha256Hex(input.body);
	const headers: Record<string, string> = {
		host: url.host,
		'x-content-sha256': payloadHash,
		'x-date': formatXDate(input.now),
	};
	if (keys.sessionToken) headers['x-security-token'] = keys.sessionToken;

	const { authorization } = computeAuthorization({
		method: input.method,
		path,
		query,
		headers,
		payloadHash,
		keys,
		region: input.region,
		service: input.service ?? VMS_SERVICE,
	});
	return {
		url: `${url.origin}${path}${query ? `?${query}` : ''}`,
		headers: { ...headers, authorization },
	};
}
