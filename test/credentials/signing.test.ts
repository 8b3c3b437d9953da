import { Signer } from '@volcengine/openapi';

import {
	canonicalQuery,
	computeAuthorization,
	rfc3986,
	sha256Hex,
	signRequest,
} from '../../credentials/volcengine/signing';

// Official vectors: shared reference volcengine-vms-api.md §4.5 (Node and Python SDKs).
const KEYS = { accessKeyId: 'AKTEST', secretAccessKey: 'SKTEST' };
const X_DATE = '20201103T104027Z';
const NOW = new Date('2020-11-03T10:40:27Z');
const BODY =
	'PhoneNoA=13700000000&PhoneNoB=13700000001&PhoneNoX=13700000002&NumberPoolNo=NP160084061100694433&ExpireTime=1608209071&AudioRecordFlag=1&UserData=123';
const BODY_HASH = 'ab21d1d5a4af8993c5ef63f029ed1579762bea042d6fe42f2e34d3356dba5957';
const BIND_QUERY = 'Action=BindAXN&Version=2022-01-01';
const base = { method: 'POST', path: '/', region: 'cn-north-1', service: 'vms', keys: KEYS };

describe('official Volcengine signing vectors', () => {
	it('hashes the vector body as documented', () => {
		expect(sha256Hex(BODY)).toBe(BODY_HASH);
	});

	it('reproduces vector A (x-content-sha256;x-date)', () => {
		const out = computeAuthorization({
			...base,
			query: BIND_QUERY,
			headers: { 'X-Date': X_DATE, 'X-Content-Sha256': BODY_HASH },
			payloadHash: BODY_HASH,
		});
		expect(out.canonicalRequest).toBe(
			[
				'POST',
				'/',
				BIND_QUERY,
				`x-content-sha256:${BODY_HASH}`,
				`x-date:${X_DATE}`,
				'',
				'x-content-sha256;x-date',
				BODY_HASH,
			].join('\n'),
		);
		expect(out.stringToSign.split('\n')[3]).toBe('03cb3b8cc8c02699a83dece5ce62e90cb3385a132ae00364512a3da4c387d2d7');
		expect(out.authorization).toBe(
			'HMAC-SHA256 Credential=AKTEST/20201103/cn-north-1/vms/request, SignedHeaders=x-content-sha256;x-date, Signature=d09de08dcbb203784bae9a613e66f8d5f4bdfd2bb77e4eb236021c0886e15094',
		);
	});

	it('reproduces vector A with an STS session token', () => {
		const out = computeAuthorization({
			...base,
			keys: { ...KEYS, sessionToken: 'STSTOKEN' },
			query: BIND_QUERY,
			headers: { 'X-Date': X_DATE, 'X-Content-Sha256': BODY_HASH, 'X-Security-Token': 'STSTOKEN' },
			payloadHash: BODY_HASH,
		});
		expect(out.stringToSign.split('\n')[3]).toBe('2cab6aa7314ad4961473ed9d7c16aa413e7714d768f7e89e5cb2624274b11726');
		expect(out.authorization).toBe(
			'HMAC-SHA256 Credential=AKTEST/20201103/cn-north-1/vms/request, SignedHeaders=x-content-sha256;x-date;x-security-token, Signature=55ebc87fdf9a2073fc30758a48923027204259401d1162857d4b58ed712fcaf1',
		);
	});

	it('reproduces vector C (host;x-content-sha256;x-date), the set this package sends', () => {
		const expected =
			'HMAC-SHA256 Credential=AKTEST/20201103/cn-north-1/vms/request, SignedHeaders=host;x-content-sha256;x-date, Signature=4b81a93b65fa9ca60970e3664bb1ca35653df06258da2995730febd40d14e860';
		const out = computeAuthorization({
			...base,
			query: BIND_QUERY,
			headers: { Host: 'cloud-vms.volcengineapi.com', 'X-Date': X_DATE, 'X-Content-Sha256': BODY_HASH },
			payloadHash: BODY_HASH,
		});
		expect(out.stringToSign.split('\n')[3]).toBe('6bb9af3eae3388e1937f792bb2832acd570b9d974c95e0488adbeb9a31e70890');
		expect(out.authorization).toBe(expected);

		const signed = signRequest({
			method: 'post',
			url: 'https://cloud-vms.volcengineapi.com/',
			query: [
				['Version', '2022-01-01'],
				['Action', 'BindAXN'],
			],
			body: BODY,
			keys: KEYS,
			region: 'cn-north-1',
			now: NOW,
		});
		expect(signed.headers.authorization).toBe(expected);
		expect(signed.url).toBe('https://cloud-vms.volcengineapi.com/?Action=BindAXN&Version=2022-01-01');
		expect(signed.headers['x-date']).toBe(X_DATE);
	});

	it('reproduces vector D (GET, parameters in the query, x-date only)', () => {
		const query = canonicalQuery([
			['Action', 'NumberList'],
			['Version', '2022-01-01'],
			['NumberPoolNo', 'NP160084061100694433'],
			['Limit', '20'],
			['Offset', '0'],
			['Number', 'a b*~'],
		]);
		expect(query).toBe(
			'Action=NumberList&Limit=20&Number=a%20b%2A~&NumberPoolNo=NP160084061100694433&Offset=0&Version=2022-01-01',
		);
		const out = computeAuthorization({
			...base,
			method: 'GET',
			query,
			headers: { 'X-Date': X_DATE },
			payloadHash: sha256Hex(''),
		});
		expect(out.stringToSign.split('\n')[3]).toBe('8e6a7e88cc625bad82d78aba0d8b416cc72a324108d776fd6b4c3a9aed1cf45a');
		expect(out.authorization).toBe(
			'HMAC-SHA256 Credential=AKTEST/20201103/cn-north-1/vms/request, SignedHeaders=x-date, Signature=c2da26433249f7f5146817aa93e99952474b97926b8a6c346ea2d885a4d469ef',
		);
	});

	it('encodes query values like the official SDKs (RFC 3986, upper-case hex)', () => {
		expect(rfc3986("a b*~+()!'中/=&")).toBe('a%20b%2A~%2B%28%29%21%27%E4%B8%AD%2F%3D%26');
	});
});

