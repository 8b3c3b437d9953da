import { createHash, timingSafeEqual } from 'crypto';

/**
 * The push signature (VMS docs 6358/173362): VMS appends `timestamp` (unix seconds) and `authCode`
 * to the URL, with `authCode = hex(SHA256(timestamp + hex(SHA256(body bytes)) + authToken))`.
 */
export function computeAuthCode(timestamp: string, rawBody: Buffer, authToken: string): string {
	const bodyHash = createHash('sha256').update(rawBody).digest('hex');
	return createHash('sha256').update(`${timestamp}${bodyHash}${authToken}`, 'utf8').digest('hex');
}

export interface PushToVerify {
	/** The body exactly as received. */
	rawBody: Buffer | undefined;
	/** The `timestamp` and `authCode` query parameters, as the request parsed them. */
	timestamp: unknown;
	authCode: unknown;
	/** The account's auth token (from the credential). */
	authToken: unknown;
	/** Now, in unix seconds. */
	now: unknown;
	/** Reject a `timestamp` further than this from now (seconds); 0, empty or absent: no check. */
	maxAgeSeconds?: unknown;
}

/** A number, or a string of digits (an n8n expression may give either); anything else is NaN. */
function toNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	return typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
}

export type Verdict = { valid: true } | { valid: false; reason: string };

/**
 * Checks a push before anything else looks at it. Pure: never throws, compares in constant time,
 * and fails closed (no token, no body, a missing or malformed parameter → not valid). The reason
 * names what failed, never a secret or the expected code.
 */
export function verifyPush(push: PushToVerify): Verdict {
	const { rawBody, timestamp, authCode } = push;
	const authToken = typeof push.authToken === 'string' ? push.authToken.trim() : '';
	if (authToken === '') return { valid: false, reason: 'the credential has no auth token' };
	if (typeof timestamp !== 'string' || !/^\d{1,13}$/.test(timestamp)) {
		return { valid: false, reason: 'the timestamp query parameter is missing or not a number' };
	}
	if (typeof authCode !== 'string' || !/^[0-9a-fA-F]{64}$/.test(authCode)) {
		return { valid: false, reason: 'the authCode query parameter is missing or not a SHA-256 hex string' };
	}
	if (!Buffer.isBuffer(rawBody)) return { valid: false, reason: 'the request body could not be read' };
	const expected = Buffer.from(computeAuthCode(timestamp, rawBody, authToken), 'hex');
	if (!timingSafeEqual(expected, Buffer.from(authCode, 'hex'))) {
		return { valid: false, reason: 'the authCode does not match the body, the timestamp and the auth token' };
	}
	const { maxAgeSeconds } = push;
	const unset = maxAgeSeconds === undefined || maxAgeSeconds === null || maxAgeSeconds === '';
	const maxAge = unset ? 0 : toNumber(maxAgeSeconds);
	if (Number.isNaN(maxAge)) return { valid: false, reason: 'the maximum timestamp age is not a number' };
	// Written so that a clock that is not a number fails too.
	if (maxAge > 0 && !(Math.abs(toNumber(push.now) - Number(timestamp)) <= maxAge)) {
		return { valid: false, reason: `the timestamp is more than ${maxAge} s away from now` };
	}
	return { valid: true };
}
