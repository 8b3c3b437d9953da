'use strict';
/**
 * Node versions in a real n8n: the workflows saved with version 1 (test/e2e/workflows/*.json, never edited)
 * import and run unchanged next to their version-2 copies (*-v2.json: Number Pool No as a Resource Locator,
 * `{ "__rl": true, "mode": "list" | "id", "value": … }`), and both send the same requests. Version 2's From
 * List mode loads the pools through the credential (n8n's resource-locator REST endpoint).
 */
const fs = require('node:fs');
const path = require('node:path');

const { runWorkflow, startServer, CREDENTIALS, n8nVersion } = require('./harness');
const { fakeModel } = require('./lib/fake-model');
const { WORKFLOWS_DIR, NODE_TYPE } = require('./lib/workflows');

/** Version-1 workflows and their version-2 copies (`<name>-v2.json`). */
const PAIRS = ['axn-bind', 'axn-lifecycle', 'number-pools', 'axyb-flow', 'ai-agent'];
/** Resources that exist only in node version 2: their workflows are saved with version 2 and have no -v2 copy. */
const V2_ONLY_RESOURCES = ['voiceNotification', 'voiceTask', 'voiceResource', 'riskControl'];
const POOL_PARAMS = /^(numberPoolNo|callerNumberPoolNo|calleeNumberPoolNo|numberPoolNoY)$/;
const AXN = 'NP160084061100694433';

const read = (name) => JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, `${name}.json`), 'utf8'));
const isVms = (node) => node.type === NODE_TYPE || node.type === `${NODE_TYPE}Tool`;

/** A version-2 workflow as version 1 saved it: locators back to their value, typeVersion 1. */
function asVersion1(wf) {
	const plain = (params) =>
		Object.fromEntries(
			Object.entries(params).map(([key, value]) => {
				if (POOL_PARAMS.test(key) && value && value.__rl === true) return [key, value.value];
				if (value && typeof value === 'object' && !Array.isArray(value)) return [key, plain(value)];
				return [key, value];
			}),
		);
	return { ...wf, nodes: wf.nodes.map((n) => (isVms(n) ? { ...n, typeVersion: 1, parameters: plain(n.parameters) } : n)) };
}

/** The changes a copy makes on purpose: ai-agent-v2's Get Binding lets the model give the pool By ID; AXYB Bind's Y pool and YB duration are fields in version 2. */
const FROM_AI_POOL = "={{ $fromAI('Number_Pool_No', 'The number pool of the binding, as the bind returned it', 'string') }}";
function withDeliberateChanges(name, wf) {
	if (name === 'ai-agent') {
		const nodes = wf.nodes.map((n) => (n.name === 'Get Binding' ? { ...n, parameters: { ...n.parameters, numberPoolNo: FROM_AI_POOL } } : n));
		return { ...wf, nodes };
	}
	if (name === 'axyb-flow') {
		// Version 2's AXYB Bind has Y Number Pool No and YB Enable Duration as required fields, not Additional Fields.
		const nodes = wf.nodes.map((n) => {
			if (n.parameters.resource !== 'axyb' || n.parameters.operation !== 'bind') return n;
			const { numberPoolNoY, ybEnableDuration, ...additionalFields } = n.parameters.additionalFields;
			return { ...n, parameters: { ...n.parameters, numberPoolNoY, ybEnableDuration, additionalFields } };
		});
		return { ...wf, nodes };
	}
	return wf;
}

/** Every pool value of a workflow's VMS nodes (collections included). */
function poolValues(wf) {
	const found = [];
	const walk = (params) => {
		for (const [key, value] of Object.entries(params)) {
			if (POOL_PARAMS.test(key)) found.push(value);
			else if (value && typeof value === 'object' && !Array.isArray(value) && value.__rl !== true) walk(value);
		}
	};
	for (const node of wf.nodes.filter(isVms)) walk(node.parameters);
	return found;
}

/** What VMS received, without what differs from run to run (times, Sub IDs the emulator made). */
const sent = (requests) =>
	requests.map((r) => {
		const { ExpireTime, SubId, ParentSubId, ...params } = r.params;
		return { action: r.action, signed: r.signature.ok, params, expireTime: ExpireTime !== undefined, subIds: [SubId, ParentSubId].map((id) => id !== undefined) };
	});

