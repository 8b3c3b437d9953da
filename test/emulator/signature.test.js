'use strict';
// The emulator's verifier against the official vectors (reference §4.5) and the official Node SDK signer.
const querystring = require('node:querystring');
const { Signer } = require('@volcengine/openapi');
const { verifyRequest, canonicalQueryFromRaw, computeSignature, sha256hex } = require('./signature');

const NOW = new Date('2020-11-03T10:40:27Z');
const X_DATE = '20201103T104027Z';
const KEYS = [
	{ accessKeyId: 'AKTEST', secretAccessKey: 'SKTEST' },
	{ accessKeyId: 'AKSTS', secretAccessKey: 'SKTEST', sessionToken: 'STSTOKEN' },
];
const BODY =
	'PhoneNoA=13700000000&PhoneNoB=13700000001&PhoneNoX=13700000002&NumberPoolNo=NP160084061100694433&ExpireTime=1608209071&AudioRecordFlag=1&UserData=123';
const BODY_HASH = 'ab21d1d5a4af8993c5ef63f029ed1579762bea042d6fe42f2e34d3356dba5957';
const SCOPE = 'AKTEST/20201103/cn-north-1/vms/request';
const OPTS = { keys: KEYS, region: 'cn-north-1', service: 'vms', now: NOW };

const VECTORS = {
	A: {
		method: 'POST',
		rawQuery: 'Action=BindAXN&Version=2022-01-01',
		headers: { 'X-Date': X_DATE, 'X-Content-Sha256': BODY_HASH },
		body: BODY,
		authorization: `HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=x-content-sha256;x-date, Signature=d09de08dcbb203784bae9a613e66f8d5f4bdfd2bb77e4eb236021c0886e15094`,
	},
	'A+token': {
		method: 'POST',
		rawQuery: 'Action=BindAXN&Version=2022-01-01',
		headers: { 'X-Date': X_DATE, 'X-Content-Sha256': BODY_HASH, 'X-Security-Token': 'STSTOKEN' },
		body: BODY,
		authorization: `HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=x-content-sha256;x-date;x-security-token, Signature=55ebc87fdf9a2073fc30758a48923027204259401d1162857d4b58ed712fcaf1`,
	},
	B: {
		method: 'POST',
		rawQuery: 'Action=BindAXN&Version=2022-01-01',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Host: 'cloud-vms.volcengineapi.com',
			'X-Date': X_DATE,
			'X-Content-Sha256': BODY_HASH,
		},
		body: BODY,
		authorization: `HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=d7edcb97af387c13abf27c2622e22b5e804ebad0e3195f4b09655cf9e73339b1`,
	},
	C: {
		method: 'POST',
		rawQuery: 'Action=BindAXN&Version=2022-01-01',
		headers: { Host: 'cloud-vms.volcengineapi.com', 'X-Date': X_DATE, 'X-Content-Sha256': BODY_HASH },
		body: BODY,
		authorization: `HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-content-sha256;x-date, Signature=4b81a93b65fa9ca60970e3664bb1ca35653df06258da2995730febd40d14e860`,
	},
	D: {
		method: 'GET',
		// Sent the way Node's querystring/URLSearchParams would: unsorted, `+` for space, raw `*`.
		rawQuery: 'Action=NumberList&Version=2022-01-01&NumberPoolNo=NP160084061100694433&Limit=20&Offset=0&Number=a+b*~',
		headers: { 'X-Date': X_DATE },
		body: '',
		authorization: `HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=x-date, Signature=c2da26433249f7f5146817aa93e99952474b97926b8a6c346ea2d885a4d469ef`,
	},
};

const withAuth = (v, authorization = v.authorization) => ({
	method: v.method,
	path: '/',
	rawQuery: v.rawQuery,
	headers: { ...v.headers, Authorization: authorization },
	body: Buffer.from(v.body),
});
const keyFor = (name) => (name === 'A+token' ? KEYS[1] : KEYS[0]);

