/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): reads examples/ from disk (node:fs, node:path, __dirname) */
/**
 * The node as an AI Agent tool, in real n8n-core: the model must get every failure back as a tool
 * result it can act on (field, value and argument; VMS code and hint; the "may have happened" warning),
 * nothing may be sent for bad input, and no secret may appear.
 */
import fs from 'node:fs';
import path from 'node:path';

import { runAgent, TOOL_TYPE, type ToolNode } from '../../helpers/agent';
import { AXN_POOL, AXN_X, useEmulator } from '../../helpers/emulator';
import { NODE_TYPE, runNode } from '../../helpers/n8n';

const env = useEmulator();

const BIND: ToolNode = {
	name: 'Bind AXN',
	parameters: {
		resource: 'axn',
		operation: 'bind',
		numberPoolNo: AXN_POOL,
		phoneNoX: AXN_X[0],
		phoneNoA: "={{ $fromAI('Phone_No_A', 'The customer real phone number', 'string') }}",
		phoneNoB: "={{ $fromAI('Phone_No_B', 'The courier real phone number', 'string') }}",
		expireTime: "={{ $fromAI('Expire_Time', 'When the binding ends', 'string') }}",
		audioRecordFlag: true,
	},
};

const inTwoHours = () => new Date(Date.now() + 2 * 3600 * 1000).toISOString();
const GOOD = () => ({ Phone_No_A: '13800138000', Phone_No_B: '13900139000', Expire_Time: inTwoHours() });

const parse = (output: string | undefined) => JSON.parse(output ?? 'null') as Array<Record<string, unknown>>;

