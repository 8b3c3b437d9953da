/**
 * n8n's Retry On Fail (`node.retryOnFail`) runs the whole node again after a failure, sending every item
 * again. Tried as a careless user would, in real n8n-core (WorkflowExecute does the retries): 30 bind
 * orders, the first bind to arrive meets a 500 after VMS made the binding.
 * - Retry On Fail on: the node refuses every operation that creates something before sending anything.
 * - Retry On Fail off: the node stops, and the Sub IDs of the binds that succeeded are in the error.
 * - Read-only operations keep working with Retry On Fail, and are retried.
 */
import { NodeHelpers, Workflow, type INode, type INodeType } from 'n8n-workflow';

import { runAgent } from '../../helpers/agent';
import { loadPackage, NODE_TYPE, NodeTypes, runNode } from '../../helpers/n8n';
import { bindsSent, bulkBindParameters, bulkOrders, useEmulator, AXN_POOL, AXN_X, DUAL_POOL, type Emulator } from '../../helpers/emulator';
import { RESOURCES } from '../../../nodes/VolcengineVms/actions/resources';

/** Called by the emulator for every API request it answers (so a fault injected there meets the next request). */
let onRequest: ((entry: { action: string }) => void) | undefined;
const env = useEmulator({ onRequest: (entry: { action: string }) => onRequest?.(entry) });
afterEach(() => (onRequest = undefined));

/** Error context as the node sets it. */
interface Context {
	itemIndex?: number;
	notSent?: boolean;
	succeeded?: Array<{ item: number; output: Array<Record<string, unknown>> }>;
}
const contextOf = (error: unknown) => (error as { context: Context }).context;

/** 30 bind orders; the first BindAXN to arrive is carried out by VMS and answered with a 500. */
function ordersWithOne500(emulator: Emulator, options: Record<string, unknown> = {}) {
	// Slow answers, so all thirty are in flight when the 500 comes back.
	emulator.faults.inject({ fault: 'set', latencyMs: 300 });
	emulator.faults.inject({ fault: 'http', status: 500, action: 'BindAXN', body: 'Internal Server Error' });
	const { pool, items } = bulkOrders(emulator, 30);
	return { parameters: bulkBindParameters(pool, options), items };
}

/** The binding the emulator holds for an order (User Data), if any. */
const subIdOf = (emulator: Emulator, order: string) =>
	[...emulator.state.subs.values()].find((s) => (s as unknown as { UserData: string }).UserData === order)?.SubId;

const REFUSED = 'Retry On Fail must be off for BindAXN: nothing was sent';