describe('official vectors', () => {
	test.each(Object.keys(VECTORS))('vector %s: computeSignature reproduces the Authorization header', (name) => {
		const v = VECTORS[name];
		const { authorization } = computeSignature({
			method: v.method,
			rawQuery: v.rawQuery,
			headers: v.headers,
			body: v.body,
			region: 'cn-north-1',
			service: 'vms',
			accessKeyId: 'AKTEST',
			secretAccessKey: 'SKTEST',
		});
		expect(authorization).toBe(v.authorization);
	});

	test.each(Object.keys(VECTORS))('vector %s: verifyRequest accepts it', (name) => {
		const v = VECTORS[name];
		const auth = v.authorization.replace('AKTEST', keyFor(name).accessKeyId);
		expect(verifyRequest(withAuth(v, auth), OPTS)).toEqual({ ok: true, accessKeyId: keyFor(name).accessKeyId });
	});

	test('vector A canonical request and string to sign', () => {
		const v = VECTORS.A;
		const r = computeSignature({ ...v, region: 'cn-north-1', service: 'vms', secretAccessKey: 'SKTEST' });
		expect(r.canonicalRequest).toBe(
			['POST', '/', 'Action=BindAXN&Version=2022-01-01', `x-content-sha256:${BODY_HASH}`, `x-date:${X_DATE}`, '', 'x-content-sha256;x-date', BODY_HASH].join('\n'),
		);
		expect(r.stringToSign).toBe(
			['HMAC-SHA256', X_DATE, '20201103/cn-north-1/vms/request', '03cb3b8cc8c02699a83dece5ce62e90cb3385a132ae00364512a3da4c387d2d7'].join('\n'),
		);
	});

	test('vector D canonical query', () => {
		expect(canonicalQueryFromRaw(VECTORS.D.rawQuery)).toBe(
			'Action=NumberList&Limit=20&Number=a%20b%2A~&NumberPoolNo=NP160084061100694433&Offset=0&Version=2022-01-01',
		);
	});
});

describe('canonicalQueryFromRaw', () => {
	test('re-encodes RFC 3986 whatever the wire encoding', () => {
		const expected = 'k=a%20b%2A~%2B%28%29%21%27%E4%B8%AD%2F%3D%26';
		expect(canonicalQueryFromRaw('k=a%20b%2A~%2B%28%29%21%27%E4%B8%AD%2F%3D%26')).toBe(expected);
		expect(canonicalQueryFromRaw(new URLSearchParams({ k: "a b*~+()!'中/=&" }).toString())).toBe(expected);
		expect(canonicalQueryFromRaw(querystring.stringify({ k: "a b*~+()!'中/=&" }))).toBe(expected);
	});
	test('sorts by name then value, keeps empty values', () => {
		expect(canonicalQueryFromRaw('b=2&a=&c&b=1')).toBe('a=&b=1&b=2&c=');
		expect(canonicalQueryFromRaw('')).toBe('');
	});
});

