'use strict';
// Server-side check of Volcengine "HMAC-SHA256" request signatures (reference §4).
// Written independently of the package's signer so that the two can catch each other's bugs.
const crypto = require('node:crypto');

const ALGORITHM = 'HMAC-SHA256';
const AUTH_RE =
	/^HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})$/;
const X_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const sha256hex = (data) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => crypto.createHmac('sha256', key).update(data, 'utf8').digest();

// RFC 3986: everything but A-Z a-z 0-9 - _ . ~ is escaped with upper-case hex.
const rfc3986 = (s) =>
	encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function decodeQueryPart(s) {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return s; // malformed escapes are signed as sent; the signature will then decide
	}
}

// The wire query need not be canonical (SDKs send `+`, raw `*`, any order); the cloud re-encodes it.
function canonicalQueryFromRaw(rawQuery) {
	if (!rawQuery) return '';
	const pairs = String(rawQuery)
		.replace(/^\?/, '')
		.split('&')
		.filter((part) => part !== '')
		.map((part) => {
			const eq = part.indexOf('=');
			const name = eq < 0 ? part : part.slice(0, eq);
			const value = eq < 0 ? '' : part.slice(eq + 1);
			return [rfc3986(decodeQueryPart(name)), rfc3986(decodeQueryPart(value))];
		});
	const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
	pairs.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
	return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function lowerCaseHeaders(headers) {
	const out = {};
	for (const [k, v] of Object.entries(headers || {})) {
		if (v === undefined || v === null) continue;
		out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
	}
	return out;
}

/**
 * Canonical request, string to sign and signature for one request.
 * `signedHeaders` (array or "a;b") defaults to every header given; `payloadHash` defaults to sha256(body).
 * With `accessKeyId` it also returns the Authorization header value.
 */
function computeSignature({
	method,
	path = '/',
	rawQuery = '',
	headers = {},
	signedHeaders,
	body = '',
	payloadHash,
	xDate,
	scopeDate,
	region,
	service,
	accessKeyId,
	secretAccessKey,
}) {
	const h = lowerCaseHeaders(headers);
	xDate = xDate || h['x-date'];
	scopeDate = scopeDate || xDate.slice(0, 8);
	const names =
		signedHeaders === undefined
			? Object.keys(h).sort()
			: Array.isArray(signedHeaders)
				? signedHeaders
				: signedHeaders.split(';');
	const canonicalHeaders = names.map((n) => `${n}:${(h[n] || '').trim()}\n`).join('');
	const signedHeadersString = names.join(';');
	const hash = payloadHash || sha256hex(body);
	const canonicalRequest = [
		String(method).toUpperCase(),
		path || '/',
		canonicalQueryFromRaw(rawQuery),
		canonicalHeaders,
		signedHeadersString,
		hash,
	].join('\n');
	const scope = `${scopeDate}/${region}/${service}/request`;
	const stringToSign = [ALGORITHM, xDate, scope, sha256hex(canonicalRequest)].join('\n');
	const kDate = hmac(Buffer.from(secretAccessKey, 'utf8'), scopeDate);
	const kSigning = hmac(hmac(hmac(kDate, region), service), 'request');
	const signature = crypto.createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
	const result = { canonicalRequest, stringToSign, signature, signedHeaders: signedHeadersString };
	if (accessKeyId) {
		result.authorization = `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeadersString}, Signature=${signature}`;
	}
	return result;
}

const deny = (status, code, message) => ({ ok: false, status, code, message });

/**
 * Verify a received request the way the Volcengine gateway does.
 * @returns {{ok: true, accessKeyId: string} | {ok: false, status: number, code: string, message: string}}
 */
function verifyRequest(
	{ method, path, rawQuery, headers, body },
	{ keys, region = 'cn-north-1', service = 'vms', now = new Date(), maxSkewSeconds = 900 },
) {
	const h = lowerCaseHeaders(headers);
	const bodyBytes = body === undefined || body === null ? Buffer.alloc(0) : Buffer.from(body);

	const auth = (h.authorization || '').trim();
	if (!auth) return deny(401, 'MissingAuthenticationToken', 'The request has no Authorization header');
	const m = AUTH_RE.exec(auth);
	if (!m) {
		return deny(
			401,
			'MissingSignature',
			'Malformed Authorization header; expected "HMAC-SHA256 Credential=AK/YYYYMMDD/region/service/request, SignedHeaders=a;b, Signature=<64 hex>"',
		);
	}
	const [, accessKeyId, scopeDate, scopeRegion, scopeService, signedHeadersString, signature] = m;
	const signed = signedHeadersString.split(';');

	const xDate = h['x-date'];
	if (!xDate) return deny(400, 'MissingRequestInfo', 'The X-Date header is missing');
	const d = X_DATE_RE.exec(xDate.trim());
	if (!d) return deny(400, 'InvalidTimestamp', `X-Date "${xDate}" is not in the format YYYYMMDD'T'HHMMSS'Z'`);
	const requestTime = Date.UTC(+d[1], +d[2] - 1, +d[3], +d[4], +d[5], +d[6]);
	const skew = Math.abs(requestTime - now.getTime()) / 1000;
	if (!(skew <= maxSkewSeconds)) {
		return deny(400, 'InvalidTimestamp', `X-Date ${xDate} is more than ${maxSkewSeconds} seconds away from the server time`);
	}

	if (scopeRegion !== region || scopeService !== service) {
		return deny(
			401,
			'SignatureDoesNotMatch',
			`Credential scope ${scopeRegion}/${scopeService} does not match this service (${region}/${service})`,
		);
	}
	if (scopeDate !== xDate.trim().slice(0, 8)) {
		return deny(401, 'SignatureDoesNotMatch', `Credential scope date ${scopeDate} does not match X-Date ${xDate}`);
	}
	if (!signed.includes('x-date')) {
		return deny(401, 'SignatureDoesNotMatch', 'x-date must be listed in SignedHeaders');
	}
	const missing = signed.find((name) => !(name in h));
	if (missing) {
		return deny(401, 'SignatureDoesNotMatch', `Signed header "${missing}" is not present in the request`);
	}

	const bodyHash = sha256hex(bodyBytes);
	if (h['x-content-sha256'] !== undefined && h['x-content-sha256'].trim() !== bodyHash) {
		return deny(
			401,
			'SignatureDoesNotMatch',
			'The body hash does not match: X-Content-Sha256 differs from the SHA-256 of the received body',
		);
	}

	const key = (keys || []).find((k) => k.accessKeyId === accessKeyId);
	if (!key) return deny(401, 'InvalidAccessKey', `The Access Key ID ${accessKeyId} does not exist`);

	const token = h['x-security-token'];
	if (key.sessionToken) {
		if (token === undefined || token.trim() !== key.sessionToken || !signed.includes('x-security-token')) {
			return deny(401, 'InvalidSecretToken', 'The security token is missing, not signed, invalid or expired');
		}
	} else if (token !== undefined) {
		// A permanent key pair has no session token; sending one (even empty) is refused.
		return deny(401, 'InvalidSecretToken', 'X-Security-Token was sent for an Access Key that is not a temporary (STS) key');
	}

	const expected = computeSignature({
		method,
		path: path || '/',
		rawQuery,
		headers: h,
		signedHeaders: signed,
		payloadHash: bodyHash,
		xDate: xDate.trim(),
		scopeDate,
		region,
		service,
		secretAccessKey: key.secretAccessKey,
	}).signature;
	if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
		return deny(401, 'SignatureDoesNotMatch', 'The request signature does not match the signature computed by the server');
	}
	return { ok: true, accessKeyId };
}

module.exports = { verifyRequest, canonicalQueryFromRaw, computeSignature, sha256hex, rfc3986 };