describe.each(['supplyData', 'engine'] as const)('as an AI Agent tool (%s path)', (mode) => {
	it('binds, and the model gets the Result', async () => {
		const { emulator, credentials } = env();
		const { results } = await runAgent({ mode, tools: [BIND], calls: [{ node: 'Bind AXN', args: GOOD() }], credentials });
		expect(results).toHaveLength(1);
		expect(results[0].thrown).toBeUndefined();
		const [item] = parse(results[0].output);
		expect(item).toMatchObject({ PhoneNoX: AXN_X[0], PhoneNoA: '13800138000', PhoneNoB: '13900139000' });
		expect(item.SubId).toMatch(/^S\d+/);
		expect(emulator.requests.map((r) => [r.action, r.signature.ok])).toEqual([['BindAXN', true]]);
	});

	it('a bad phone comes back as a result naming the field, the value and the argument; nothing is sent', async () => {
		const { emulator, credentials } = env();
		const { results } = await runAgent({
			mode,
			tools: [BIND],
			calls: [{ node: 'Bind AXN', args: { ...GOOD(), Phone_No_A: '12345' } }],
			credentials,
		});
		expect(results[0].thrown).toBeUndefined();
		expect(parse(results[0].output)).toEqual([
			{
				error: 'Phone No A (phoneNoA): "12345" is not a valid phone number',
				description: expect.stringMatching(/^Accepted: an 11-digit mainland mobile number/),
				field: 'phoneNoA',
				value: '12345',
				argument: 'Phone_No_A',
			},
		]);
		expect(emulator.requests).toHaveLength(0);
	});

	it('a time in the past names Expire Time and says what is accepted', async () => {
		const { emulator, credentials } = env();
		const { results } = await runAgent({
			mode,
			tools: [BIND],
			calls: [{ node: 'Bind AXN', args: { ...GOOD(), Expire_Time: '2020-01-01T08:00:00+08:00' } }],
			credentials,
		});
		const [item] = parse(results[0].output);
		expect(item).toMatchObject({ field: 'expireTime', value: '2020-01-01T08:00:00+08:00', argument: 'Expire_Time' });
		expect(item.error).toMatch(/Expire Time \(expireTime\): 2020-01-01T00:00:00Z is not more than 60 seconds in the future/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('the corrected second call succeeds after the bad one', async () => {
		const { emulator, credentials } = env();
		const { results } = await runAgent({
			mode,
			tools: [BIND],
			calls: [
				{ node: 'Bind AXN', args: { ...GOOD(), Phone_No_B: '139-0013' } },
				{ node: 'Bind AXN', args: { ...GOOD(), Phone_No_B: '+86 139 0013 9000' } },
			],
			credentials,
		});
		expect(parse(results[0].output)[0]).toMatchObject({ field: 'phoneNoB', value: '139-0013', argument: 'Phone_No_B' });
		expect(parse(results[1].output)[0]).toMatchObject({ PhoneNoB: '13900139000' });
		expect(emulator.requests.map((r) => r.params.PhoneNoB)).toEqual(['13900139000']);
	});

	it('a VMS business error comes back with its code, request ID and hint, and no secret', async () => {
		const { emulator, credentials } = env();
		emulator.injectError({ action: 'BindAXN', code: 'ConflictWithExisting', message: 'binding exists' });
		const { results } = await runAgent({ mode, tools: [BIND], calls: [{ node: 'Bind AXN', args: GOOD() }], credentials });
		const [item] = parse(results[0].output);
		expect(item).toMatchObject({
			error: 'ConflictWithExisting: binding exists',
			code: 'ConflictWithExisting',
			httpCode: '200',
		});
		expect(item.requestId).toEqual(expect.any(String));
		expect(item.description).toMatch(/already exists\. Look it up \(Subscription → Get Many\) and update or unbind it/);
		expect(item.field).toBeUndefined();
		expect(results[0].output).not.toMatch(/emulator-secret-key|AKLTEMULATOR|Signature=|HMAC-SHA256|Authorization/i);
		expect(emulator.requests).toHaveLength(1);
	});

	it('a request whose answer was lost comes back with the warning that the bind may have happened', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'reset', action: 'BindAXN' });
		const { results } = await runAgent({ mode, tools: [BIND], calls: [{ node: 'Bind AXN', args: GOOD() }], credentials });
		const [item] = parse(results[0].output);
		expect(item.error).toMatch(/^The connection was lost after the BindAXN request was sent .*: the outcome is unknown; the binding may exist$/);
		expect(item.description).toContain('Look it up with Subscription → Get Many in the same pool, by Phone No A and Phone No X, or your Out ID, before binding again.');
		expect(results[0].output).not.toMatch(/emulator-secret-key|Signature=|HMAC-SHA256|Authorization/i);
		expect(emulator.requests).toHaveLength(1);
	});

	it('a request that could not be sent says that nothing was sent', async () => {
		const { credentials } = env();
		const { results } = await runAgent({
			mode,
			tools: [BIND],
			calls: [{ node: 'Bind AXN', args: GOOD() }],
			credentials: { ...credentials, endpoint: 'http://127.0.0.1:9' },
		});
		const [item] = parse(results[0].output);
		expect(item.error).toMatch(/^Could not send the BindAXN request/);
		expect(item.description).toMatch(/^Nothing was sent, so nothing was changed/);
	});

	it('takes what models produce: unix seconds as a number, +86 and spaces in phones', async () => {
		const { emulator, credentials } = env();
		const expire = Math.floor(Date.now() / 1000) + 7200;
		const tool: ToolNode = {
			...BIND,
			parameters: { ...BIND.parameters, expireTime: "={{ $fromAI('Expire_Time', 'Unix seconds', 'number') }}" },
		};
		const { results } = await runAgent({
			mode,
			tools: [tool],
			calls: [{ node: 'Bind AXN', args: { Phone_No_A: '+86 138 0013 8000', Phone_No_B: '+86-139-0013-9000', Expire_Time: expire } }],
			credentials,
		});
		expect(parse(results[0].output)[0]).toMatchObject({ PhoneNoA: '13800138000' });
		expect(emulator.requests[0].params).toMatchObject({ PhoneNoA: '13800138000', PhoneNoB: '13900139000', ExpireTime: String(expire) });
	});
});

