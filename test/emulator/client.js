'use strict';
// A tiny VMS client for emulator tests: the official @volcengine/openapi Signer signs, fetch sends.
const { Signer } = require('@volcengine/openapi');
const { DEFAULT_KEYS } = require('./server');
const ACTIONS = require('./actions');

/** `{ status, body }` of one signed action call (form, JSON or query, as the action table says; `set` ignored). */
async function callAction(baseUrl, action, params = {}, { now = new Date(), key = DEFAULT_KEYS[0] } = {}) {
	const def = ACTIONS[action] || {};
	const method = def.method || 'POST';
	const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
	let query = { Action: action, Version: '2022-01-01' };
	const headers = {};
	let body;
	// GET, and POST actions that take everything in the query (empty body).
	if (method === 'GET' || def.encoding === 'query') query = { ...query, ...clean };
	else if (def.encoding === 'json') {
		body = JSON.stringify(params);
		headers['Content-Type'] = 'application/json; charset=UTF-8';
	} else {
		body = new URLSearchParams(clean).toString();
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
	}
	const request = { method, region: 'cn-north-1', params: query, headers, body, pathname: '/' };
	new Signer(request, 'vms').addAuthorization({ accessKeyId: key.accessKeyId, secretKey: key.secretAccessKey, sessionToken: key.sessionToken }, now);
	const res = await fetch(`${baseUrl}/?${new URLSearchParams(query)}`, { method, headers, body });
	return { status: res.status, body: await res.json() };
}

/** Calls the unsigned control API: `{ status, body }`. */
async function control(baseUrl, method, path, payload) {
	const res = await fetch(`${baseUrl}${path}`, { method, body: payload === undefined ? undefined : JSON.stringify(payload) });
	return { status: res.status, body: await res.json() };
}

module.exports = { callAction, control };
