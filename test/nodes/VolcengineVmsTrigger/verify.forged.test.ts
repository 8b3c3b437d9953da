/**
 * Pushes an attacker can sign correctly (the authCode fits the body, the timestamp and the token) but
 * whose parameters are malformed: the format checks must refuse them on their own, before the
 * signature. Each push is dated at "now", so these hold whatever timestamp window is set.
 */
import { createHash } from 'node:crypto';

import { verifyPush, type PushToVerify } from '../../../nodes/VolcengineVmsTrigger/verify';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
/** The docs' formula, written here on its own: the tables below must not depend on the code under test. */
const computeAuthCode = (timestamp: string, body: Buffer, token: string) => sha256(`${timestamp}${sha256(body)}${token}`);

const TOKEN = '8D202AC288';
const BODY = Buffer.from('{"callId":"abcdefg","accountId":"123456789"}');
const TIMESTAMP_REFUSED = { valid: false, reason: 'the timestamp query parameter is missing or not a number' };
const CODE_REFUSED = { valid: false, reason: 'the authCode query parameter is missing or not a SHA-256 hex string' };

/** A push signed over exactly this timestamp text, dated now. */
function signedAt(timestamp: string, overrides: Partial<PushToVerify> = {}): PushToVerify {
	return {
		rawBody: BODY,
		timestamp,
		authCode: computeAuthCode(timestamp, BODY, TOKEN),
		authToken: TOKEN,
		now: Number.parseInt(timestamp.replace(/\D/g, '') || '0', 10),
		...overrides,
	};
}

describe('a correctly signed push with a malformed timestamp is refused', () => {
	it.each([
		['a letter in front', 'x1622539884'],
		['a letter after', '1622539884x'],
		['a line break after', '1622539884\n'],
		['a space in front', ' 1622539884'],
		['a sign', '+1622539884'],
		['a fraction', '1622539884.5'],
		['an exponent', '1622539884e0'],
		['14 digits', '16225398840000'],
		['hex', '0x60b5f0ac'],
	])('%s', (_case, timestamp) => {
		expect(verifyPush(signedAt(timestamp))).toEqual(TIMESTAMP_REFUSED);
	});

	it.each([
		['10 digits (seconds)', '1622539884'],
		['13 digits (the longest accepted)', '1622539884000'],
	])('while %s signed the same way is accepted', (_case, timestamp) => {
		expect(verifyPush(signedAt(timestamp))).toEqual({ valid: true });
	});
});

describe('an authCode with anything around the 64 hex digits is refused by format, not compared', () => {
	const good = signedAt('1622539884');
	const code = good.authCode as string;

	it.each([
		['a character in front', `x${code}`],
		['a hex digit in front', `0${code}`],
		['a character after', `${code}x`],
		['a hex digit after', `${code}0`],
		['a line break after', `${code}\n`],
		['a space inside', `${code.slice(0, 32)} ${code.slice(33)}`],
		['a "0x" prefix', `0x${code.slice(2)}`],
	])('%s', (_case, authCode) => {
		expect(verifyPush({ ...good, authCode })).toEqual(CODE_REFUSED);
	});

	it.each([
		['lower case', code.toLowerCase()],
		['upper case', code.toUpperCase()],
		['mixed case', code.slice(0, 32).toUpperCase() + code.slice(32)],
	])('in %s it is accepted', (_case, authCode) => {
		expect(verifyPush({ ...good, authCode })).toEqual({ valid: true });
	});

	it.each(['g', 'G', 'z', '-'])('a non-hex %j in place of one digit is refused by format', (char) => {
		expect(verifyPush({ ...good, authCode: `${code.slice(0, 10)}${char}${code.slice(11)}` })).toEqual(CODE_REFUSED);
	});
});

describe('the order and wording of the refusals', () => {
	it('names a missing body as such', () => {
		for (const rawBody of [undefined, '{"callId":"abcdefg"}', new Uint8Array(BODY)]) {
			expect(verifyPush(signedAt('1622539884', { rawBody: rawBody as never }))).toEqual({
				valid: false,
				reason: 'the request body could not be read',
			});
		}
	});

	it('accepts an empty body that was signed as empty', () => {
		const empty = Buffer.alloc(0);
		const push = signedAt('1622539884', { rawBody: empty, authCode: computeAuthCode('1622539884', empty, TOKEN) });
		expect(verifyPush(push)).toEqual({ valid: true });
	});

	it('checks the token first, then the timestamp, then the code, then the body', () => {
		const bad = { authToken: '', timestamp: 'x', authCode: 'x', rawBody: undefined };
		const base = signedAt('1622539884');
		expect(verifyPush({ ...base, ...bad })).toEqual({ valid: false, reason: 'the credential has no auth token' });
		expect(verifyPush({ ...base, ...bad, authToken: TOKEN })).toEqual(TIMESTAMP_REFUSED);
		expect(verifyPush({ ...base, ...bad, authToken: TOKEN, timestamp: base.timestamp })).toEqual(CODE_REFUSED);
		expect(verifyPush({ ...base, rawBody: undefined })).toEqual({ valid: false, reason: 'the request body could not be read' });
	});

	it('uses the token as trimmed: the code made with the spaces does not match', () => {
		const padded = ` ${TOKEN} `;
		const push = signedAt('1622539884', { authToken: padded, authCode: computeAuthCode('1622539884', BODY, padded) });
		expect(verifyPush(push)).toEqual({
			valid: false,
			reason: 'the authCode does not match the body, the timestamp and the auth token',
		});
	});
});