describe('{{ $json.x }} in tool mode is what n8n makes of it', () => {
	// Phone No A comes from the agent's input; the model fills User Data with an argument of the same name.
	const tool = (phoneNoA: string): ToolNode => ({
		name: 'Bind AXN',
		parameters: {
			...BIND.parameters,
			phoneNoA,
			phoneNoB: '13900139000',
			expireTime: '={{ Math.floor(Date.now() / 1000) + 7200 }}',
			additionalFields: { userData: "={{ $fromAI('customer', 'A note', 'string') }}" },
		},
	});

	it.each(['supplyData', 'engine'] as const)('%s path: the same number as through the expression engine', async (mode) => {
		const { emulator, credentials } = env();
		const sent: unknown[] = [];
		// `($json.customer)` is not a plain field read: n8n evaluates it.
		for (const expression of ['={{ $json.customer }}', '={{ ($json.customer) }}']) {
			emulator.reset();
			const calls = [{ node: 'Bind AXN', args: { customer: '13900139999' } }];
			await runAgent({ mode, tools: [tool(expression)], calls, credentials, input: { customer: '13800138000' } });
			sent.push(emulator.requests.map((r) => r.params.PhoneNoA));
		}
		// AI Agent 2.x resolves $json against the agent's input item; 3.x against input and arguments merged.
		const expected = mode === 'supplyData' ? '13800138000' : '13900139999';
		expect(sent).toEqual([[expected], [expected]]);
	});
});

describe('tool description and schema', () => {
	it('the tool is named after the node and described by the operation (AI Agent 2.x)', async () => {
		const { credentials } = env();
		const { tools } = await runAgent({ mode: 'supplyData', tools: [BIND], calls: [], credentials });
		expect(tools).toEqual([{ name: 'Bind_AXN', description: expect.stringMatching(/ in Volcengine VMS$/) }]);
		expect(tools[0].description).toMatch(/privacy number/i);
	});
});

describe('examples/ai-agent.workflow.json', () => {
	const example = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../examples/ai-agent.workflow.json'), 'utf8')) as {
		nodes: Array<{ name: string; type: string; parameters: ToolNode['parameters'] }>;
	};
	const tools: ToolNode[] = example.nodes.filter((n) => n.type === TOOL_TYPE).map((n) => ({ name: n.name, parameters: n.parameters }));

	it('its tools bind for an order, find the binding by the order and unbind it', async () => {
		const { emulator, credentials } = env();
		expect(tools.map((t) => t.name)).toEqual(['Bind', 'Find Bindings', 'Get Binding', 'Unbind']);
		const bind = { Customer_Phone: '+86 138 0013 8000', Courier_Phone: '13900139000', Expire_Time: inTwoHours(), Order_ID: '42' };
		const first = await runAgent({
			mode: 'supplyData',
			tools,
			calls: [
				{ node: 'Bind', args: bind },
				{ node: 'Find Bindings', args: { Order_ID: '42' } },
			],
			credentials,
		});
		const [bound] = parse(first.results[0].output);
		expect(parse(first.results[1].output)).toEqual([expect.objectContaining({ SubId: bound.SubId, OutId: '42', Status: 1 })]);
		const second = await runAgent({ mode: 'supplyData', tools, calls: [{ node: 'Unbind', args: { Sub_ID: String(bound.SubId) } }], credentials });
		expect(parse(second.results[0].output)).toEqual([expect.objectContaining({ success: true, subId: bound.SubId })]);
		expect(emulator.requests.map((r) => r.action)).toEqual(['SelectNumberAndBindAXN', 'QuerySubscriptionForList', 'UnbindAXN']);
	});
});

describe('outside tool mode nothing changes', () => {
	it('the plain node type still throws for bad input, with nothing sent', async () => {
		const { emulator, credentials } = env();
		expect(TOOL_TYPE).toBe(`${NODE_TYPE}Tool`);
		const { error, items } = await runNode({
			parameters: { ...BIND.parameters, phoneNoA: '12345', phoneNoB: '13900139000', expireTime: inTwoHours() },
			credentials,
		});
		expect(items).toBeUndefined();
		expect(error!.message).toBe('Phone No A (phoneNoA): "12345" is not a valid phone number');
		expect(emulator.requests).toHaveLength(0);
	});

	it('Continue On Fail items keep their shape (no field, value or argument)', async () => {
		const { credentials } = env();
		const { items } = await runNode({
			parameters: { ...BIND.parameters, phoneNoA: '12345', phoneNoB: '13900139000', expireTime: inTwoHours() },
			settings: { onError: 'continueRegularOutput' },
			credentials,
		});
		expect(items!.map((i) => Object.keys(i.json).sort())).toEqual([['description', 'error']]);
	});
});