// Deterministic pseudo-random generator, so a failure can be replayed from its seed.
function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const ALPHABET = [
	...'abcXYZ0189',
	' ',
	'+',
	'=',
	'&',
	'*',
	'~',
	'!',
	"'",
	'(',
	')',
	'%',
	'/',
	'?',
	'#',
	'中',
	'文',
	'é',
	'😀',
	'\u00a0',
	'-',
	'_',
	'.',
];

describe('cross-check with the official @volcengine/openapi Signer', () => {
	it('signs 1,000 randomized requests exactly as the official SDK does', () => {
		const random = prng(20261128);
		const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
		const text = (max: number) =>
			Array.from({ length: Math.floor(random() * max) }, () => pick(ALPHABET)).join('');
		const fieldNames = ['PhoneNoA', 'PhoneNoB', 'PhoneNoX', 'NumberPoolNo', 'UserData', 'OutId', 'ExpireTime', 'Number'];

		for (let n = 0; n < 1000; n++) {
			const method = random() < 0.7 ? 'POST' : 'GET';
			const query: Record<string, string> = { Action: pick(['BindAXN', 'NumberList', 'UpdateAXB']), Version: '2022-01-01' };
			for (const name of fieldNames) if (random() < 0.4) query[name] = text(12);
			const form = new URLSearchParams();
			if (method === 'POST') for (const name of fieldNames) if (random() < 0.5) form.append(name, text(20));
			const body = method === 'POST' ? (random() < 0.2 ? JSON.stringify({ UserData: text(10) }) : form.toString()) : '';
			const keys = {
				accessKeyId: `AK${text(6).replace(/\W/g, '') || 'X'}`,
				secretAccessKey: text(30) || 'secret',
				...(random() < 0.5 ? { sessionToken: `token-${n}` } : {}),
			};
			const host = pick(['cloud-vms.volcengineapi.com', '127.0.0.1:18080', 'proxy.example.test:8443']);
			const now = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 2e11));

			const ours = signRequest({
				method,
				url: `https://${host}/`,
				query: Object.entries(query),
				body,
				keys,
				region: 'cn-north-1',
				now,
			});

			const sdkRequest = {
				method,
				region: 'cn-north-1',
				params: { ...query },
				pathname: '/',
				// The SDK signs every header present; give it the set this package signs.
				headers: { Host: host, 'X-Content-Sha256': sha256Hex(body) } as Record<string, string>,
				body: body || undefined,
			};
			const signer = new Signer(sdkRequest as never, 'vms');
			// The SDK names the secret `secretKey`.
			signer.addAuthorization({ ...keys, secretKey: keys.secretAccessKey } as never, now);
			expect({ n, authorization: ours.headers.authorization }).toEqual({
				n,
				authorization: sdkRequest.headers.Authorization,
			});
		}
	});
});

