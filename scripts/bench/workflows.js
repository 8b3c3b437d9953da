'use strict';
// What both n8n benchmarks (n8n.js: node vs workaround; n8n-qps.js: under an account limit) are built from: the
// bench credential, the workaround's Code node that signs, its HTTP Request node, the node, and the servers' reading
// of a signed BindAXN request.
const { verifyRequest } = require('../../test/emulator/signature');
const { DEFAULT_KEYS } = require('../../test/emulator/server');

const POOL = 'NP160084061100694433';
const KEY = DEFAULT_KEYS[0];

/**
 * A do-it-yourself Code node: Volcengine HMAC-SHA256 signing of one request per item, as a user would write it.
 * `action` is the VMS action, `bodyCode` the JavaScript that makes `body` from `json`, `contentType` its type.
 */
const signCode = (endpoint, { action, bodyCode, contentType }) => `const crypto = require('crypto');
const endpoint = ${JSON.stringify(endpoint)};
const host = endpoint.replace(/^https?:\\/\\//, '').replace(/\\/.*$/, '');
const ak = ${JSON.stringify(KEY.accessKeyId)};
const sk = ${JSON.stringify(KEY.secretAccessKey)};
const hash = (s) => crypto.createHash('sha256').update(s).digest('hex');
const hmac = (k, s) => crypto.createHmac('sha256', k).update(s).digest();
const query = 'Action=${action}&Version=2022-01-01';
return $input.all().map(({ json }) => {
  ${bodyCode}
  const xDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\\.\\d{3}/, '');
  const date = xDate.slice(0, 8);
  const bodyHash = hash(body);
  const signed = 'host;x-content-sha256;x-date';
  const canonical = ['POST', '/', query, 'host:' + host + '\\nx-content-sha256:' + bodyHash + '\\nx-date:' + xDate + '\\n', signed, bodyHash].join('\\n');
  const scope = date + '/cn-north-1/vms/request';
  const key = hmac(hmac(hmac(hmac(sk, date), 'cn-north-1'), 'vms'), 'request');
  const signature = crypto.createHmac('sha256', key).update(['HMAC-SHA256', xDate, scope, hash(canonical)].join('\\n')).digest('hex');
  return { json: { url: endpoint + '/?' + query, body, headers: {
    Authorization: 'HMAC-SHA256 Credential=' + ak + '/' + scope + ', SignedHeaders=' + signed + ', Signature=' + signature,
    'X-Date': xDate, 'X-Content-Sha256': bodyHash, 'Content-Type': '${contentType}' } } };
});`;

/** The workaround's Code node for BindAXN (form body). */
const SIGN_CODE = (endpoint) =>
	signCode(endpoint, {
		action: 'BindAXN',
		bodyCode: `const fields = { NumberPoolNo: json.pool, PhoneNoX: json.x, PhoneNoA: json.a, PhoneNoB: json.b, ExpireTime: String(json.expireAt), AudioRecordFlag: '1' };
  const body = Object.entries(fields).map(([k, v]) => k + '=' + encodeURIComponent(v)).join('&');`,
		contentType: 'application/x-www-form-urlencoded',
	});

/** The workaround's HTTP Request node: sends what the Code node signed, with the given options and body type. */
function httpRequestNode(position, options = {}, rawContentType = 'application/x-www-form-urlencoded') {
	return {
		id: 'h',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url: '={{ $json.url }}',
			sendHeaders: true,
			specifyHeaders: 'json',
			jsonHeaders: '={{ JSON.stringify($json.headers) }}',
			sendBody: true,
			contentType: 'raw',
			rawContentType,
			body: '={{ $json.body }}',
			options,
		},
	};
}

/**
 * How the node's parameters read the item: `json` as `{{ $json.a }}` (read from the item without n8n's expression
 * engine), `named` as `{{ $('Items').item.json.a }}` (as users write them after a Webhook or Set node: n8n's engine).
 */
const EXPRESSIONS = {
	json: (field) => `={{ $json.${field} }}`,
	named: (field) => `={{ $('Items').item.json.${field} }}`,
};

/** The node binding each item (AXN, X given) with the bench credential and the given options. */
function vmsBindNode(position, options, extra = {}, { expressions = 'json', id = 'v', name = 'VMS' } = {}) {
	const expr = EXPRESSIONS[expressions];
	return {
		id,
		name,
		type: 'n8n-nodes-volcengine-vms.volcengineVms',
		typeVersion: 1,
		position,
		credentials: { volcengineVmsApi: { id: 'benchVms', name: 'Bench VMS' } },
		...extra,
		parameters: {
			resource: 'axn',
			operation: 'bind',
			numberPoolNo: POOL,
			phoneNoX: expr('x'),
			phoneNoA: expr('a'),
			phoneNoB: expr('b'),
			expireTime: expr('expireAt'),
			audioRecordFlag: true,
			options,
		},
	};
}

/** The bench credential, pointing at `url`. */
const benchCredential = (url) => ({
	id: 'benchVms',
	name: 'Bench VMS',
	type: 'volcengineVmsApi',
	data: { ...KEY, sessionToken: '', region: 'cn-north-1', endpoint: url },
});

/**
 * A bench server's reading of one signed request: calls `handle(res, { sig, body, query, seq })` once the body is
 * in, with the signature checked as VMS checks it, the raw body, the query string parsed and the request's number.
 */
function signedHandler(handle) {
	let seq = 0;
	return (req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const q = req.url.indexOf('?');
			const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
			const sig = verifyRequest(
				{ method: req.method, path: q < 0 ? req.url : req.url.slice(0, q), rawQuery, headers: req.headers, body },
				{ keys: DEFAULT_KEYS, region: 'cn-north-1', service: 'vms', now: new Date(), maxSkewSeconds: 900 },
			);
			handle(res, { sig, body, query: new URLSearchParams(rawQuery), seq: ++seq });
		});
	};
}

/** A bench server's reading of one BindAXN request: `handle(res, { sig, form, seq })`, the form body parsed. */
function bindHandler(handle) {
	return signedHandler((res, { sig, body, seq }) => handle(res, { sig, form: new URLSearchParams(body.toString('utf8')), seq }));
}

/** The ResponseMetadata of the bench servers' BindAXN answers. */
const bindMeta = (seq) => ({ RequestId: `R${seq}`, Action: 'BindAXN', Version: '2022-01-01', Service: 'vms', Region: 'cn-north-1' });

module.exports = { POOL, KEY, SIGN_CODE, signCode, httpRequestNode, vmsBindNode, benchCredential, signedHandler, bindHandler, bindMeta };