describe(`node versions in n8n ${n8nVersion()}`, () => {
	// A `-v2.json` file is the version-2 copy of a saved version-1 workflow; other names are not pairs.
	test('the saved version-1 workflows are all version 1; each -v2 copy differs only in typeVersion and the locator shape', () => {
		const files = fs.readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith('.json'));
		for (const file of files.filter((f) => !f.endsWith('-v2.json'))) {
			const nodes = read(file.replace(/\.json$/, '')).nodes.filter(isVms);
			// Workflows of resources that exist only in version 2 (issue 15) are version-2 workflows, all of their nodes.
			const version = nodes.some((node) => V2_ONLY_RESOURCES.includes(node.parameters.resource)) ? 2 : 1;
			for (const node of nodes) {
				expect([file, node.name, node.typeVersion]).toEqual([file, node.name, version]);
			}
		}
		expect(files.filter((f) => f.endsWith('-v2.json')).sort()).toEqual(PAIRS.map((p) => `${p}-v2.json`).sort());
		for (const name of PAIRS) {
			const v2 = read(`${name}-v2`);
			expect(v2.nodes.filter(isVms).map((n) => n.typeVersion)).toEqual(v2.nodes.filter(isVms).map(() => 2));
			const pools = poolValues(v2);
			expect(pools.length).toBeGreaterThan(0);
			for (const value of pools) expect(value).toEqual({ __rl: true, mode: expect.stringMatching(/^(list|id)$/), value: expect.any(String) });
			expect(asVersion1(v2)).toEqual(withDeliberateChanges(name, read(name)));
		}
		// Both modes are covered, and an expression in By ID.
		const all = PAIRS.flatMap((name) => poolValues(read(`${name}-v2`)));
		expect(new Set(all.map((v) => v.mode))).toEqual(new Set(['list', 'id']));
		expect(all.some((v) => v.mode === 'id' && v.value === '={{ $json.pool }}')).toBe(true);
	});

	test.each(PAIRS.filter((name) => name !== 'ai-agent'))('%s: version 1 as saved and its version-2 copy both run and send the same requests', async (name) => {
		const v1 = await runWorkflow(name);
		const v2 = await runWorkflow(`${name}-v2`);
		expect(v1.run.status || 'success').toBe('success');
		expect(v2.run.status || 'success').toBe('success');
		expect(v1.requests.length).toBeGreaterThan(0);
		expect(v1.requests.every((r) => r.signature.ok && !(r.response && r.response.code))).toBe(true);
		expect(sent(v2.requests)).toEqual(sent(v1.requests));
		// The same output shape at each VMS node (items and their pairing).
		for (const node of read(name).nodes.filter(isVms)) {
			const shape = (res) => res.items(node.name).map((i) => [Object.keys(i.json).sort(), i.pairedItem]);
			expect([node.name, shape(v2)]).toEqual([node.name, shape(v1)]);
		}
	});

	test('AI Agent tools at version 2: pools From List, and one the model fills By ID ($fromAI in the locator)', async () => {
		const bind = { Phone_No_A: '13800138000', Phone_No_B: '13900139000', Expire_Time: '2030-01-01T18:00:00+08:00' };
		await fakeModel.script([
			{ toolCalls: [{ name: 'Bind_AXN', arguments: bind }] },
			{ toolCalls: [{ name: 'Get_Binding', arguments: { Number_Pool_No: AXN, Sub_ID: '{{last:SubId}}' } }] },
			{ toolCalls: [{ name: 'Get_Binding', arguments: { Number_Pool_No: 'NP 1', Sub_ID: 'S1' } }] },
			{ content: 'Done.' },
		]);
		const res = await runWorkflow('ai-agent-v2');
		const modelRequests = await fakeModel.requests();
		const tools = Object.fromEntries(modelRequests[0].body.tools.map((t) => [t.function.name, t.function]));
		// n8n made the tool's schema from the $fromAI inside the locator value.
		expect(tools.Get_Binding.parameters.properties.Number_Pool_No).toMatchObject({ type: 'string' });
		expect(tools.Get_Binding.parameters.required.sort()).toEqual(['Number_Pool_No', 'Sub_ID']);
		const toolResult = (n) => JSON.parse(modelRequests[n].toolResults[modelRequests[n].toolResults.length - 1]);
		const [bound] = toolResult(1);
		expect(bound).toMatchObject({ PhoneNoA: '13800138000', SubId: expect.stringMatching(/^S\d+$/) });
		expect(toolResult(2)).toEqual([expect.objectContaining({ SubId: bound.SubId, Status: 1 })]);
		expect(toolResult(3)).toEqual([
			expect.objectContaining({ field: 'numberPoolNo', value: 'NP 1', argument: 'Number_Pool_No', error: expect.stringMatching(/"NP 1" is not valid/) }),
		]);
		expect(res.requests.map((r) => [r.action, r.params.NumberPoolNo, r.signature.ok])).toEqual([
			['SelectNumberAndBindAXN', AXN, true],
			['QuerySubscription', AXN, true],
		]);
	});

	describe('From List in the editor (n8n server)', () => {
		let server;
		afterAll(() => server && server.stop());

		test('the Number Pool No locator lists the pools through the credential and filters by the search text', async () => {
			server = await startServer({});
			const { id, name } = CREDENTIALS.emulator;
			const search = async (filter) =>
				server.rest('POST', '/dynamic-node-parameters/resource-locator-results', {
					nodeTypeAndVersion: { name: NODE_TYPE, version: 2 },
					path: 'parameters.numberPoolNo',
					methodName: 'searchNumberPools',
					currentNodeParameters: { resource: 'axn', operation: 'bind', numberPoolNo: { __rl: true, mode: 'list', value: '' } },
					credentials: { volcengineVmsApi: { id, name } },
					...(filter === undefined ? {} : { filter }),
				});
			const all = await search();
			expect(all.results.map((r) => r.value)).toContain(AXN);
			expect(all.results).toContainEqual(expect.objectContaining({ name: `Demo AXN pool (${AXN})`, value: AXN }));
			const found = await search('axyb');
			expect(found.results.map((r) => r.value).sort()).toEqual(['NP160084061100694436', 'NP160084061100694437']);
		});
	});
});