/** What an attacker (or a careless caller) varies: each must change the signature, or be refused. */
describe('the canonical request, as an attacker varies it', () => {
	const sign = (over: Partial<Parameters<typeof signRequest>[0]> = {}) =>
		signRequest({
			method: 'POST',
			url: 'https://cloud-vms.volcengineapi.com/',
			query: [
				['Action', 'BindAXN'],
				['Version', '2022-01-01'],
			],
			body: BODY,
			keys: KEYS,
			region: 'cn-north-1',
			now: NOW,
			...over,
		});
	const sdkAuthorization = (method: string, params: Record<string, unknown>, host: string, pathname = '/', body = '') => {
		const request = {
			method,
			region: 'cn-north-1',
			params,
			pathname,
			headers: { Host: host, 'X-Content-Sha256': sha256Hex(body) } as Record<string, string>,
			body: body || undefined,
		};
		new Signer(request as never, 'vms').addAuthorization({ ...KEYS, secretKey: KEYS.secretAccessKey } as never, NOW);
		return request.headers.Authorization;
	};

	it('sorts one key given twice by value, in any input order, as the official SDK does', () => {
		const expected = 'Action=BindAXN&Number=1&Number=2&Number=a%20b&Version=2022-01-01';
		const orders: Array<Array<[string, string]>> = [
			[['Number', 'a b'], ['Number', '2'], ['Number', '1']],
			[['Number', '2'], ['Number', 'a b'], ['Number', '1']],
			[['Number', '1'], ['Number', 'a b'], ['Number', '2']],
		];
		const signatures = new Set<string>();
		for (const order of orders) {
			const query: Array<[string, string]> = [['Version', '2022-01-01'], ...order, ['Action', 'BindAXN']];
			expect(canonicalQuery(query)).toBe(expected);
			const signed = sign({ query });
			expect(signed.url).toBe(`https://cloud-vms.volcengineapi.com/?${expected}`);
			signatures.add(signed.headers.authorization);
		}
		expect(signatures.size).toBe(1);
		// The SDK takes an array value as the key repeated.
		expect([...signatures][0]).toBe(
			sdkAuthorization(
				'POST',
				{ Action: 'BindAXN', Version: '2022-01-01', Number: ['a b', '2', '1'] },
				'cloud-vms.volcengineapi.com',
				'/',
				BODY,
			),
		);
	});

	it('sorts by the encoded key and value, not the raw ones', () => {
		// Raw, "~" (0x7E) sorts after "a"; encoded, "%" (0x25) of "%20" sorts before "a" and the digits.
		expect(canonicalQuery([['k', 'a'], ['k', ' '], ['k', '~']])).toBe('k=%20&k=a&k=~');
		expect(canonicalQuery([['a~', '1'], ['a b', '1'], ['a', '1']])).toBe('a=1&a%20b=1&a~=1');
	});

	it('writes numbers and booleans as text', () => {
		expect(canonicalQuery([['Limit', 20], ['Flag', true], ['Offset', 0]])).toBe('Flag=true&Limit=20&Offset=0');
	});

	it('merges the URL\'s own query with the given one and signs both', () => {
		const split = sign({ url: 'https://cloud-vms.volcengineapi.com/?Version=2022-01-01', query: [['Action', 'BindAXN']] });
		const given = sign();
		expect(split).toEqual(given);
		const urlOnly = sign({ url: 'https://cloud-vms.volcengineapi.com/?Version=2022-01-01&Action=BindAXN', query: undefined });
		expect(urlOnly).toEqual(given);
	});

	it('signs a request without any query, and sends no "?"', () => {
		const signed = sign({ query: undefined, method: 'GET', body: '' });
		expect(signed.url).toBe('https://cloud-vms.volcengineapi.com/');
		expect(signed.headers.authorization).toBe(sdkAuthorization('GET', {}, 'cloud-vms.volcengineapi.com'));
	});

	it('signs the path, the host with its port and plain http like the official SDK', () => {
		const signed = sign({ url: 'http://127.0.0.1:18080/v1/vms' });
		expect(signed.url).toBe('http://127.0.0.1:18080/v1/vms?Action=BindAXN&Version=2022-01-01');
		expect(signed.headers.host).toBe('127.0.0.1:18080');
		expect(signed.headers.authorization).toBe(
			sdkAuthorization('POST', { Action: 'BindAXN', Version: '2022-01-01' }, '127.0.0.1:18080', '/v1/vms', BODY),
		);
		expect(signed.headers.authorization).not.toBe(sign({ url: 'http://127.0.0.1:18080/' }).headers.authorization);
	});

	it('signs every part: method, path, query, body, host, time, keys, region and service', () => {
		const base = sign().headers.authorization;
		const variants = [
			sign({ method: 'GET' }),
			sign({ url: 'https://cloud-vms.volcengineapi.com/x' }),
			sign({ query: [['Action', 'BindAXN'], ['Version', '2022-01-02']] }),
			sign({ body: `${BODY} ` }),
			sign({ url: 'https://cloud-vms.volcengineapi.com:444/' }),
			sign({ now: new Date(NOW.getTime() + 1000) }),
			sign({ keys: { ...KEYS, accessKeyId: 'AKTEST2' } }),
			sign({ keys: { ...KEYS, secretAccessKey: 'SKTEST2' } }),
			sign({ keys: { ...KEYS, sessionToken: 'STS' } }),
			sign({ region: 'cn-beijing' }),
			sign({ service: 'iam' }),
		].map((signed) => signed.headers.authorization);
		expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
	});

	it('uses the service it is given in the scope (vms when none)', () => {
		expect(sign({ service: 'iam' }).headers.authorization).toContain('/cn-north-1/iam/request,');
		expect(sign().headers.authorization).toContain('/cn-north-1/vms/request,');
	});

	it('sends the session token only when there is one, and signs it', () => {
		expect(sign().headers).not.toHaveProperty('x-security-token');
		expect(sign({ keys: { ...KEYS, sessionToken: '' } })).toEqual(sign());
		const withToken = sign({ keys: { ...KEYS, sessionToken: 'STSTOKEN' } });
		expect(withToken.headers['x-security-token']).toBe('STSTOKEN');
		expect(withToken.headers.authorization).toContain('SignedHeaders=host;x-content-sha256;x-date;x-security-token,');
	});

	it('hashes the exact bytes of a Buffer body, equal to the same text', () => {
		const signed = sign({ body: Buffer.from(BODY, 'utf8') });
		expect(signed).toEqual(sign());
		expect(signed.headers['x-content-sha256']).toBe(BODY_HASH);
	});

	it('does not change the request it is given', () => {
		const query: Array<[string, string]> = [['Version', '2022-01-01'], ['Action', 'BindAXN']];
		const keys = { ...KEYS, sessionToken: 'STS' };
		sign({ query, keys });
		expect(query).toEqual([['Version', '2022-01-01'], ['Action', 'BindAXN']]);
		expect(keys).toEqual({ ...KEYS, sessionToken: 'STS' });
	});

	it('trims header values and lower-cases names before signing, as the SDK does', () => {
		const clean = computeAuthorization({ ...base, query: BIND_QUERY, headers: { 'x-date': X_DATE, host: 'a.test' }, payloadHash: BODY_HASH });
		const padded = computeAuthorization({ ...base, query: BIND_QUERY, headers: { 'X-Date': ` ${X_DATE} `, HOST: '\ta.test  ' }, payloadHash: BODY_HASH });
		expect(padded).toEqual(clean);
		expect(clean.canonicalRequest.split('\n').slice(3, 6)).toEqual(['host:a.test', `x-date:${X_DATE}`, '']);
	});

	it('takes the date of the scope from x-date, not from elsewhere', () => {
		const out = computeAuthorization({ ...base, query: '', headers: { 'x-date': '20301231T235959Z' }, payloadHash: BODY_HASH });
		expect(out.stringToSign.split('\n').slice(0, 3)).toEqual(['HMAC-SHA256', '20301231T235959Z', '20301231/cn-north-1/vms/request']);
		expect(out.authorization).toMatch(/^HMAC-SHA256 Credential=AKTEST\/20301231\/cn-north-1\/vms\/request, SignedHeaders=x-date, Signature=[0-9a-f]{64}$/);
	});
});