describe('verifyRequest rejections', () => {
	const A = VECTORS.A;
	const sign = (overrides = {}) => {
		const v = { ...A, ...overrides, headers: { ...A.headers, ...(overrides.headers || {}) } };
		return computeSignature({ ...v, region: 'cn-north-1', service: 'vms', accessKeyId: 'AKTEST', secretAccessKey: 'SKTEST', ...overrides.sign })
			.authorization;
	};
	const verify = (req, opts = {}) => verifyRequest({ ...withAuth(A), ...req }, { ...OPTS, ...opts });

	test('missing Authorization → 401 MissingAuthenticationToken', () => {
		const r = verify({ headers: { ...A.headers } });
		expect(r).toMatchObject({ ok: false, status: 401, code: 'MissingAuthenticationToken' });
	});
	test('malformed Authorization → 401 MissingSignature', () => {
		for (const bad of ['Bearer abc', 'HMAC-SHA256 Credential=AKTEST/20201103/cn-north-1/vms/request, Signature=abc', A.authorization.replace('HMAC-SHA256', 'AWS4-HMAC-SHA256')]) {
			expect(verify({ headers: { ...A.headers, Authorization: bad } })).toMatchObject({ status: 401, code: 'MissingSignature' });
		}
	});
	test('missing X-Date → 400 MissingRequestInfo', () => {
		expect(verify({ headers: { 'X-Content-Sha256': BODY_HASH, Authorization: A.authorization } })).toMatchObject({ status: 400, code: 'MissingRequestInfo' });
	});
	test('X-Date outside the skew window → 400 InvalidTimestamp; inside → accepted', () => {
		expect(verify({}, { now: new Date(NOW.getTime() + 901_000) })).toMatchObject({ status: 400, code: 'InvalidTimestamp' });
		expect(verify({}, { now: new Date(NOW.getTime() - 901_000) })).toMatchObject({ status: 400, code: 'InvalidTimestamp' });
		expect(verify({}, { now: new Date(NOW.getTime() + 900_000) })).toMatchObject({ ok: true });
		expect(verify({}, { now: new Date(NOW.getTime() + 100_000), maxSkewSeconds: 60 })).toMatchObject({ code: 'InvalidTimestamp' });
	});
	test('credential scope for another region or service → 401 SignatureDoesNotMatch', () => {
		expect(verify({}, { region: 'cn-beijing' })).toMatchObject({ status: 401, code: 'SignatureDoesNotMatch' });
		expect(verify({}, { service: 'sms' })).toMatchObject({ status: 401, code: 'SignatureDoesNotMatch' });
	});
	test('x-date must be signed', () => {
		const auth = sign({ sign: { signedHeaders: ['x-content-sha256'] } });
		expect(verify({ headers: { ...A.headers, Authorization: auth } })).toMatchObject({ status: 401, code: 'SignatureDoesNotMatch', message: expect.stringMatching(/x-date/) });
	});
	test('body that does not match X-Content-Sha256 → 401 SignatureDoesNotMatch (body hash)', () => {
		const r = verify({ body: Buffer.from(BODY.replace('UserData=123', 'UserData=124')) });
		expect(r).toMatchObject({ status: 401, code: 'SignatureDoesNotMatch', message: expect.stringMatching(/body hash does not match/) });
	});
	test('body changed together with its hash → signature mismatch', () => {
		const body = BODY.replace('UserData=123', 'UserData=124');
		const r = verify({ body: Buffer.from(body), headers: { ...A.headers, 'X-Content-Sha256': sha256hex(body), Authorization: A.authorization } });
		expect(r).toMatchObject({ status: 401, code: 'SignatureDoesNotMatch', message: expect.stringMatching(/signature does not match/) });
	});
	test('without X-Content-Sha256 the payload hash is the hash of the received body', () => {
		const headers = { 'X-Date': X_DATE };
		const auth = computeSignature({ ...A, headers, region: 'cn-north-1', service: 'vms', accessKeyId: 'AKTEST', secretAccessKey: 'SKTEST' }).authorization;
		expect(verify({ headers: { ...headers, Authorization: auth } })).toMatchObject({ ok: true });
		expect(verify({ headers: { ...headers, Authorization: auth }, body: Buffer.from('x=1') })).toMatchObject({ code: 'SignatureDoesNotMatch' });
	});
	test('tampered query, method or signed header → SignatureDoesNotMatch', () => {
		expect(verify({ rawQuery: 'Action=UnbindAXN&Version=2022-01-01' })).toMatchObject({ code: 'SignatureDoesNotMatch' });
		expect(verify({ method: 'PUT' })).toMatchObject({ code: 'SignatureDoesNotMatch' });
		expect(verify({ headers: { ...A.headers, 'X-Date': '20201103T104028Z', Authorization: A.authorization } })).toMatchObject({ code: 'SignatureDoesNotMatch' });
	});
	test('a signed header that was not received → SignatureDoesNotMatch', () => {
		const r = verify({ headers: { 'X-Date': X_DATE, Authorization: A.authorization } });
		expect(r).toMatchObject({ code: 'SignatureDoesNotMatch', message: expect.stringMatching(/x-content-sha256/) });
	});
	test('unknown Access Key → 401 InvalidAccessKey', () => {
		expect(verify({}, { keys: [{ accessKeyId: 'OTHER', secretAccessKey: 'x' }] })).toMatchObject({ status: 401, code: 'InvalidAccessKey' });
	});
	test('wrong secret → 401 SignatureDoesNotMatch', () => {
		expect(verify({}, { keys: [{ accessKeyId: 'AKTEST', secretAccessKey: 'WRONG' }] })).toMatchObject({ status: 401, code: 'SignatureDoesNotMatch' });
	});
	test('session tokens: required, signed and equal for STS keys; refused for permanent keys', () => {
		const v = VECTORS['A+token'];
		const auth = v.authorization.replace('AKTEST', 'AKSTS');
		expect(verifyRequest(withAuth(v, auth), OPTS)).toMatchObject({ ok: true });
		// STS key without a token
		const noToken = computeSignature({ ...A, region: 'cn-north-1', service: 'vms', accessKeyId: 'AKSTS', secretAccessKey: 'SKTEST' }).authorization;
		expect(verifyRequest(withAuth(A, noToken), OPTS)).toMatchObject({ status: 401, code: 'InvalidSecretToken' });
		// STS key with a different (correctly signed) token
		const otherHeaders = { ...v.headers, 'X-Security-Token': 'OTHER' };
		const other = computeSignature({ ...v, headers: otherHeaders, region: 'cn-north-1', service: 'vms', accessKeyId: 'AKSTS', secretAccessKey: 'SKTEST' }).authorization;
		expect(verifyRequest({ ...withAuth(v), headers: { ...otherHeaders, Authorization: other } }, OPTS)).toMatchObject({ code: 'InvalidSecretToken' });
		// token sent but not signed
		expect(verifyRequest({ ...withAuth(A, noToken), headers: { ...A.headers, 'X-Security-Token': 'STSTOKEN', Authorization: noToken } }, OPTS)).toMatchObject({
			code: 'InvalidSecretToken',
		});
		// permanent key with a token header
		expect(verifyRequest(withAuth(v), OPTS)).toMatchObject({ status: 401, code: 'InvalidSecretToken' });
	});
});

