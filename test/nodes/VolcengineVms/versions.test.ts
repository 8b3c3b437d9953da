/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): reads the version-1 snapshot fixture */
/**
 * Node versions: version 1 is frozen (its generated parameters, texts aside, equal the snapshot taken from
 * main c6b3339 before version 2 existed: fixtures/version-1-properties.json; saved workflows run unchanged); version 2 (the default) picks number pools with a
 * Resource Locator, read through the same path as version 1's plain strings, in real n8n-core.
 */
import fs from 'node:fs';
import path from 'node:path';

import { NodeHelpers, type IDataObject, type IExecuteFunctions, type INodeProperties, type INodeTypeDescription, type IVersionedNodeType } from 'n8n-workflow';

import { parameterReader } from '../../../nodes/VolcengineVms/actions/parameters';
import { runAgent } from '../../helpers/agent';
import { AXN_POOL, AXN_X, DUAL_POOL, useEmulator, VALID_BIND } from '../../helpers/emulator';
import { loadOptions, loadPackage, locator, NODE_TYPE, runNode } from '../../helpers/n8n';

const env = useEmulator();
const AXYB_POOL = 'NP160084061100694436';
const AXYB_Y_POOL = 'NP160084061100694437';
const SNAPSHOT = path.join(__dirname, 'fixtures', 'version-1-properties.json');

async function nodeType(): Promise<IVersionedNodeType> {
	return (await loadPackage()).nodeTypes[NODE_TYPE] as IVersionedNodeType;
}

async function describe_(version: number): Promise<INodeTypeDescription> {
	return NodeHelpers.getVersionedNodeType(await nodeType(), version).description;
}

/** Every parameter (also those in collections), with the path it has in the node's parameters. */
function walk(properties: INodeProperties[], prefix = '', parent?: INodeProperties): Array<{ path: string; property: INodeProperties; parent?: INodeProperties }> {
	return properties.flatMap((property) => [
		{ path: `${prefix}${property.name}`, property, parent },
		...(property.type === 'collection' ? walk((property.options ?? []) as INodeProperties[], `${prefix}${property.name}.`, property) : []),
	]);
}

/** Texts shown in the editor, which may be corrected in any version (English only, wording). */
const TEXT = new Set(['displayName', 'description', 'hint', 'placeholder', 'action']);

const isChoice = (value: unknown): value is { value: unknown } =>
	typeof value === 'object' && value !== null && 'value' in value && !('type' in value);

/**
 * What a saved workflow depends on: parameter names, types, defaults, choice values, display conditions,
 * type options, parameters in order. Everything but the texts (and a choice's label, its `name`), and the order of
 * a list's choices (sorted for the editor; a workflow saves the value, not its place).
 */
function savedShape(value: unknown): unknown {
	if (Array.isArray(value)) {
		const shaped = value.map(savedShape);
		return value.every(isChoice) ? shaped.sort((a, b) => String((a as { value: unknown }).value).localeCompare(String((b as { value: unknown }).value))) : shaped;
	}
	if (typeof value !== 'object' || value === null) return value;
	const choice = isChoice(value);
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => !TEXT.has(key) && !(choice && key === 'name'))
			.map(([key, v]) => [key, savedShape(v)]),
	);
}

/**
 * Frozen parameters that were deliberately relaxed in every version (nothing a saved workflow holds changes
 * meaning), with the keys that may differ.
 */
const RELAXED: Array<{ name: string; shownFor(p: INodeProperties): boolean; keys: string[]; why: string }> = [
	{
		name: 'groupId',
		shownFor: (p) => JSON.stringify(p.displayOptions?.show?.operation) === '["updateGroup"]',
		keys: ['required'],
		why: 'AXG Update Group: Group ID or the Sub ID of one of its bindings (issue 16, as the Go and Java SDKs allow); a saved Group ID is sent as before',
	},
];

