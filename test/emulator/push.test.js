'use strict';
// Push signing (reference A.3) and the pusher's log, knobs and bad pushes, against a loopback receiver.
const { authCode, signPush, createPusher } = require('./push');
const { startReceiver } = require('./receiver');

// The golden vector of docs 6358/173362, re-computed in the reference.
const TOKEN = '8D202AC288';
const TIMESTAMP = 1622539884;
const BODY = '{"callId":"abcdefg","accountId":"123456789"}';
const GOLDEN = '8090de7b7bab3d9e626280f635a60a8453d2ba75403f13aac3f4d5dccf6c2264';

describe('authCode', () => {
	test('reproduces the documented golden vector', () => {
		expect(authCode(TIMESTAMP, BODY, TOKEN)).toBe(GOLDEN);
		expect(authCode(String(TIMESTAMP), Buffer.from(BODY), TOKEN)).toBe(GOLDEN);
	});

	test('is over the raw bytes: the same JSON with spaces signs differently', () => {
		const spaced = '{"callId": "abcdefg", "accountId": "123456789"}';
		expect(JSON.parse(spaced)).toEqual(JSON.parse(BODY));
		expect(authCode(TIMESTAMP, spaced, TOKEN)).toMatch(/^9504a97e/);
	});
});

describe('signPush', () => {
	const target = { url: 'https://n8n.example/webhook/abc/webhook', authToken: TOKEN };

	test('appends timestamp then authCode to the URL, and keeps an existing query', () => {
		expect(signPush(target, BODY, TIMESTAMP)).toEqual({
			url: `${target.url}?timestamp=${TIMESTAMP}&authCode=${GOLDEN}`,
			body: BODY,
			authCode: GOLDEN,
		});
		expect(signPush({ ...target, url: 'http://h/p?x=1' }, BODY, TIMESTAMP).url).toBe(`http://h/p?x=1&timestamp=${TIMESTAMP}&authCode=${GOLDEN}`);
	});

	test('bad pushes', () => {
		expect(signPush(target, BODY, TIMESTAMP, 'wrongToken').authCode).not.toBe(GOLDEN);
		expect(signPush(target, BODY, TIMESTAMP, 'noAuthCode').url).toBe(`${target.url}?timestamp=${TIMESTAMP}`);
		expect(signPush(target, BODY, TIMESTAMP, 'noTimestamp').url).toBe(`${target.url}?authCode=${GOLDEN}`);
		expect(signPush(target, BODY, TIMESTAMP, 'unsigned').url).toBe(target.url);
		const tampered = signPush(target, BODY, TIMESTAMP, 'tamperedBody');
		expect(tampered.authCode).toBe(GOLDEN); // signed for the original body…
		expect(JSON.parse(tampered.body)).toEqual({ ...JSON.parse(BODY), tampered: true }); // …sent with another
		expect(() => signPush(target, BODY, TIMESTAMP, 'sloppy')).toThrow(/Unknown bad push "sloppy"/);
	});
});

describe('pusher', () => {
	let receiver;
	let clock;
	let pusher;
	beforeEach(async () => {
		receiver = await startReceiver({ authToken: 'token-0123456789' });
		clock = new Date('2026-03-01T08:00:00Z');
		pusher = createPusher({ now: () => clock });
		pusher.setTarget({ url: receiver.url, authToken: 'token-0123456789' });
	});
	afterEach(() => receiver.stop());

	test('a push is a verified JSON POST, logged with the status the receiver answered', async () => {
		const entry = await pusher.send({ rawBody: BODY, kind: 'cdr', callId: 'abcdefg' });
		expect(receiver.pushes).toEqual([
			expect.objectContaining({ method: 'POST', path: '/hook', raw: BODY, verified: true, contentType: 'application/json' }),
		]);
		expect(receiver.pushes[0].query.timestamp).toBe('1772352000');
		expect(entry).toMatchObject({ seq: 1, kind: 'cdr', callId: 'abcdefg', status: 200, timestamp: 1772352000, response: 'ok' });
		expect(pusher.log).toEqual([entry]);
	});

	test('bad pushes reach the receiver unverified, and their 401 is logged', async () => {
		for (const bad of ['wrongToken', 'noAuthCode', 'noTimestamp', 'unsigned', 'tamperedBody']) await pusher.send({ rawBody: BODY, bad });
		expect(receiver.pushes.map((p) => p.verified)).toEqual([false, false, false, false, false]);
		expect(pusher.log.map((e) => [e.bad, e.status])).toEqual([
			['wrongToken', 401],
			['noAuthCode', 401],
			['noTimestamp', 401],
			['unsigned', 401],
			['tamperedBody', 401],
		]);
	});

	test('repeat sends the same bytes with the first timestamp, or a fresh one', async () => {
		await pusher.send({ rawBody: BODY, kind: 'cdr' });
		clock = new Date(clock.getTime() + 7200 * 1000);
		const same = await pusher.repeat(1);
		const fresh = await pusher.repeat(1, { freshTimestamp: true });
		expect(receiver.pushes.map((p) => [p.raw, p.query.timestamp, p.verified])).toEqual([
			[BODY, '1772352000', true],
			[BODY, '1772352000', true],
			[BODY, '1772359200', true],
		]);
		expect(receiver.pushes[1].query.authCode).toBe(receiver.pushes[0].query.authCode);
		expect([same.repeatOf, fresh.repeatOf]).toEqual([1, 1]);
		await expect(pusher.repeat(9)).rejects.toThrow('No push #9');
	});

	test('repeating a tampered push sends what was signed, so it verifies', async () => {
		await pusher.send({ rawBody: BODY, bad: 'tamperedBody' });
		await pusher.repeat(1);
		expect(receiver.pushes.map((p) => [p.json.tampered, p.verified])).toEqual([
			[true, false],
			[undefined, true],
		]);
	});

	test('an old timestamp on purpose', async () => {
		await pusher.send({ rawBody: BODY, timestampOffset: -7200 });
		expect(receiver.pushes[0]).toMatchObject({ verified: true, query: { timestamp: String(1772352000 - 7200) } });
	});

	test('an unreachable receiver is logged as an error, not thrown', async () => {
		await receiver.stop();
		const entry = await pusher.send({ rawBody: BODY });
		expect(entry.status).toBeUndefined();
		expect(entry.error).toEqual(expect.any(String));
	});

	test('the target must be an http(s) URL with a token; without one nothing can be pushed', async () => {
		expect(() => pusher.setTarget({ url: 'ftp://x', authToken: 't' })).toThrow(/http\(s\) URL/);
		expect(() => pusher.setTarget({ url: receiver.url, authToken: '' })).toThrow(/authToken/);
		pusher.setTarget(null);
		await expect(pusher.send({ rawBody: BODY })).rejects.toThrow(/No push target/);
	});
});