describe('the signer refuses instead of signing something else', () => {
	const input = {
		method: 'POST',
		url: 'https://cloud-vms.volcengineapi.com/',
		body: '',
		region: 'cn-north-1',
		now: NOW,
	};

	it.each([
		['no Access Key ID', { accessKeyId: '', secretAccessKey: 'SK' }],
		['no Secret Access Key', { accessKeyId: 'AK', secretAccessKey: '' }],
		['neither key', { accessKeyId: '', secretAccessKey: '' }],
		['keys missing altogether', {} as never],
	])('refuses to sign with %s', (_label, keys) => {
		expect(() => signRequest({ ...input, keys })).toThrow(
			'The Access Key ID and the Secret Access Key must both be set to sign a request',
		);
	});

	it.each(['ftp://cloud-vms.volcengineapi.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'ws://127.0.0.1/'])(
		'refuses to sign a request to %s',
		(url) => {
			const protocol = new URL(url).protocol;
			expect(() => signRequest({ ...input, url, keys: KEYS })).toThrow(
				`Cannot sign a request to a "${protocol}" URL: only http and https are supported`,
			);
		},
	);

	it.each([
		['Host and host', { Host: 'a.test', host: 'b.test', 'x-date': X_DATE }, 'host'],
		['X-Date and x-date', { 'X-Date': X_DATE, 'x-date': '20301231T235959Z' }, 'x-date'],
		['x-content-sha256 in two spellings', { 'x-date': X_DATE, 'X-Content-Sha256': BODY_HASH, 'x-content-SHA256': BODY_HASH }, 'x-content-sha256'],
	])('refuses a header given twice: %s', (_label, headers, name) => {
		expect(() => computeAuthorization({ ...base, query: BIND_QUERY, headers, payloadHash: BODY_HASH })).toThrow(
			`The header "${name}" is given more than once`,
		);
	});

	it('accepts header names that only share a beginning', () => {
		const out = computeAuthorization({ ...base, query: '', headers: { 'x-date': X_DATE, x: '1', 'x-date-2': '2' }, payloadHash: BODY_HASH });
		expect(out.authorization).toContain('SignedHeaders=x;x-date;x-date-2,');
	});

	it('refuses a URL that is not absolute', () => {
		expect(() => signRequest({ ...input, url: '/relative', keys: KEYS })).toThrow();
	});

	it.each([
		['without x-date', { host: 'a.test', 'x-content-sha256': BODY_HASH }],
		['with an empty x-date', { 'x-date': '', host: 'a.test' }],
		['with a blank x-date', { 'X-Date': '   ' }],
	])('refuses to compute an authorization %s', (_label, headers) => {
		expect(() =>
			computeAuthorization({ ...base, query: BIND_QUERY, headers, payloadHash: BODY_HASH }),
		).toThrow('x-date must be among the signed headers');
	});
});