/**
 * `current` reduced to what the frozen `old` has: its keys, its choices (by value) and its collection entries (by
 * name), so that added choices and entries are allowed; `relaxed` keys are taken from `old`.
 */
function keptOf(current: INodeProperties, old: INodeProperties, relaxed: string[] = []): unknown {
	const kept: Record<string, unknown> = {};
	for (const [k, oldValue] of Object.entries(old)) {
		const value = (current as unknown as Record<string, unknown>)[k];
		if (relaxed.includes(k)) kept[k] = oldValue;
		else if (k === 'options' && Array.isArray(oldValue) && Array.isArray(value)) {
			kept[k] = (oldValue as Array<Record<string, unknown>>).map((o) => {
				const match = (value as Array<Record<string, unknown>>).find((c) => ('type' in o ? c.name === o.name : c.value === o.value));
				return match && 'type' in o ? keptOf(match as unknown as INodeProperties, o as unknown as INodeProperties) : match;
			});
		} else kept[k] = value;
	}
	if (!('required' in old) && current.required === true && !relaxed.includes('required')) kept.required = true;
	return kept;
}

const isPoolPicker = (property: INodeProperties) => /NumberPoolNo|numberPoolNo/.test(property.name) && property.displayName.includes('Number Pool No');

describe('node versions', () => {
	it('version 2 is the default; both versions are usable as AI tools and run the same credential', async () => {
		const type = await nodeType();
		expect(type.description.defaultVersion).toBe(2);
		expect(Object.keys(type.nodeVersions).map(Number)).toEqual([1, 2]);
		expect(NodeHelpers.getVersionedNodeType(type).description.version).toBe(2);
		for (const version of [1, 2]) {
			const description = await describe_(version);
			expect(description).toMatchObject({ name: 'volcengineVms', version, usableAsTool: true, credentials: [{ name: 'volcengineVmsApi', required: true }] });
		}
	});

	it('version 1 is frozen: every parameter its saved workflows depend on is as in the snapshot taken before version 2', async () => {
		const frozen = savedShape(JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8'))) as INodeProperties[];
		const now = savedShape(JSON.parse(JSON.stringify((await describe_(1)).properties))) as INodeProperties[];
		// New operations and new optional fields may be added to any version (docs/development.md, "Node versions"):
		// every frozen parameter must still be there, the same, with its choices and collection entries, which may
		// only gain new ones. A parameter is found by its name and where it is shown.
		const key = (p: INodeProperties) => `${p.name} ${JSON.stringify(p.displayOptions ?? {})}`;
		const byKey = new Map(now.map((p) => [key(p), p]));
		for (const old of frozen) {
			const current = byKey.get(key(old));
			expect({ parameter: key(old), found: current !== undefined }).toEqual({ parameter: key(old), found: true });
			const relaxed = RELAXED.find((r) => key(old).startsWith(`${r.name} `) && r.shownFor(old));
			expect(keptOf(current!, old, relaxed?.keys)).toEqual(old);
		}
		// Nothing frozen moved: the frozen parameters are in the same order among the current ones.
		const order = now.map(key).filter((k) => frozen.some((p) => key(p) === k));
		expect(order).toEqual(frozen.map(key));
	});

	it('version 2 differs from version 1 only in the number pool pickers and the explained changes', async () => {
		const v1 = walk((await describe_(1)).properties);
		const v2 = walk((await describe_(2)).properties);
		const pickers = v2.filter(({ property }) => isPoolPicker(property));
		// Number Pool No of ~20 operations, Caller/Callee Number Pool No, Y Number Pool No, and the Get Many filter.
		expect(pickers.length).toBeGreaterThanOrEqual(24);
		expect(new Set(pickers.map((p) => p.path))).toEqual(
			new Set([
				'numberPoolNo',
				'callerNumberPoolNo',
				'calleeNumberPoolNo',
				'numberPoolNoY',
				'additionalFields.axbNumberPoolNo',
				'filters.numberPoolNo',
			]),
		);
		for (const { property } of pickers) {
			expect(property.type).toBe('resourceLocator');
			expect(property.default).toEqual({ mode: 'list', value: '' });
			expect(property.modes!.map((m) => [m.name, m.type, m.displayName])).toEqual([
				['list', 'list', 'From List'],
				['id', 'string', 'By ID'],
			]);
			expect(property.modes![0].typeOptions).toEqual({ searchListMethod: 'searchNumberPools', searchable: true });
			expect(property.description).not.toMatch(/expression/);
		}
		expect(v1.filter(({ property }) => property.type === 'resourceLocator')).toEqual([]);
		// AXYB Bind (issue 16): version 2 requires Y Number Pool No and YB Enable Duration, and has no Out ID.
		const axybBind = (p: INodeProperties) => JSON.stringify(p.displayOptions?.show ?? {}) === JSON.stringify({ resource: ['axyb'], operation: ['bind'] });
		const v2Axyb = v2.filter(({ property }) => axybBind(property)).map(({ path: at, property }) => [at, property.required ?? false]);
		expect(v2Axyb).toEqual(expect.arrayContaining([['numberPoolNoY', true], ['ybEnableDuration', true]]));
		const axybExtras = (list: typeof v1) =>
			list.find(({ property }) => axybBind(property) && property.name === 'additionalFields')!.property.options!.map((o) => o.name);
		expect(axybExtras(v1)).toEqual(expect.arrayContaining(['numberPoolNoY', 'ybEnableDuration', 'outId']));
		expect(axybExtras(v2)).not.toEqual(expect.arrayContaining(['numberPoolNoY']));
		expect(axybExtras(v2)).not.toContain('ybEnableDuration');
		expect(axybExtras(v2)).not.toContain('outId');
		// Resources added in version 2 (issue 15: voice notification, resources, risk control) and their parameters.
		const resourcesOf = (list: typeof v1) =>
			new Set(list.find(({ property }) => property.name === 'resource')!.property.options!.map((o) => (o as { value: string }).value));
		const v1Resources = resourcesOf(v1);
		const addedResources = [...resourcesOf(v2)].filter((r) => !v1Resources.has(r));
		const ofAddedResource = (p: INodeProperties) => {
			const shown = p.displayOptions?.show?.resource;
			return Array.isArray(shown) && shown.every((r) => addedResources.includes(r as string));
		};
		// Everything else is the same, in the same order (collections compared without their pool option and AXYB Bind's moved fields).
		const moved = (o: INodeProperties) => ['ybEnableDuration', 'outId'].includes(o.name);
		const rest = (list: typeof v1) =>
			list
				.filter(({ property, parent }) => !isPoolPicker(property) && !(axybBind(parent ?? property) && moved(property)) && !ofAddedResource(parent ?? property))
				.map(({ path: at, property }) =>
					property.type === 'collection'
						? { at, ...property, options: property.options?.filter((o) => !isPoolPicker(o as INodeProperties) && !(axybBind(property) && moved(o as INodeProperties))) }
						: property.name === 'resource'
							? { at, ...property, options: property.options?.filter((o) => !addedResources.includes((o as { value: string }).value)) }
							: { at, ...property },
				);
		expect(rest(v2)).toEqual(rest(v1));
	});
});

describe('Number Pool No in real n8n-core', () => {
	const bind = (numberPoolNo: IDataObject[string], typeVersion: number, items?: IDataObject[]) =>
		runNode({ parameters: { ...VALID_BIND, numberPoolNo }, typeVersion, items, credentials: env().credentials });

	it.each([
		['version 1, the plain string it saved', 1, AXN_POOL],
		['version 2, From List', 2, locator(AXN_POOL, 'list')],
		['version 2, By ID', 2, locator(AXN_POOL, 'id')],
		['version 2, By ID with an expression', 2, locator(`={{ "${AXN_POOL}" }}`, 'id')],
		['version 2, a plain string (a value mapped in before the locator existed)', 2, AXN_POOL],
	])('%s: binds in that pool', async (_, typeVersion, numberPoolNo) => {
		const { error, items } = await bind(numberPoolNo, typeVersion as number);
		expect(error).toBeUndefined();
		expect(items![0].json).toMatchObject({ PhoneNoX: AXN_X[0], SubId: expect.stringMatching(/^S/) });
		const [request] = env().emulator.requests;
		expect(request).toMatchObject({ action: 'BindAXN', params: { NumberPoolNo: AXN_POOL }, signature: { ok: true } });
	});

	it('version 2: a locator value of `{{ $json.pool }}` takes each item\'s pool (the fast $json path), in both modes', async () => {
		const { emulator, credentials } = env();
		for (const mode of ['id', 'list'] as const) {
			emulator.reset();
			const { error, items } = await runNode({
				typeVersion: 2,
				credentials,
				parameters: { resource: 'subscription', operation: 'getMany', numberPoolNo: locator('={{ $json.pool }}', mode), returnAll: true },
				items: [{ pool: AXN_POOL }, { pool: DUAL_POOL }],
			});
			expect(error).toBeUndefined();
			expect(items).toEqual([]);
			expect(emulator.requests.map((r) => r.params.NumberPoolNo)).toEqual([AXN_POOL, DUAL_POOL]);
		}
	});

	it('version 2: an empty or malformed pool ID is refused before anything is sent, naming the field', async () => {
		const { emulator, credentials } = env();
		// Nothing picked: n8n itself refuses to run the workflow (a required parameter is empty).
		await expect(runNode({ typeVersion: 2, credentials, parameters: { ...VALID_BIND, numberPoolNo: locator('', 'list') } })).rejects.toThrow(
			/Parameter "Number Pool No" is required/,
		);
		const empty = await runNode({ typeVersion: 2, credentials, parameters: { ...VALID_BIND, numberPoolNo: locator('={{ $json.pool }}', 'id') } });
		expect(empty.error!.message).toBe('Number Pool No (numberPoolNo) is required');
		// A typed ID that is not one: n8n checks it with the By ID mode's pattern before running.
		await expect(runNode({ typeVersion: 2, credentials, parameters: { ...VALID_BIND, numberPoolNo: locator('NP 1600', 'id') } })).rejects.toThrow(
			/Not a valid ID: expected a pool number such as NP160084061100694433/,
		);
		// One from an expression: the node checks it.
		const spaced = await runNode({
			typeVersion: 2,
			credentials,
			parameters: { ...VALID_BIND, numberPoolNo: locator('={{ $json.pool }}', 'id') },
			items: [{ pool: 'NP 1600' }],
		});
		expect(spaced.error!.message).toMatch(/Number Pool No \(numberPoolNo\): "NP 1600" is not valid/);
		const fromItem = await runNode({
			typeVersion: 2,
			credentials,
			parameters: { ...VALID_BIND, numberPoolNo: locator('={{ $json.pool }}', 'id') },
			items: [{ pool: { no: AXN_POOL } }],
		});
		expect(fromItem.error!.message).toMatch(/Number Pool No \(numberPoolNo\) must be text, not an object/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('version 2: Caller and Callee Number Pool No, Y Number Pool No and the Get Many filter are locators too', async () => {
		const { emulator, credentials } = env();
		const call = await runNode({
			typeVersion: 2,
			credentials,
			parameters: {
				resource: 'call',
				operation: 'click2Call',
				caller: '13800138000',
				callee: '13900139000',
				callerNumberPoolNo: locator(DUAL_POOL, 'list'),
				calleeNumberPoolNo: locator(DUAL_POOL, 'id'),
			},
		});
		expect(call.error).toBeUndefined();
		expect(emulator.requests[0].params).toMatchObject({ CallerNumberPoolNo: DUAL_POOL, CalleeNumberPoolNo: DUAL_POOL });

		emulator.reset();
		const axyb = await runNode({
			typeVersion: 2,
			credentials,
			parameters: {
				resource: 'axyb',
				operation: 'bind',
				numberPoolNo: locator(AXYB_POOL),
				phoneNoA: '13800138000',
				expireTime: '={{ Math.floor(Date.now() / 1000) + 7200 }}',
				audioRecordFlag: true,
				numberPoolNoY: locator(AXYB_Y_POOL, 'id'),
				ybEnableDuration: 7200,
				additionalFields: { phoneNoB: '13900139000' },
			},
		});
		expect(axyb.error).toBeUndefined();
		expect(emulator.requests[0].params).toMatchObject({ NumberPoolNo: AXYB_POOL, NumberPoolNoY: AXYB_Y_POOL, YbEnableDuration: '7200' });

		emulator.reset();
		const pools = await runNode({
			typeVersion: 2,
			credentials,
			parameters: { resource: 'numberPool', operation: 'getMany', returnAll: true, filters: { numberPoolNo: locator(AXN_POOL, 'list') } },
		});
		expect(pools.error).toBeUndefined();
		expect(pools.items!.map((i) => i.json.NumberPoolNo)).toEqual([AXN_POOL]);
		expect(emulator.requests[0].params).toMatchObject({ NumberPoolNo: AXN_POOL });
	});

	it('version 2: From List searches the account\'s pools through the credential, by name or number', async () => {
		const { emulator, credentials } = env();
		const search = async (filter?: string) =>
			((await loadOptions('searchNumberPools', credentials, {}, { typeVersion: 2, kind: 'listSearch', filter })) as {
				results: Array<{ name: string; value: string; description?: string }>;
			}).results;
		const all = await search();
		expect(all).toHaveLength(7);
		expect(all).toContainEqual({ name: `Demo AXN pool (${AXN_POOL})`, value: AXN_POOL, description: expect.stringContaining('10 numbers') });
		expect((await search('axyb')).map((r) => r.value)).toEqual([AXYB_POOL, AXYB_Y_POOL]);
		expect((await search(' 694439 ')).map((r) => r.value)).toEqual([DUAL_POOL]);
		expect(await search('no such pool')).toEqual([]);
		expect(emulator.requests.map((r) => [r.action, r.signature.ok])).toEqual(Array(4).fill(['NumberPoolList', true]));
	});

	it('version 1 keeps its dropdown (loadOptions getNumberPools); version 2 has the search instead', async () => {
		const { credentials } = env();
		const options = (await loadOptions('getNumberPools', credentials, {}, { typeVersion: 1 })) as unknown[];
		expect(options).toHaveLength(7);
		const v2 = await describe_(2);
		expect(walk(v2.properties).some(({ property }) => property.typeOptions?.loadOptionsMethod === 'getNumberPools')).toBe(false);
	});
});

describe('version 2 as an AI Agent tool', () => {
	const inTwoHours = () => new Date(Date.now() + 2 * 3600 * 1000).toISOString();
	const tool = (numberPoolNo: IDataObject[string]) => ({
		name: 'Bind AXN',
		typeVersion: 2,
		parameters: {
			resource: 'axn',
			operation: 'bind',
			numberPoolNo,
			phoneNoX: AXN_X[0],
			phoneNoA: "={{ $fromAI('Phone_No_A', 'The customer real phone number', 'string') }}",
			expireTime: "={{ $fromAI('Expire_Time', 'When the binding ends', 'string') }}",
			audioRecordFlag: true,
		},
	});

	describe.each(['supplyData', 'engine'] as const)('%s path', (mode) => {
		it('binds with a pool picked From List', async () => {
			const { emulator, credentials } = env();
			const { results } = await runAgent({
				mode,
				tools: [tool(locator(AXN_POOL))],
				calls: [{ node: 'Bind AXN', args: { Phone_No_A: '13800138000', Expire_Time: inTwoHours() } }],
				credentials,
			});
			expect(results[0].thrown).toBeUndefined();
			expect(JSON.parse(results[0].output!)[0]).toMatchObject({ PhoneNoX: AXN_X[0], SubId: expect.stringMatching(/^S/) });
			expect(emulator.requests.map((r) => [r.action, r.params.NumberPoolNo])).toEqual([['BindAXN', AXN_POOL]]);
		});

		it('a pool the model fills in By ID ($fromAI in the locator): a bad one names its argument', async () => {
			const { emulator, credentials } = env();
			const byModel = tool(locator("={{ $fromAI('Pool', 'The number pool', 'string') }}", 'id'));
			const { results } = await runAgent({
				mode,
				tools: [byModel],
				calls: [
					{ node: 'Bind AXN', args: { Pool: 'NP 1', Phone_No_A: '13800138000', Expire_Time: inTwoHours() } },
					{ node: 'Bind AXN', args: { Pool: AXN_POOL, Phone_No_A: '13800138000', Expire_Time: inTwoHours() } },
				],
				credentials,
			});
			expect(JSON.parse(results[0].output!)).toEqual([
				expect.objectContaining({ field: 'numberPoolNo', value: 'NP 1', argument: 'Pool', error: expect.stringMatching(/"NP 1" is not valid/) }),
			]);
			expect(JSON.parse(results[1].output!)[0]).toMatchObject({ SubId: expect.stringMatching(/^S/) });
			expect(emulator.requests.map((r) => [r.action, r.params.NumberPoolNo])).toEqual([['BindAXN', AXN_POOL]]);
		});
	});
});

describe('the reader (actions/parameters.ts)', () => {
	/** A context that reads like n8n-core: `getNodeParameter` is recorded, the item is `{ pool }`. */
	const contextWith = (parameters: IDataObject) => {
		const getNodeParameter = jest.fn((_name: string, _i: number, _fallback: unknown, options?: { extractValue?: boolean }) =>
			options?.extractValue ? 'FROM-N8N-EXTRACTED' : 'FROM-N8N',
		);
		const context = {
			getNode: () => ({ id: '1', name: 'VMS', type: NODE_TYPE, typeVersion: 2, position: [0, 0], parameters }),
			getInputData: () => [{ json: { pool: 'NP-FROM-ITEM' } }],
			isToolExecution: () => false,
			getNodeParameter,
		};
		return { read: parameterReader.call(context as unknown as IExecuteFunctions), getNodeParameter };
	};

	it('reads a locator whose value is `{{ $json.pool }}` from the item, in either mode, without n8n', () => {
		for (const mode of ['id', 'list'] as const) {
			const { read, getNodeParameter } = contextWith({ numberPoolNo: locator('={{ $json.pool }}', mode) });
			expect(read('numberPoolNo', 0, undefined, true)).toBe('NP-FROM-ITEM');
			expect(getNodeParameter).not.toHaveBeenCalled();
		}
	});

	it('reads any other locator, and a plain string saved by version 1, through getNodeParameter with extractValue', () => {
		for (const saved of [locator(AXN_POOL, 'list'), AXN_POOL, locator('={{ $json.pool.trim() }}', 'id')]) {
			const { read, getNodeParameter } = contextWith({ numberPoolNo: saved });
			expect(read('numberPoolNo', 0, undefined, true)).toBe('FROM-N8N-EXTRACTED');
			expect(getNodeParameter).toHaveBeenCalledWith('numberPoolNo', 0, undefined, { extractValue: true });
		}
		// Not a locator field: no extractValue, and an object is not looked into.
		const { read, getNodeParameter } = contextWith({ phoneNoA: { __rl: true, mode: 'id', value: '={{ $json.pool }}' } });
		expect(read('phoneNoA', 0)).toBe('FROM-N8N');
		expect(getNodeParameter).toHaveBeenCalledWith('phoneNoA', 0, undefined);
	});
});
