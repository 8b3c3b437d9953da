'use strict';
/**
 * A scripted, OpenAI-compatible chat-completions server on loopback: the "model" of the AI Agent tests.
 * n8n's OpenAI Chat Model node (1.2, chat completions) reaches it through an `openAiApi` credential whose
 * `url` is `<server>/v1`. No network, no real model: each POST /v1/chat/completions answers the next
 * turn of the script and records the request, so a test can assert what the model was shown (the tool
 * definitions, and every tool result) before its next turn.
 *
 * Script (POST /_fake/script, replaces the script and clears the log):
 *   { turns: [ { toolCalls: [{ name: 'Bind_AXN', arguments: { Phone_No_A: '12345' } }] },
 *              { toolCalls: [{ name: 'Get_Binding', arguments: { Sub_ID: '{{last:SubId}}' } }] },
 *              { content: 'Done.' } ] }
 * An argument that is exactly "{{last:Key}}" becomes the first value of `Key` found in the JSON of the
 * newest tool result the model received (so a turn can use the Sub ID a bind returned).
 * When the script is used up, the model answers with plain text "(script ended)".
 *
 * Control: GET /_fake/requests → [{ body, messages, toolResults }] (toolResults: the `tool` messages'
 * contents of that request, in order).
 */
const fs = require('node:fs');
const http = require('node:http');

const PLACEHOLDER = /^\{\{last:([A-Za-z0-9_]+)\}\}$/;

/** The first value under `key` anywhere in `value` (depth first). */
function findKey(value, key) {
	if (value === null || typeof value !== 'object') return undefined;
	if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key)) return value[key];
	for (const child of Object.values(value)) {
		const found = findKey(child, key);
		if (found !== undefined) return found;
	}
	return undefined;
}

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Tool results as the model received them: the contents of the request's `tool` messages. */
function toolResults(messages) {
	return (messages || [])
		.filter((m) => m.role === 'tool')
		.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)));
}

function fillArguments(args, messages) {
	const results = toolResults(messages);
	const last = results.length ? parseJson(results[results.length - 1]) : undefined;
	const filled = {};
	for (const [name, value] of Object.entries(args || {})) {
		const m = typeof value === 'string' ? PLACEHOLDER.exec(value) : null;
		if (!m) {
			filled[name] = value;
			continue;
		}
		const found = findKey(last, m[1]);
		if (found === undefined) throw new Error(`fake model: no "${m[1]}" in the last tool result ${results[results.length - 1]}`);
		filled[name] = found;
	}
	return filled;
}

let callIds = 0;

/** The assistant message of a turn, in chat-completions form. */
function assistantMessage(turn, messages) {
	if (turn.toolCalls) {
		return {
			message: {
				role: 'assistant',
				content: turn.content ?? null,
				tool_calls: turn.toolCalls.map((call) => ({
					id: `call_${++callIds}`,
					type: 'function',
					function: { name: call.name, arguments: JSON.stringify(fillArguments(call.arguments, messages)) },
				})),
			},
			finish: 'tool_calls',
		};
	}
	return { message: { role: 'assistant', content: turn.content ?? '' }, finish: 'stop' };
}

function completion(body, { message, finish }) {
	return {
		id: `chatcmpl-${callIds}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: body.model || 'fake-model',
		choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

/** The same answer as server-sent events, for a client that asks for `stream: true`. */
function streamChunks(body, { message, finish }) {
	const base = { id: `chatcmpl-${callIds}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model || 'fake-model' };
	const delta = { role: 'assistant', content: message.content ?? '' };
	if (message.tool_calls) delta.tool_calls = message.tool_calls.map((c, index) => ({ index, ...c }));
	return [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
	];
}

/** Starts the server on a free loopback port: resolves { url (ending in /v1), close() }. */
function startFakeModel() {
	let turns = [];
	let log = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (text += d));
		req.on('end', () => {
			const send = (status, value) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(value));
			};
			const url = new URL(req.url, 'http://fake');
			try {
				if (req.method === 'POST' && url.pathname === '/_fake/script') {
					turns = [...(JSON.parse(text).turns || [])];
					log = [];
					return send(200, { ok: true });
				}
				if (req.method === 'GET' && url.pathname === '/_fake/requests') return send(200, log);
				if (req.method === 'GET' && url.pathname === '/v1/models') {
					return send(200, { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'test' }] });
				}
				if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
					const body = JSON.parse(text);
					log.push({ body, messages: body.messages, toolResults: toolResults(body.messages) });
					const answer = assistantMessage(turns.shift() || { content: '(script ended)' }, body.messages);
					if (!body.stream) return send(200, completion(body, answer));
					res.writeHead(200, { 'content-type': 'text/event-stream' });
					for (const chunk of streamChunks(body, answer)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
					return res.end('data: [DONE]\n\n');
				}
				send(404, { error: { message: `fake model: no route ${req.method} ${url.pathname}` } });
			} catch (error) {
				send(500, { error: { message: `fake model: ${error.message}` } });
			}
		});
	});
	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			resolve({
				url: `http://127.0.0.1:${port}/v1`,
				close: () => new Promise((done) => server.close(() => done())),
			});
		});
	});
}

/** The `openAiApi` credential the agent workflows use (imported at setup, next to the VMS ones). */
const FAKE_MODEL_CREDENTIAL = { id: 'fakeModel', name: 'Fake model' };

function fakeModelCredential(url) {
	return { ...FAKE_MODEL_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-fake-model', url } };
}

/** For tests: the server global setup started (its URL is in the e2e state file). */
function control(method, route, body) {
	const { fakeModelUrl } = JSON.parse(fs.readFileSync(process.env.E2E_STATE_FILE, 'utf8'));
	const payload = body === undefined ? undefined : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = http.request(
			`${new URL(fakeModelUrl).origin}${route}`,
			{ method, agent: false, headers: payload === undefined ? {} : { 'content-type': 'application/json' } },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`fake model ${route}: ${res.statusCode} ${text}`))));
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

const fakeModel = {
	/** Sets the turns of the next conversation(s) and clears the request log. */
	script: (turns) => control('POST', '/_fake/script', { turns }),
	/** Every chat-completions request since the last script: [{ body, messages, toolResults }]. */
	requests: () => control('GET', '/_fake/requests'),
};

module.exports = { startFakeModel, fakeModel, fakeModelCredential, FAKE_MODEL_CREDENTIAL, findKey };