describe('Retry On Fail on a node that creates something', () => {
	it('30 bind orders with Retry On Fail (n8n defaults: 3 tries): no bind is sent, and the error says why and what to do', async () => {
		const { emulator, credentials } = env();
		const { parameters, items } = ordersWithOne500(emulator);
		const { error, items: out, run } = await runNode({ parameters, items, credentials, settings: { retryOnFail: true } });
		expect(out).toBeUndefined();
		expect(emulator.requests).toHaveLength(0);
		expect(bindsSent(emulator)).toHaveLength(0);
		expect(error!.message).toBe(REFUSED);
		const description = String(error!.description);
		expect(description).toContain('send every item again');
		expect(description).toContain('the binding of each would be made a second time');
		expect(description).toContain('Turn Retry On Fail off');
		expect(description).toContain('Throttling is already retried inside the node');
		expect(description).toContain('"Continue (using error output)"');
		expect(contextOf(error).notSent).toBe(true);
		expect(run.data.resultData.runData['Volcengine VMS'][0].executionStatus).toBe('error');
	});

	it('with Continue On Fail too, every item is an error item that says why, and nothing is sent', async () => {
		const { emulator, credentials } = env();
		const { parameters, items } = ordersWithOne500(emulator);
		const { items: out } = await runNode({
			parameters,
			items,
			credentials,
			// n8n runs a node again when its first output item has an `error`: the refusal must hold on every try.
			settings: { retryOnFail: true, maxTries: 5, waitBetweenTries: 10, onError: 'continueRegularOutput' },
		});
		expect(emulator.requests).toHaveLength(0);
		expect(out).toHaveLength(30);
		expect(out!.map((o) => o.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(out!.every((o) => o.json.error === REFUSED && String(o.json.description).includes('Turn Retry On Fail off'))).toBe(true);
	});

	it('a call (Click2Call) is refused the same way', async () => {
		const { emulator, credentials } = env();
		const { error } = await runNode({
			parameters: {
				resource: 'call',
				operation: 'click2Call',
				caller: '13800138000',
				callee: '13900139000',
				callerNumberPoolNo: DUAL_POOL,
				calleeNumberPoolNo: DUAL_POOL,
			},
			credentials,
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 },
		});
		expect(error!.message).toBe('Retry On Fail must be off for Click2Call: nothing was sent');
		expect(String(error!.description)).toContain('the call of each would be made a second time');
		expect(emulator.requests).toHaveLength(0);
	});
});

describe.each(['supplyData', 'engine'] as const)('as an AI Agent tool (%s path) with Retry On Fail', (mode) => {
	it('a bind tool answers the model with the refusal, and nothing is sent', async () => {
		const { emulator, credentials } = env();
		const { results } = await runAgent({
			mode,
			tools: [
				{
					name: 'Bind AXN',
					parameters: {
						resource: 'axn',
						operation: 'bind',
						numberPoolNo: AXN_POOL,
						phoneNoX: AXN_X[0],
						phoneNoA: "={{ $fromAI('Phone_No_A', 'The customer phone', 'string') }}",
						phoneNoB: '13900139000',
						expireTime: '={{ Math.floor(Date.now() / 1000) + 7200 }}',
					},
					settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 },
				},
			],
			calls: [{ node: 'Bind AXN', args: { Phone_No_A: '13800138000' } }],
			credentials,
		});
		expect(results[0].thrown).toBeUndefined();
		const [item] = JSON.parse(results[0].output ?? 'null') as Array<Record<string, unknown>>;
		expect(item.error).toBe(REFUSED);
		expect(String(item.description)).toContain('Turn Retry On Fail off');
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Retry On Fail off: what succeeded is never lost', () => {
	it('30 bind orders, one 500: each order is bound once, and every Sub ID that was made is in the error', async () => {
		const { emulator, credentials } = env();
		const { parameters, items } = ordersWithOne500(emulator);
		const { error, items: out } = await runNode({ parameters, items, credentials });
		expect(out).toBeUndefined();
		const failed = contextOf(error).itemIndex!;
		expect(error!.message).toMatch(/^VMS answered BindAXN with HTTP 500/);
		// Each order was sent once (the one that met the 500 too: VMS made its binding).
		const sent = bindsSent(emulator).map((r) => r.params.UserData);
		expect(new Set(sent).size).toBe(sent.length);
		expect(sent).toContain(items[failed].order);

		const description = String(error!.description);
		const succeeded = contextOf(error).succeeded!;
		const others = items.map((item, i) => ({ ...item, i })).filter(({ i }) => i !== failed && sent.includes(items[i].order));
		expect(others.length).toBeGreaterThan(0);
		expect(succeeded.map((s) => s.item)).toEqual(others.map(({ i }) => i));
		for (const { i, order, a } of others) {
			const subId = subIdOf(emulator, order)!;
			expect(subId).toMatch(/^S\d+$/);
			expect(description).toContain(`Item ${i} succeeded: SubId ${subId}.`);
			const [record] = succeeded.find((s) => s.item === i)!.output;
			expect(record).toMatchObject({ SubId: subId, PhoneNoA: a });
		}
		// The failed item's outcome is unknown: its binding is not reported as a success.
		expect(description).not.toContain(`Item ${failed} succeeded`);
		expect(description).toContain(`Item ${failed} failed.`);
	});

	it('with Continue On Fail, the Sub IDs are in the output, the 500 is an error item in its place', async () => {
		const { emulator, credentials } = env();
		const { parameters, items } = ordersWithOne500(emulator);
		const { items: out } = await runNode({ parameters, items, credentials, settings: { onError: 'continueRegularOutput' } });
		expect(bindsSent(emulator)).toHaveLength(30);
		expect(out!.map((o) => o.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		const failed = out!.filter((o) => o.json.error !== undefined);
		expect(failed).toHaveLength(1);
		expect(String(failed[0].json.error)).toMatch(/^VMS answered BindAXN with HTTP 500/);
		for (const [i, o] of out!.entries()) {
			if (o === failed[0]) continue;
			expect(o.json.SubId).toBe(subIdOf(emulator, items[i].order));
		}
	});

	it('an item whose records have no identifiers is shown as JSON, and only its first three records are named', async () => {
		const { emulator, credentials } = env();
		// Once the first item's list is answered, the next request (the second item's) meets a 500.
		let seen = 0;
		onRequest = (entry) => {
			if (entry.action === 'NumberList' && ++seen === 1) emulator.faults.inject({ fault: 'http', status: 500, action: 'NumberList' });
		};
		const { error } = await runNode({
			parameters: { resource: 'numberPool', operation: 'getNumbers', numberPoolNo: AXN_POOL, returnAll: true, options: { concurrency: 1 } },
			items: [{}, {}],
			credentials,
		});
		expect(contextOf(error).itemIndex).toBe(1);
		const [{ item, output }] = contextOf(error).succeeded!;
		expect(item).toBe(0);
		expect(output.length).toBeGreaterThan(3);
		expect(output.every((record) => typeof record.Number === 'string')).toBe(true);
		const first = JSON.stringify(output[0]);
		const shown = first.length > 100 ? `${first.slice(0, 99)}…` : first;
		expect(String(error!.description)).toContain(`Item 0 succeeded: ${shown}; `);
		expect(String(error!.description)).toMatch(new RegExp(`; and ${output.length - 3} more\\.$`));
	});

	it.each([
		[2, 'Item K failed with an unknown outcome: check it before sending again.'],
		[3, 'Items K failed with an unknown outcome: check them before sending again.'],
	])('%i uncertain outcomes: the stop summary says "check it" for one and "check them" for more', async (times, wording) => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'set', latencyMs: 200 });
		emulator.faults.inject({ fault: 'http', status: 500, action: 'BindAXN', times });
		const { pool, items } = bulkOrders(emulator, 4);
		const { error } = await runNode({ parameters: bulkBindParameters(pool), items, credentials });
		const failed = contextOf(error).itemIndex!;
		const uncertain = items
			.map((_, i) => i)
			.filter((i) => i !== failed && !String(error!.description).includes(`Item ${i} succeeded`));
		expect(uncertain).toHaveLength(times - 1);
		// Two indexes in a row read as a range (`1-2`), others as a list (`1, 3`).
		const list = uncertain.length === 2 && uncertain[1] === uncertain[0] + 1 ? uncertain.join('-') : uncertain.join(', ');
		expect(String(error!.description)).toContain(wording.replace('K', list));
	});
});

describe('read-only operations keep working with Retry On Fail', () => {
	it('Subscription → Get meets a 500, n8n runs it again, and the second try answers', async () => {
		const { emulator, credentials } = env();
		const { SubId } = emulator.state.addSubscription({ SubId: 'S900001', numberPoolNo: AXN_POOL, mode: 'AXN', PhoneNoA: '13800138000', PhoneNoX: '13700000002' });
		emulator.faults.inject({ fault: 'http', status: 500, action: 'QuerySubscription' });
		const { error, items: out } = await runNode({
			parameters: { resource: 'subscription', operation: 'get', numberPoolNo: AXN_POOL, subId: SubId },
			credentials,
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 },
		});
		expect(error).toBeUndefined();
		// The first try met the 500 (the emulator logs the one-shot fault a request met).
		expect(emulator.requests.map((r) => [r.action, r.fault])).toEqual([
			['QuerySubscription', 'http'],
			['QuerySubscription', undefined],
		]);
		expect(out).toHaveLength(1);
		expect(out![0].json.SubId).toBe(SubId);
	});

	it('Unbind (idempotent, creates nothing) is not refused', async () => {
		const { emulator, credentials } = env();
		const { SubId } = emulator.state.addSubscription({ SubId: 'S900001', numberPoolNo: AXN_POOL, mode: 'AXN', PhoneNoA: '13800138000', PhoneNoX: '13700000002' });
		const { error, items: out } = await runNode({
			parameters: { resource: 'axn', operation: 'unbind', numberPoolNo: AXN_POOL, subId: SubId },
			credentials,
			settings: { retryOnFail: true },
		});
		expect(error).toBeUndefined();
		expect(out![0].json).toMatchObject({ success: true, subId: SubId });
		expect(emulator.requests.map((r) => r.action)).toEqual(['UnbindAXN']);
	});
});

