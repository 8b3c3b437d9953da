import type { IHttpRequestOptions } from 'n8n-workflow';

import { VolcengineVmsApi } from '../../credentials/VolcengineVmsApi.credentials';
import { prepareSignedRequest } from '../../credentials/volcengine/request';
import { sha256Hex, signRequest } from '../../credentials/volcengine/signing';

const credentials = {
	accessKeyId: 'AKTEST',
	secretAccessKey: 'SKTEST',
	sessionToken: '',
	region: 'cn-north-1',
	endpoint: 'https://cloud-vms.volcengineapi.com',
	// n8n adds these to every credential with `authenticate`; they must not be signed or sent.
	allowedHttpRequestDomains: 'all',
	allowedDomains: '',
};
const NOW = new Date('2020-11-03T10:40:27Z');
const BODY = 'PhoneNoA=13700000000&PhoneNoX=13700000002&UserData=a+b%2A';

function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object') {
		Object.values(value).forEach(deepFreeze);
		Object.freeze(value);
	}
	return value;
}

describe('prepareSignedRequest (the credential’s authenticate)', () => {
	it('resolves a relative url against the Endpoint and moves qs into one canonical URL', () => {
		const out = prepareSignedRequest(
			credentials,
			{ method: 'POST', url: '/', qs: { Version: '2022-01-01', Action: 'BindAXN' }, body: BODY },
			NOW,
		);
		expect(out.url).toBe('https://cloud-vms.volcengineapi.com/?Action=BindAXN&Version=2022-01-01');
		expect(out.qs).toBeUndefined();
		expect(out.baseURL).toBeUndefined();
		expect(out.body).toBe(BODY);
		const headers = out.headers as Record<string, string>;
		expect(headers['x-content-sha256']).toBe(sha256Hex(BODY));
		expect(headers.host).toBe('cloud-vms.volcengineapi.com');
		expect(headers.authorization).toMatch(/SignedHeaders=host;x-content-sha256;x-date, Signature=[0-9a-f]{64}$/);
		// Same bytes, same signature as the pure signer: nothing else went into it.
		expect(headers.authorization).toBe(
			signRequest({
				method: 'POST',
				url: 'https://cloud-vms.volcengineapi.com/?Action=BindAXN&Version=2022-01-01',
				body: BODY,
				keys: { accessKeyId: 'AKTEST', secretAccessKey: 'SKTEST' },
				region: 'cn-north-1',
				now: NOW,
			}).headers.authorization,
		);
	});

	it('never mutates the request it is given', () => {
		const input = deepFreeze({
			method: 'POST' as const,
			url: '/',
			qs: { Action: 'BindAXN', Version: '2022-01-01' },
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: BODY,
		});
		const copy = JSON.parse(JSON.stringify(input));
		prepareSignedRequest(credentials, input, NOW);
		expect(input).toEqual(copy);
	});

	it('handles the credential tester: baseURL + relative url, empty object body, no method', () => {
		const out = prepareSignedRequest(
			credentials,
			{ baseURL: 'http://127.0.0.1:18080', url: '/', qs: { Action: 'NumberPoolList', Version: '2022-01-01', Limit: 1 }, body: {} } as IHttpRequestOptions,
			NOW,
		);
		expect(out.method).toBe('GET');
		expect(out.url).toBe('http://127.0.0.1:18080/?Action=NumberPoolList&Limit=1&Version=2022-01-01');
		expect(out.body).toBeUndefined();
		const headers = out.headers as Record<string, string>;
		expect(headers['x-content-sha256']).toBe(sha256Hex(''));
		expect(headers.host).toBe('127.0.0.1:18080');
	});

	it('keeps a path prefix of the Endpoint (a proxy)', () => {
		const out = prepareSignedRequest(
			{ ...credentials, endpoint: 'https://proxy.example.test/vms/' },
			{ method: 'POST', url: '/', qs: { Action: 'BindAXN' }, body: 'a=1' },
			NOW,
		);
		expect(out.url).toBe('https://proxy.example.test/vms/?Action=BindAXN');
	});

	it('re-signs its own output with a fresh X-Date and no duplicated query (n8n’s 401 retry)', () => {
		const first = prepareSignedRequest(
			credentials,
			{ method: 'POST', url: '/', qs: { Action: 'BindAXN', Version: '2022-01-01' }, body: BODY },
			NOW,
		);
		const later = new Date(NOW.getTime() + 5000);
		const second = prepareSignedRequest(credentials, first, later);
		expect(second.url).toBe(first.url);
		const h1 = first.headers as Record<string, string>;
		const h2 = second.headers as Record<string, string>;
		expect(h2['x-date']).toBe('20201103T104032Z');
		expect(h2.authorization).not.toBe(h1.authorization);
		expect(Object.keys(h2).filter((k) => k.toLowerCase() === 'authorization')).toHaveLength(1);
	});

	it('serializes an object body once as JSON and signs those bytes', () => {
		const out = prepareSignedRequest(credentials, { method: 'POST', url: '/', body: { GroupId: 'G1', Numbers: ['1'] } }, NOW);
		expect(out.body).toBe('{"GroupId":"G1","Numbers":["1"]}');
		const headers = out.headers as Record<string, string>;
		expect(headers['content-type']).toBe('application/json; charset=utf-8');
		expect(headers['x-content-sha256']).toBe(sha256Hex('{"GroupId":"G1","Numbers":["1"]}'));
	});

	it('signs a Buffer body as its bytes', () => {
		const bytes = Buffer.from('UserData=%E4%B8%AD', 'utf8');
		const out = prepareSignedRequest(credentials, { method: 'POST', url: '/', body: bytes }, NOW);
		expect(out.body).toBe(bytes);
		expect((out.headers as Record<string, string>)['x-content-sha256']).toBe(sha256Hex(bytes));
	});

	it('adds and signs X-Security-Token for STS credentials', () => {
		const out = prepareSignedRequest({ ...credentials, sessionToken: 'STSTOKEN' }, { method: 'GET', url: '/' }, NOW);
		const headers = out.headers as Record<string, string>;
		expect(headers['x-security-token']).toBe('STSTOKEN');
		expect(headers.authorization).toContain('SignedHeaders=host;x-content-sha256;x-date;x-security-token');
	});

	it('uses the default endpoint and region when those fields are empty', () => {
		const out = prepareSignedRequest({ ...credentials, endpoint: '', region: '' }, { method: 'GET', url: '/' }, NOW);
		expect(out.url).toBe('https://cloud-vms.volcengineapi.com/');
		expect((out.headers as Record<string, string>).authorization).toContain('/cn-north-1/vms/request');
	});

	it.each([
		[{ accessKeyId: '' }, /needs both an Access Key ID and a Secret Access Key/],
		[{ secretAccessKey: '  ' }, /needs both an Access Key ID and a Secret Access Key/],
		[{ endpoint: 'not a url' }, /Endpoint "not a url" is not a URL/],
		[{ endpoint: 'ftp://example.test' }, /must start with https:\/\/ or http:\/\//],
		[{ endpoint: 'https://example.test/?a=1' }, /plain base URL/],
		[{ region: 'cn north 1' }, /Region "cn north 1" is not a region name/],
	])('refuses to sign with a bad credential %p instead of sending it unsigned', (patch, message) => {
		expect(() => prepareSignedRequest({ ...credentials, ...patch }, { method: 'POST', url: '/', body: 'a=1' }, NOW)).toThrow(
			message,
		);
	});

	it('never puts the secret into the signed request', () => {
		const out = prepareSignedRequest(credentials, { method: 'POST', url: '/', body: BODY }, NOW);
		expect(JSON.stringify(out)).not.toContain('SKTEST');
	});

	it('is what the credential class uses, with a fresh X-Date on each call', async () => {
		const credential = new VolcengineVmsApi();
		const options = { method: 'POST' as const, url: '/', qs: { Action: 'BindAXN' }, body: BODY };
		const before = Date.now();
		const out = await credential.authenticate(credentials, options);
		const after = Date.now();
		const xDate = (out.headers as Record<string, string>)['x-date'];
		const stamp = Date.parse(xDate.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z'));
		// X-Date has whole seconds: the second of the signing, between the two readings of the clock.
		expect(stamp).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
		expect(stamp).toBeLessThanOrEqual(after);
	});

	it('describes the fields with the exact names saved credentials depend on', () => {
		const credential = new VolcengineVmsApi();
		expect(credential.name).toBe('volcengineVmsApi');
		expect(credential.displayName).toBe('Volcengine VMS API');
		expect(credential.properties.map((p) => [p.name, p.default])).toEqual([
			['accessKeyId', ''],
			['secretAccessKey', ''],
			['sessionToken', ''],
			['region', 'cn-north-1'],
			['endpoint', 'https://cloud-vms.volcengineapi.com'],
		]);
		const secret = credential.properties.filter((p) => p.typeOptions?.password).map((p) => p.name);
		expect(secret).toEqual(['secretAccessKey', 'sessionToken']);
		expect(credential.test.request).toMatchObject({ qs: { Action: 'NumberPoolList', Limit: 1 } });
	});
});
