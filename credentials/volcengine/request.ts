import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { DEFAULT_ENDPOINT, DEFAULT_REGION } from './constants';
import { signRequest, type QueryValue } from './signing';

/** Headers this module owns: any earlier copies (n8n's 401 retry re-authenticates) are dropped. */
const SIGNING_HEADERS = new Set([
	'authorization',
	'host',
	'x-date',
	'x-content-sha256',
	'x-security-token',
]);

const REGION_PATTERN = /^[a-z]{2}-[a-z]+-\d{1,2}$/;

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim();
}

/** Validates the credential's endpoint: an http(s) base URL without query, fragment or user info. */
export function parseEndpoint(raw: unknown): URL {
	const value = text(raw) || DEFAULT_ENDPOINT;
	const url = URL.canParse(value) ? new URL(value) : undefined;
	if (!url) {
		throw new Error(
			`The credential's Endpoint "${value}" is not a URL: use a base URL such as ${DEFAULT_ENDPOINT}`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new Error(`The credential's Endpoint must start with https:// or http://, not "${url.protocol}"`);
	}
	if (url.search || url.hash || url.username || url.password) {
		throw new Error(
			"The credential's Endpoint must be a plain base URL, without a query string, fragment or user name",
		);
	}
	return url;
}

function resolveUrl(options: IHttpRequestOptions, endpoint: URL): string {
	const relative = options.url ?? '';
	if (/^https?:\/\//i.test(relative)) return relative;
	const base = text(options.baseURL) ? parseEndpoint(options.baseURL) : endpoint;
	// Join like a path, not like `new URL(relative, base)`, so a base path (a proxy prefix) is kept.
	const basePath = base.pathname.replace(/\/+$/, '');
	const rest = relative.replace(/^\/+/, '');
	return `${base.origin}${basePath}/${rest}`;
}

function queryPairs(qs: IDataObject | undefined): Array<[string, QueryValue]> {
	const pairs: Array<[string, QueryValue]> = [];
	for (const [key, value] of Object.entries(qs ?? {})) {
		if (value === undefined || value === null) continue;
		for (const item of Array.isArray(value) ? value : [value]) {
			if (typeof item === 'object' && item !== null) {
				throw new Error(`Cannot sign query parameter "${key}": nested objects are not supported`);
			}
			pairs.push([key, item as QueryValue]);
		}
	}
	return pairs;
}

/** The payload, serialized once; these exact bytes are hashed and sent. */
function serializeBody(body: IHttpRequestOptions['body']): { payload: string | Buffer; json: boolean } {
	if (body === undefined || body === null || body === '') return { payload: '', json: false };
	if (typeof body === 'string' || Buffer.isBuffer(body)) return { payload: body, json: false };
	if (body instanceof URLSearchParams) return { payload: body.toString(), json: false };
	if (typeof body === 'object' && body.constructor?.name === 'FormData') {
		throw new Error('Cannot sign a multipart (FormData) body: send a string, form-encoded or JSON body');
	}
	// n8n's credential tester sends `{}`: treat an empty object as no payload.
	if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) {
		return { payload: '', json: false };
	}
	return { payload: JSON.stringify(body), json: true };
}

/**
 * Turns what n8n hands a credential (relative `url` + `baseURL`, `qs`, any body, maybe no method)
 * into a new, signed request: one absolute URL carrying the canonical query, `qs` cleared,
 * the body as the exact bytes hashed. The input is never mutated.
 */
export function prepareSignedRequest(
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
	now: Date,
): IHttpRequestOptions {
	const accessKeyId = text(credentials.accessKeyId);
	const secretAccessKey = text(credentials.secretAccessKey);
	if (!accessKeyId || !secretAccessKey) {
		throw new Error('The Volcengine VMS credential needs both an Access Key ID and a Secret Access Key');
	}
	const region = text(credentials.region) || DEFAULT_REGION;
	if (!REGION_PATTERN.test(region)) {
		throw new Error(`The credential's Region "${region}" is not a region name such as ${DEFAULT_REGION}`);
	}
	const endpoint = parseEndpoint(credentials.endpoint);
	const method = (options.method ?? 'GET').toUpperCase() as NonNullable<IHttpRequestOptions['method']>;
	const { payload, json } = serializeBody(options.body);
	const sessionToken = text(credentials.sessionToken);

	const signed = signRequest({
		method,
		url: resolveUrl(options, endpoint),
		query: queryPairs(options.qs),
		body: payload,
		keys: { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined },
		region,
		now,
	});

	const headers: IDataObject = {};
	for (const [name, value] of Object.entries(options.headers ?? {})) {
		if (!SIGNING_HEADERS.has(name.toLowerCase())) headers[name] = value;
	}
	const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
	if (json && !hasContentType) headers['content-type'] = 'application/json; charset=utf-8';

	// The signed URL already carries the base URL and the query string.
	const rest = { ...options };
	delete rest.baseURL;
	delete rest.qs;
	return {
		...rest,
		method,
		url: signed.url,
		headers: { ...headers, ...signed.headers },
		body: payload === '' ? undefined : payload,
	};
}