describe('the editor hint', () => {
	/** Evaluates a hint's condition the way the editor does (`getSimpleParameterValue` on the node). */
	async function shownFor(resource: string, operation: string, settings: Partial<INode> = {}, version = 2): Promise<boolean> {
		const { nodeTypes } = await loadPackage();
		const type = NodeHelpers.getVersionedNodeType(nodeTypes[NODE_TYPE], version) as INodeType;
		const node: INode = {
			id: 'vms',
			name: 'VMS',
			type: NODE_TYPE,
			typeVersion: version,
			position: [0, 0],
			parameters: { resource, operation },
			...settings,
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new NodeTypes(nodeTypes) });
		const [hint] = type.description.hints!;
		return workflow.expression.getSimpleParameterValue(node, hint.displayCondition!, 'internal', {}) as boolean;
	}

	it('is shown for every operation that creates something, and only for those', async () => {
		for (const version of [1, 2]) {
			// Operations of that version (issue 15 added some in version 2 only).
			const here = (o: (typeof RESOURCES)[number]['operations'][number]) => (o.versions?.from ?? 1) <= version;
			const creating = RESOURCES.flatMap((r) => r.operations.filter((o) => here(o) && o.creates).map((o) => `${r.value}:${o.value}`));
			const shown: string[] = [];
			for (const resource of RESOURCES) {
				for (const operation of resource.operations.filter(here)) {
					if (await shownFor(resource.value, operation.value, {}, version)) shown.push(`${resource.value}:${operation.value}`);
				}
			}
			expect(shown).toEqual(creating);
			expect(shown).toEqual(expect.arrayContaining(['axn:bind', 'axb:bind', 'axg:createGroup', 'call:click2Call', 'call:click2CallLite']));
			expect(shown).not.toContain('axn:unbind');
		}
	});

	it('says the rule: Retry On Fail off, why, and what to use instead', async () => {
		const { nodeTypes } = await loadPackage();
		for (const version of [1, 2]) expect(NodeHelpers.getVersionedNodeType(nodeTypes[NODE_TYPE], version).description.hints).toHaveLength(1);
		const [hint] = NodeHelpers.getVersionedNodeType(nodeTypes[NODE_TYPE], 2).description.hints!;
		expect(hint.message).toContain('<b>Retry On Fail</b>');
		expect(hint.message).toContain('sends every item again, creating duplicates');
		expect(hint.message).toContain('Throttling is already retried inside the node');
		expect(hint.message).toContain('<b>On Error</b>');
	});

	// What we found: a hint's condition sees the node's parameters, not its settings. If n8n ever exposes
	// Retry On Fail to it, this fails, and the hint can be narrowed to nodes that have it on.
	it('cannot see the Retry On Fail setting (an n8n limit)', async () => {
		const { nodeTypes } = await loadPackage();
		const node: INode = {
			id: 'vms',
			name: 'VMS',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'axn', operation: 'bind' },
			retryOnFail: true,
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new NodeTypes(nodeTypes) });
		for (const expression of ['={{ $parameter.retryOnFail }}', '={{ $node["VMS"].retryOnFail }}', '={{ $("VMS").retryOnFail }}', '={{ $self.retryOnFail }}']) {
			expect(workflow.expression.getSimpleParameterValue(node, expression, 'internal', {})).toBeUndefined();
		}
	});
});