describe('official SDK Signer (@volcengine/openapi)', () => {
	// The SDK's credentials object names the secret `secretKey`.
	const sdkSign = ({ method, params, body, key, date = NOW, headers = {} }) => {
		const request = { method, region: 'cn-north-1', params, headers: { ...headers }, body, pathname: '/' };
		new Signer(request, 'vms').addAuthorization(
			{ accessKeyId: key.accessKeyId, secretKey: key.secretAccessKey, sessionToken: key.sessionToken },
			date,
		);
		return request.headers;
	};
	// What reaches the server: the SDK builds the URL with querystring.stringify; the HTTP layer adds Host.
	const received = ({ method, params, body = '', headers }) => ({
		method,
		path: '/',
		rawQuery: querystring.stringify(params),
		headers: { ...headers, host: 'cloud-vms.volcengineapi.com' },
		body: Buffer.from(body),
	});

	const cases = [
		{ name: 'POST form', method: 'POST', params: { Action: 'BindAXN', Version: '2022-01-01' }, body: BODY, key: KEYS[0] },
		{ name: 'POST form with STS token', method: 'POST', params: { Action: 'BindAXN', Version: '2022-01-01' }, body: BODY, key: KEYS[1] },
		{
			name: 'POST JSON with unicode',
			method: 'POST',
			params: { Action: 'BindAXG', Version: '2022-01-01' },
			body: JSON.stringify({ PhoneNoA: '13700000000', UserData: '订单 #1 ✓', Numbers: ['13900000000'] }),
			headers: { 'Content-Type': 'application/json; charset=UTF-8' },
			key: KEYS[0],
		},
		{
			name: 'GET with awkward query values',
			method: 'GET',
			params: { Action: 'NumberList', Version: '2022-01-01', Number: "a b*~+()!'中/=&", Limit: '20', Offset: '0' },
			key: KEYS[0],
		},
	];

	test.each(cases)('$name: accepted', (c) => {
		const headers = sdkSign(c);
		expect(verifyRequest(received({ ...c, headers }), { ...OPTS, keys: KEYS })).toEqual({ ok: true, accessKeyId: c.key.accessKeyId });
	});

	test('vector A is what the SDK produces', () => {
		const headers = sdkSign(cases[0]);
		expect(headers.Authorization).toBe(VECTORS.A.authorization);
	});

	test.each(cases)('$name: tampered copies rejected', (c) => {
		const headers = sdkSign(c);
		const ok = received({ ...c, headers });
		const tampered = [
			{ ...ok, rawQuery: querystring.stringify({ ...c.params, Extra: '1' }) },
			{ ...ok, rawQuery: querystring.stringify({ ...c.params, Action: 'UnbindAXN' }) },
			{ ...ok, body: Buffer.from(`${c.body || ''}x`) },
			{ ...ok, headers: { ...ok.headers, Authorization: headers.Authorization.replace(/.$/, (ch) => (ch === '0' ? '1' : '0')) } },
		];
		for (const req of tampered) {
			expect(verifyRequest(req, { ...OPTS, keys: KEYS })).toMatchObject({ ok: false, status: 401, code: 'SignatureDoesNotMatch' });
		}
		const wrongKey = KEYS.map((k) => ({ ...k, secretAccessKey: 'not-the-secret' }));
		expect(verifyRequest(ok, { ...OPTS, keys: wrongKey })).toMatchObject({ code: 'SignatureDoesNotMatch' });
	});
});
