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
