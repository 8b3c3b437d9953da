import { createHash } from 'node:crypto';

import {
	DEFAULT_MAX_AGE_SECONDS,
	MAX_CLOCK_SKEW_SECONDS,
	checkAge,
	computeAuthCode,
	maxAgeOf,
	verifyPush,
	type PushToVerify,
} from '../../../nodes/VolcengineVmsTrigger/verify';

// The worked example of VMS docs 6358/173362 (reference A.3).
const TOKEN = '8D202AC288';
const TIMESTAMP = '1622539884';
const BODY = '{"callId":"abcdefg","accountId":"123456789"}';
const GOLDEN = '8090de7b7bab3d9e626280f635a60a8453d2ba75403f13aac3f4d5dccf6c2264';

const push = (overrides: Partial<PushToVerify> = {}): PushToVerify => ({
	rawBody: Buffer.from(BODY),
	timestamp: TIMESTAMP,
	authCode: GOLDEN,
	authToken: TOKEN,
	now: Number(TIMESTAMP),
	...overrides,
});

describe('computeAuthCode', () => {
	it('reproduces the golden vector of the VMS docs', () => {
		expect(computeAuthCode(TIMESTAMP, Buffer.from(BODY), TOKEN)).toBe(GOLDEN);
	});

	it('is SHA256hex(timestamp + SHA256hex(body) + token), computed independently', () => {
		const body = Buffer.from('[{"callId":"C1","messageType":2}]');
		const inner = createHash('sha256').update(body).digest('hex');
		const outer = createHash('sha256').update(`1700000000${inner}Another-Token-1`).digest('hex');
		expect(computeAuthCode('1700000000', body, 'Another-Token-1')).toBe(outer);
	});
});

