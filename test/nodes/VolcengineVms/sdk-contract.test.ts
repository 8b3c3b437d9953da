/**
 * The contract with the official SDKs: every operation of the built node against test/fixtures/vms-sdk-contract.json
 * (four SDKs, commits in its `sdks` key). Differences are allowed only through EXCEPTIONS, each with its reason.
 */
import type { VmsField } from '../../../nodes/VolcengineVms/actions/fields';
import {
	apiNameOf,
	builtOperations,
	NODE_VERSIONS,
	contractProblems,
	type ContractException,
	type NodeOperation,
} from '../../helpers/sdk-contract';

const V1 = 'Version 1 is frozen (changing its parameters would break saved workflows); version 2 follows the SDKs.';

/** The deliberate differences. Each must still match something, or the test says it is no longer needed. */
export const EXCEPTIONS: ContractException[] = [
	{
		action: 'UploadQualificationFileV2',
		check: 'required',
		field: 'FileName',
		reason: "Optional in the node: taken from the input binary file's name when empty, and always sent (an item without one is refused).",
	},
	{
		action: 'UploadQualificationFileV2',
		check: 'required',
		field: 'FileType',
		reason: "Optional in the node: taken from the input binary file's extension when empty, and always sent (an item without one is refused).",
	},
	{
		action: 'GetResourceUploadUrl',
		check: 'required',
		field: 'FileName',
		reason: "Optional in the node (Voice Resource → Upload Audio File): taken from the input binary file's name when empty, and always sent (an item without an .mp3 or .wav name is refused).",
	},
];

/** Version 1's own differences, on top of EXCEPTIONS: what version 2 fixed (issue 16). */
export const V1_EXCEPTIONS: ContractException[] = [
	{
		action: 'BindAXYB',
		check: 'required',
		field: 'NumberPoolNoY',
		reason: `The generated SDK requires it and the Java/Python examples always send it; version 1 has it under Additional Fields. ${V1}`,
	},
	{
		action: 'BindAXYB',
		check: 'required',
		field: 'YbEnableDuration',
		reason: `The generated SDK requires it and the Java/Python examples always send it; version 1 has it under Additional Fields. ${V1}`,
	},
	{
		action: 'BindAXYB',
		check: 'field',
		field: 'OutId',
		reason: `No SDK has OutId on BindAXYB (they have OrderId, which the node also has); version 1 has Out ID on AXYB Bind. ${V1}`,
	},
];

/** A copy of the catalogue with one field of one action changed: the built node itself is left alone. */
function mutated(action: string, apiName: string, change: (field: VmsField) => VmsField): NodeOperation[] {
	let hit = false;
	const swap = (field: VmsField) => {
		if (apiNameOf(field) !== apiName) return field;
		hit = true;
		return change(field);
	};
	const ops = builtOperations().map(({ resource, operation }) =>
		operation.apiAction !== action
			? { resource, operation }
			: { resource, operation: { ...operation, fields: operation.fields.map(swap), optional: operation.optional?.map(swap) } },
	);
	if (!hit) throw new Error(`${action} has no field ${apiName}`);
	return ops;
}

describe('the node against the official VMS SDKs', () => {
	it('every operation of version 2 (the default) agrees with the SDKs, but for the explained exceptions', async () => {
		const operations = builtOperations(2);
		expect(operations.length).toBeGreaterThanOrEqual(51);
		expect(await contractProblems(operations, EXCEPTIONS)).toEqual([]);
	});

	it('every operation of the frozen version 1 agrees too, but for what version 2 fixed', async () => {
		expect(NODE_VERSIONS).toEqual([1, 2]);
		const v1 = builtOperations(1);
		// Exceptions of actions that exist only from version 2 on (issue 15) do not apply here.
		const inV1 = EXCEPTIONS.filter((e) => v1.some(({ operation }) => operation.apiAction === e.action));
		expect(await contractProblems(v1, [...inV1, ...V1_EXCEPTIONS])).toEqual([]);
	});

	it('every exception says why', () => {
		for (const e of [...EXCEPTIONS, ...V1_EXCEPTIONS]) expect(e.reason.length).toBeGreaterThan(40);
	});
});

describe('the contract test catches', () => {
	const problemsOf = async (ops: NodeOperation[], action: string) =>
		(await contractProblems(ops.filter((o) => o.operation.apiAction === action), [])).filter((p) => p.startsWith(`${action}:`));

	it('a renamed field', async () => {
		const ops = mutated('BindAXN', 'PhoneNoX', (f) => ({ ...f, apiName: 'PhoneNumberX' }));
		expect(await problemsOf(ops, 'BindAXN')).toEqual(
			expect.arrayContaining([
				'BindAXN: axn.bind sends PhoneNumberX, which no SDK has for this action',
				'BindAXN: the SDKs require PhoneNoX; axn.bind does not send it',
			]),
		);
	});

	it('an SDK-required field made optional', async () => {
		const ops = mutated('Click2Call', 'CallerNumberPoolNo', (f) => ({ ...f, property: { ...f.property, required: false } }));
		expect(await problemsOf(ops, 'Click2Call')).toEqual([
			'Click2Call: the SDKs require CallerNumberPoolNo; in call.click2Call it is optional',
		]);
	});

	it('a list in a GET query sent as repeated keys', async () => {
		const ops = mutated('SelectNumber', 'DegradeCityList', (f) => ({ ...f, encode: (value) => String(value).split(',') }));
		expect(await problemsOf(ops, 'SelectNumber')).toEqual([
			'SelectNumber: numberPool.selectNumber sends the list DegradeCityList as ["010","0531"]; the SDKs send one comma-joined value in the query: ["010,0531"]',
		]);
	});

	it('a list in a JSON body sent as text', async () => {
		const ops = mutated('CreateAXGGroup', 'Numbers', (f) => ({ ...f, encode: (value) => (value as string[]).join(',') }));
		expect(await problemsOf(ops, 'CreateAXGGroup')).toEqual([
			'CreateAXGGroup: axg.createGroup sends the list Numbers as "13800138000,13900139000"; the SDKs send a JSON array: ["13800138000","13900139000"]',
		]);
	});

	it('another method or encoding', async () => {
		const ops = builtOperations().map(({ resource, operation }) => ({
			resource,
			operation: operation.apiAction === 'UnbindAXN' ? { ...operation, encoding: 'json' as const } : operation,
		}));
		expect(await problemsOf(ops, 'UnbindAXN')).toEqual(
			expect.arrayContaining(['UnbindAXN: axn.unbind sends POST json, the go SDK POST form']),
		);
	});

	it('an action no SDK has, and an exception that no longer matches', async () => {
		const [op] = builtOperations();
		const problems = await contractProblems(
			[{ resource: op.resource, operation: { ...op.operation, apiAction: 'BindAXZ' } }],
			[{ action: 'BindAXN', check: 'field', field: 'Foo', reason: 'none' }],
		);
		expect(problems).toEqual([`BindAXZ (${op.resource}.${op.operation.value}): no SDK has an action of that name`, 'exception no longer needed: BindAXN field Foo']);
	});
});
