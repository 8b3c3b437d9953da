import { createHash, timingSafeEqual } from 'crypto';

/**
 * The push signature (VMS docs 6358/173362): VMS appends `timestamp` (unix seconds) and `authCode`
 * to the URL, with `authCode = hex(SHA256(timestamp + hex(SHA256(body bytes)) + authToken))`.
 */
export function computeAuthCode(timestamp: string, rawBody: Buffer, authToken: string): string {
	const bodyHash = createHash('sha256').update(rawBody).digest('hex');
	return createHash('sha256').update(`${timestamp}${bodyHash}${authToken}`).digest('hex');
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
	/**
	 * Reject a `timestamp` older than this (seconds), or ahead of now by more than the clock skew;
	 * absent or empty: the default (24 h); 0: no check at all.
	 */
	maxAgeSeconds?: unknown;
}

/**
 * The default age limit: VMS re-pushes CDRs and recordings with a back-off (10 s … 3 min) and a sweeper
 * every 2 h, and the de-duplication window is 24 h; an older push is either already de-duplicated or a replay.
 */
export const DEFAULT_MAX_AGE_SECONDS = 24 * 3600;

/** How far a push's timestamp may be ahead of this clock (the two clocks differ a little). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

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
	return checkAge(timestamp, push.now, push.maxAgeSeconds);
}

/** The Max Timestamp Age option as a number of seconds: absent or empty → 24 h, 0 → off, not a number → NaN. */
export function maxAgeOf(value: unknown): number {
	return value === undefined || value === null || value === '' ? DEFAULT_MAX_AGE_SECONDS : toNumber(value);
}

/**
 * The age check alone, for a `timestamp` already verified: older than `maxAgeSeconds` (absent or
 * empty: 24 h; 0: no check) or ahead of `now` by more than the clock skew is not valid.
 */
export function checkAge(timestamp: string, now: unknown, maxAgeSeconds: unknown): Verdict {
	const maxAge = maxAgeOf(maxAgeSeconds);
	if (Number.isNaN(maxAge)) return { valid: false, reason: 'the maximum timestamp age is not a number' };
	if (maxAge === 0) return { valid: true };
	// Written so that a clock or a timestamp that is not a number fails too.
	const age = toNumber(now) - toNumber(timestamp);
	if (!(age <= maxAge)) {
		return { valid: false, reason: `the timestamp is more than ${maxAge} s old (a replay, or a push delayed that long)` };
	}
	const skew = Math.min(maxAge, MAX_CLOCK_SKEW_SECONDS);
	if (!(-age <= skew)) return { valid: false, reason: `the timestamp is more than ${skew} s in the future` };
	return { valid: true };
}