describe('verifyPush', () => {
	it('accepts the golden push', () => {
		expect(verifyPush(push())).toEqual({ valid: true });
	});

	it('accepts the authCode in upper case', () => {
		expect(verifyPush(push({ authCode: GOLDEN.toUpperCase() }))).toEqual({ valid: true });
	});

	it('ignores spaces and line breaks pasted around the token', () => {
		expect(verifyPush(push({ authToken: ` ${TOKEN}\n` }))).toEqual({ valid: true });
	});

	it('refuses the same JSON with spaces: the bytes are signed, not the data', () => {
		const spaced = '{"callId": "abcdefg", "accountId": "123456789"}';
		// The docs give this body's code as 9504a97e…: proof that VMS hashes the bytes.
		expect(computeAuthCode(TIMESTAMP, Buffer.from(spaced), TOKEN).startsWith('9504a97e')).toBe(true);
		expect(verifyPush(push({ rawBody: Buffer.from(spaced) }))).toEqual({
			valid: false,
			reason: 'the authCode does not match the body, the timestamp and the auth token',
		});
	});

	it('refuses a trailing newline added to the body', () => {
		expect(verifyPush(push({ rawBody: Buffer.from(`${BODY}\n`) })).valid).toBe(false);
	});

	it('refuses a wrong token, another timestamp and a flipped character of the code', () => {
		expect(verifyPush(push({ authToken: '8D202AC289' })).valid).toBe(false);
		expect(verifyPush(push({ timestamp: '1622539885' })).valid).toBe(false);
		expect(verifyPush(push({ authCode: `${GOLDEN.slice(0, 63)}5` })).valid).toBe(false);
	});

	it.each([
		['missing', undefined],
		['empty', ''],
		['not a number', '16225398a4'],
		['negative', '-1622539884'],
		['repeated (parsed as a list)', [TIMESTAMP, TIMESTAMP]],
	])('refuses a timestamp that is %s', (_case, timestamp) => {
		expect(verifyPush(push({ timestamp }))).toEqual({
			valid: false,
			reason: 'the timestamp query parameter is missing or not a number',
		});
	});

	it.each([
		['missing', undefined],
		['empty', ''],
		['too short', GOLDEN.slice(0, 63)],
		['too long', `${GOLDEN}0`],
		['not hex', `${GOLDEN.slice(0, 63)}g`],
		['repeated (parsed as a list)', [GOLDEN, GOLDEN]],
		['an object', { a: 1 }],
	])('refuses an authCode that is %s', (_case, authCode) => {
		expect(verifyPush(push({ authCode }))).toEqual({
			valid: false,
			reason: 'the authCode query parameter is missing or not a SHA-256 hex string',
		});
	});

	it.each([
		['missing', undefined],
		['empty', ''],
		['blank', '   '],
		['not a string', 12345678901],
	])('fails closed when the token is %s', (_case, authToken) => {
		expect(verifyPush(push({ authToken }))).toEqual({ valid: false, reason: 'the credential has no auth token' });
	});

	it('fails closed without a body', () => {
		expect(verifyPush(push({ rawBody: undefined })).valid).toBe(false);
	});

	it('checks the timestamp age by default: 24 hours back, 5 minutes ahead', () => {
		const t = Number(TIMESTAMP);
		expect(DEFAULT_MAX_AGE_SECONDS).toBe(24 * 3600);
		expect(MAX_CLOCK_SKEW_SECONDS).toBe(300);
		// Absent, null or empty (an option never added, an empty expression): the default applies.
		for (const maxAgeSeconds of [undefined, null, '']) {
			expect(verifyPush(push({ now: t + 24 * 3600, maxAgeSeconds }))).toEqual({ valid: true });
			expect(verifyPush(push({ now: t + 24 * 3600 + 1, maxAgeSeconds }))).toEqual({
				valid: false,
				reason: 'the timestamp is more than 86400 s old (a replay, or a push delayed that long)',
			});
			expect(verifyPush(push({ now: t - 300, maxAgeSeconds }))).toEqual({ valid: true });
			expect(verifyPush(push({ now: t - 301, maxAgeSeconds }))).toEqual({
				valid: false,
				reason: 'the timestamp is more than 300 s in the future',
			});
		}
		// Captured 30 days ago; dated in the year 2286 (signed with that timestamp).
		expect(verifyPush(push({ now: t + 30 * 24 * 3600 })).valid).toBe(false);
		const future = '9999999999';
		const signed = computeAuthCode(future, Buffer.from(BODY), TOKEN);
		expect(verifyPush(push({ timestamp: future, authCode: signed, now: t }))).toEqual({
			valid: false,
			reason: 'the timestamp is more than 300 s in the future',
		});
	});

	it('takes a maximum that is set, keeps the skew below it, and checks nothing with 0', () => {
		const t = Number(TIMESTAMP);
		expect(verifyPush(push({ now: t + 4 * 3600, maxAgeSeconds: 5 * 3600 }))).toEqual({ valid: true });
		expect(verifyPush(push({ now: t + 3 * 3600, maxAgeSeconds: 3 * 3600 }))).toEqual({ valid: true });
		expect(verifyPush(push({ now: t + 3 * 3600 + 1, maxAgeSeconds: 3 * 3600 }))).toEqual({
			valid: false,
			reason: 'the timestamp is more than 10800 s old (a replay, or a push delayed that long)',
		});
		expect(verifyPush(push({ now: t + 40 * 24 * 3600, maxAgeSeconds: 60 * 24 * 3600 }))).toEqual({ valid: true });
		// Ahead: the skew, or the maximum when it is smaller.
		expect(verifyPush(push({ now: t - 60, maxAgeSeconds: 60 }))).toEqual({ valid: true });
		expect(verifyPush(push({ now: t - 61, maxAgeSeconds: 60 }))).toEqual({ valid: false, reason: 'the timestamp is more than 60 s in the future' });
		expect(verifyPush(push({ now: t - 301, maxAgeSeconds: 3600 })).valid).toBe(false);
		// 0 (or "0" from an expression) turns the check off, both ways.
		for (const maxAgeSeconds of [0, '0']) {
			expect(verifyPush(push({ now: t + 400 * 24 * 3600, maxAgeSeconds }))).toEqual({ valid: true });
			expect(verifyPush(push({ now: t - 400 * 24 * 3600, maxAgeSeconds }))).toEqual({ valid: true });
		}
	});

	it('reads the option as the trigger does: maxAgeOf', () => {
		expect([maxAgeOf(undefined), maxAgeOf(null), maxAgeOf(''), maxAgeOf(0), maxAgeOf('600'), maxAgeOf(600)]).toEqual([
			86400, 86400, 86400, 0, 600, 600,
		]);
		expect(maxAgeOf('soon')).toBeNaN();
		expect(checkAge('1000', 1000 + 601, 600).valid).toBe(false);
		expect(checkAge('1000', 1000 + 600, 600).valid).toBe(true);
	});

	it('fails closed on a clock or a maximum that is not a number when the age is checked', () => {
		expect(verifyPush(push({ now: Number.NaN, maxAgeSeconds: 60 })).valid).toBe(false);
		expect(verifyPush(push({ maxAgeSeconds: 'soon' })).valid).toBe(false);
		// An expression may give the maximum as text.
		expect(verifyPush(push({ now: Number(TIMESTAMP) + 120, maxAgeSeconds: '60' })).valid).toBe(false);
		expect(verifyPush(push({ now: Number(TIMESTAMP) + 30, maxAgeSeconds: '60' })).valid).toBe(true);
	});

	it('reads a number given as text exactly: digits, an optional fraction, spaces around, nothing else', () => {
		expect([maxAgeOf(' 600 '), maxAgeOf('\t600\n'), maxAgeOf('600.25'), maxAgeOf('0.5')]).toEqual([600, 600, 600.25, 0.5]);
		for (const text of ['x600', '600x', '6 00', '600.', '.5', '-600', '1e3', '0x10', 'Infinity', ' ']) {
			expect([text, maxAgeOf(text)]).toEqual([text, Number.NaN]);
		}
		// Not a string, not a number: an array or a boolean from an expression is no maximum.
		for (const value of [['600'], [600], true, {}]) expect(maxAgeOf(value)).toBeNaN();
	});

	it('refuses a maximum that is not a number with its own reason, whatever the age', () => {
		for (const maxAgeSeconds of ['soon', '60s', ['60'], Number.NaN]) {
			expect(verifyPush(push({ maxAgeSeconds }))).toEqual({ valid: false, reason: 'the maximum timestamp age is not a number' });
		}
	});

	it('takes the clock as text too, and refuses a clock that is no number', () => {
		const t = Number(TIMESTAMP);
		expect(checkAge(TIMESTAMP, ` ${t + 600} `, 600)).toEqual({ valid: true });
		expect(checkAge(TIMESTAMP, `${t + 600}.5`, 600).valid).toBe(false);
		expect(checkAge(TIMESTAMP, `${t}.5`, 600)).toEqual({ valid: true });
		for (const now of [`x${t}`, `${t}x`, [t], [String(t)], null, true]) {
			expect([now, checkAge(TIMESTAMP, now, 600).valid]).toEqual([now, false]);
		}
	});

	it('never throws, whatever the request carries', () => {
		const odd = [undefined, null, 0, '', 'x', [], {}, Buffer.alloc(0), Number.NaN, () => 1, Symbol('s')];
		for (const value of odd) {
			for (const field of ['rawBody', 'timestamp', 'authCode', 'authToken', 'now', 'maxAgeSeconds'] as const) {
				expect(() => verifyPush(push({ [field]: value } as Partial<PushToVerify>))).not.toThrow();
			}
		}
	});

	it('checks the signature before the age: a forged push is refused whatever its time', () => {
		expect(verifyPush(push({ authToken: 'wrong-token', now: Number(TIMESTAMP) + 99999, maxAgeSeconds: 60 }))).toEqual({
			valid: false,
			reason: expect.stringMatching(/does not match/),
		});
	});

	it('never names the expected code or the token in its reason', () => {
		const verdict = verifyPush(push({ authCode: '0'.repeat(64) }));
		expect(JSON.stringify(verdict)).not.toContain(GOLDEN);
		expect(JSON.stringify(verdict)).not.toContain(TOKEN);
	});
});
