'use strict';
/**
 * The node as an AI Agent tool in a real n8n: AI Agent (2.2, and 3 for the engine path) + OpenAI Chat
 * Model (1.2, chat completions) whose credential points at a scripted fake model on loopback
 * (lib/fake-model.js), + three tool nodes of this package (Bind AXN, Get Binding, Unbind AXN) against
 * the VMS emulator. Each test scripts the model's turns, runs the workflow with `n8n execute`, then checks
 * what the model was shown (the tool results in its next request) and what the emulator received.
 */
const { runWorkflow, ofAction, n8nVersion } = require('./harness');
const { fakeModel } = require('./lib/fake-model');

const GOOD_BIND = { Phone_No_A: '13800138000', Phone_No_B: '13900139000', Expire_Time: '2030-01-01T18:00:00+08:00' };
const SECRETS = /emulator-secret-key|sk-fake-model|HMAC-SHA256|Signature=|Credential=/;

/** Runs an agent workflow with a scripted model; returns the run, the model's requests and the emulator's. */
async function converse(workflow, turns, options) {
	await fakeModel.script(turns);
	const res = await runWorkflow(workflow, options);
	const modelRequests = await fakeModel.requests();
	return { res, modelRequests };
}

/** The newest tool result the model had been shown in request `n` (0-based), parsed. */
const lastToolResult = (modelRequests, n) => {
	const results = modelRequests[n].toolResults;
	return JSON.parse(results[results.length - 1]);
};

describe(`AI Agent tools in n8n ${n8nVersion()}`, () => {
	test('the model binds through the tool, looks the binding up and unbinds', async () => {
		const { res, modelRequests } = await converse('ai-agent', [
			{ toolCalls: [{ name: 'Bind_AXN', arguments: GOOD_BIND }] },
			{ toolCalls: [{ name: 'Get_Binding', arguments: { Sub_ID: '{{last:SubId}}' } }] },
			{ toolCalls: [{ name: 'Unbind_AXN', arguments: { Sub_ID: '{{last:SubId}}' } }] },
			{ content: 'The customer and the courier were connected, and the binding has ended.' },
		]);

		// The tools as the model saw them: named after the nodes, described by the operation, $fromAI as the schema.
		const tools = Object.fromEntries(modelRequests[0].body.tools.map((t) => [t.function.name, t.function]));
		expect(Object.keys(tools).sort()).toEqual(['Bind_AXN', 'Get_Binding', 'Unbind_AXN']);
		expect(tools.Bind_AXN.description).toBe(
			'Bind A (and B) to free privacy number X picked by VMS (AXN); returns X and its Sub ID in Volcengine VMS',
		);
		expect(tools.Bind_AXN.parameters.required.sort()).toEqual(['Expire_Time', 'Phone_No_A', 'Phone_No_B']);
		expect(tools.Get_Binding.parameters.properties.Sub_ID).toMatchObject({ type: 'string', description: 'The Sub ID the bind returned' });

		expect(modelRequests).toHaveLength(4);
		const [bound] = lastToolResult(modelRequests, 1);
		expect(bound).toMatchObject({ PhoneNoA: '13800138000', PhoneNoB: '13900139000' });
		expect(bound.SubId).toMatch(/^S\d+$/);
		expect(lastToolResult(modelRequests, 2)).toEqual([expect.objectContaining({ SubId: bound.SubId, Status: 1, PhoneNoX: bound.PhoneNoX })]);
		expect(lastToolResult(modelRequests, 3)).toEqual([{ success: true, subId: bound.SubId, numberPoolNo: 'NP160084061100694433' }]);

		expect(res.requests.map((r) => [r.action, r.signature.ok])).toEqual([
			['SelectNumberAndBindAXN', true],
			['QuerySubscription', true],
			['UnbindAXN', true],
		]);
		expect(res.requests[0].params).toMatchObject({ PhoneNoA: '13800138000', PhoneNoB: '13900139000', ExpireTime: '1893492000' });
		expect(res.items('AI Agent')[0].json.output).toBe('The customer and the courier were connected, and the binding has ended.');
		expect(JSON.stringify(modelRequests)).not.toMatch(SECRETS);
	});

	test('a bad phone reaches the model as an error naming the field and value; nothing is sent; the corrected call binds', async () => {
		const { res, modelRequests } = await converse('ai-agent', [
			{ toolCalls: [{ name: 'Bind_AXN', arguments: { ...GOOD_BIND, Phone_No_A: '12345' } }] },
			{ toolCalls: [{ name: 'Bind_AXN', arguments: { ...GOOD_BIND, Phone_No_A: '+86 138 0013 8000' } }] },
			{ content: 'Bound after correcting the number.' },
		]);
		expect(modelRequests).toHaveLength(3);
		expect(lastToolResult(modelRequests, 1)).toEqual([
			{
				error: 'Phone No A (phoneNoA): "12345" is not a valid phone number',
				description: expect.stringMatching(/^Accepted: an 11-digit mainland mobile number such as 13800138000/),
				field: 'phoneNoA',
				value: '12345',
				argument: 'Phone_No_A',
			},
		]);
		expect(lastToolResult(modelRequests, 2)).toEqual([expect.objectContaining({ PhoneNoA: '13800138000' })]);
		// Nothing was sent for the bad call: one bind, the corrected one.
		expect(ofAction(res.requests, 'SelectNumberAndBindAXN').map((r) => r.params.PhoneNoA)).toEqual(['13800138000']);
		expect(res.requests).toHaveLength(1);
	});

	test('a VMS business error reaches the model with its code and hint', async () => {
		const { res, modelRequests } = await converse(
			'ai-agent',
			[{ toolCalls: [{ name: 'Bind_AXN', arguments: GOOD_BIND }] }, { content: 'That binding already exists.' }],
			{ inject: [{ action: 'SelectNumberAndBindAXN', code: 'ConflictWithExisting', message: 'binding already exists' }] },
		);
		const [item] = lastToolResult(modelRequests, 1);
		expect(item).toMatchObject({
			error: 'ConflictWithExisting: binding already exists',
			code: 'ConflictWithExisting',
			httpCode: '200',
			requestId: expect.any(String),
		});
		expect(item.description).toMatch(/A binding between these numbers already exists\. Look it up \(Subscription → Get Many\) and update or unbind it/);
		expect(res.requests.map((r) => r.action)).toEqual(['SelectNumberAndBindAXN']);
		expect(JSON.stringify(modelRequests)).not.toMatch(SECRETS);
	});

	test('AI Agent 3 (tools run by the engine): a bad phone reaches the model, then the corrected call binds', async () => {
		const { res, modelRequests } = await converse('ai-agent-v3', [
			{ toolCalls: [{ name: 'Bind_AXN', arguments: { ...GOOD_BIND, Phone_No_B: '139 0013' } }] },
			{ toolCalls: [{ name: 'Bind_AXN', arguments: GOOD_BIND }] },
			{ content: 'Bound.' },
		]);
		expect(res.run.status).toBe('success');
		expect(lastToolResult(modelRequests, 1)).toEqual([
			expect.objectContaining({ error: 'Phone No B (phoneNoB): "139 0013" is not a valid phone number', field: 'phoneNoB', value: '139 0013', argument: 'Phone_No_B' }),
		]);
		expect(lastToolResult(modelRequests, 2)).toEqual([expect.objectContaining({ PhoneNoB: '13900139000' })]);
		expect(res.requests.map((r) => [r.action, r.params.PhoneNoB])).toEqual([['SelectNumberAndBindAXN', '13900139000']]);
	});
});
