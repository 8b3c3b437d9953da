/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): reads the built catalogue from dist/ by path */
/**
 * The node's operations compared with the official VMS SDKs (test/fixtures/vms-sdk-contract.json): action name,
 * method and encoding, field names, required fields and how lists go on the wire. Reads the BUILT catalogue
 * (dist/), and sends list fields through the built transport and the credential's signing to see the real wire.
 */
import path from 'node:path';

import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { VmsField } from '../../nodes/VolcengineVms/actions/fields';
import type { VmsOperation, VmsResource } from '../../nodes/VolcengineVms/actions/operation';

const dist = path.join(__dirname, '../../dist');
/* eslint-disable @typescript-eslint/no-require-imports */
const built = {
	resources: require(path.join(dist, 'nodes/VolcengineVms/actions/resources')) as { RESOURCES: VmsResource[] },
	fields: require(path.join(dist, 'nodes/VolcengineVms/actions/fields')) as { apiNameOf(field: VmsField): string },
	operation: require(path.join(dist, 'nodes/VolcengineVms/actions/operation')) as { VMS_VERSION: string },
	transport: require(path.join(dist, 'nodes/VolcengineVms/transport')) as typeof import('../../nodes/VolcengineVms/transport'),
	signing: require(path.join(dist, 'credentials/volcengine/request')) as typeof import('../../credentials/volcengine/request'),
	versions: require(path.join(dist, 'nodes/VolcengineVms/actions/versions')) as typeof import('../../nodes/VolcengineVms/actions/versions'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export const CONTRACT = require('../fixtures/vms-sdk-contract.json') as Contract; // eslint-disable-line @typescript-eslint/no-require-imports

export interface SdkField {
	name: string;
	/** The Java SDK's own name for the field (its JSON key, for JSON actions). */
	wire?: string;
	type?: string;
	required?: boolean;
}
export interface SdkEntry {
	sdk: 'go' | 'py' | 'java' | 'gen';
	method: string;
	encoding: string;
	version: string;
	fields: SdkField[];
}
export interface Contract {
	sdks: Record<string, string>;
	actions: Record<string, SdkEntry[]>;
}

/** A deliberate difference from the SDKs: one check of one action (and field), with the reason. */
export interface ContractException {
	action: string;
	check: 'field' | 'required' | 'list' | 'method';
	field?: string;
	reason: string;
}

/** The SDKs that are not generated: their method and encoding are what the gateway is known to take. */
const CLASSIC = new Set(['go', 'py', 'java']);

/** A list in an SDK: Go `[]string`, Java `List<String>`, the generated SDK's `list`. */
const isListType = (type?: string) => type !== undefined && (type === 'list' || type.startsWith('[]') || type.startsWith('List<'));

/**
 * Valid entries for each list field (by API name), to send a two-entry list through the field and the
 * transport. A list field without one here is reported, so a new list field cannot skip the wire check.
 */
export const SAMPLE_LISTS: Record<string, unknown[]> = {
	NumberList: ['13700000001', '13700000002'],
	DegradeCityList: ['010', '0531'],
	YDegradeCityList: ['010', '0531'],
	AxbDegradeCityList: ['010', '0531'],
	CallerNumberDegradeCityList: ['010', '0531'],
	CalleeNumberDegradeCityList: ['010', '0531'],
	CallIdList: ['Dcc0143d9e6a1b2c3', 'Dcc0143d9e6a1b2c4'],
	Numbers: ['13800138000', '13900139000'],
	GroupNumbers: ['13800138000', '13900139000'],
	BindNumberList: ['13800138000', '13900139000'],
	CandidateNumberList: ['13700000001', '13700000002'],
	QualificationNoList: ['QN0001', 'QN0002'],
	IdList: ['1', '2'],
	scriptList: [{ scriptContent: 'a' }, { scriptContent: 'b' }],
	NumberApplicationCityItemList: [
		{ CityCode: '010', NumberCount: '1' },
		{ CityCode: '0531', NumberCount: '2' },
	],
	QualificationScenarioInfoFormDOList: [{ SceneType: 1 }, { SceneType: 2 }],
};

export interface NodeOperation {
	resource: string;
	operation: VmsOperation;
}

/** The operations of one node version (default: the version new nodes get), each with the fields it has there. */
export function builtOperations(version: number = built.versions.DEFAULT_VERSION): NodeOperation[] {
	const { existsIn } = built.versions;
	const inVersion = (fields: VmsField[] = []) => fields.filter((field) => existsIn(field.versions, version));
	return built.resources.RESOURCES.flatMap((r) =>
		r.operations
			.filter((operation) => existsIn(operation.versions, version))
			.map((operation) => ({ resource: r.value, operation: { ...operation, fields: inVersion(operation.fields), optional: inVersion(operation.optional) } })),
	);
}

export const NODE_VERSIONS = built.versions.NODE_VERSIONS;

export const apiNameOf = (field: VmsField) => built.fields.apiNameOf(field);

interface Sent {
	field?: VmsField;
	name: string;
	/** Required in the node: always, or under the display condition (e.g. an Update Type) that makes it so. */
	required: boolean;
}

/** Every field the node may send for an operation: its fields, its optional fields, and Offset/Limit when paged. */
function sentFields(op: VmsOperation): Sent[] {
	let list: Sent[] = [
		...op.fields.map((field) => ({ field, name: apiNameOf(field), required: field.property.required === true })),
		...(op.optional ?? []).map((field) => ({ field, name: apiNameOf(field), required: false })),
	];
	if (op.paginate) list.push({ name: 'Offset', required: false }, { name: 'Limit', required: false });
	// A batch sends its items' entry fields inside its list parameter (the SDKs model them as the list's type).
	if (op.batch) list = [...list.filter((s) => !op.batch!.entry.includes(s.name)), { name: op.batch.param, required: true }];
	return list;
}

/** The request as it leaves the node: through the built transport and the credential's signing. */
async function wire(op: VmsOperation, params: IDataObject): Promise<{ method: string; url: URL; body: string; json: boolean }> {
	let captured: IHttpRequestOptions | undefined;
	const context = {
		getNode: () => ({ name: 'VMS', type: 'volcengineVms', typeVersion: 1, parameters: {} }),
		helpers: {
			httpRequestWithAuthentication: async (_name: string, options: IHttpRequestOptions) => {
				captured = options;
				return { statusCode: 200, body: { ResponseMetadata: { RequestId: 'r' }, Result: { Ok: 1 } } };
			},
		},
	};
	await built.transport.vmsApiRequest.call(context as never, {
		action: op.apiAction,
		version: op.version ?? built.operation.VMS_VERSION,
		encoding: op.encoding ?? 'form',
		params,
	});
	const signed = built.signing.prepareSignedRequest(
		{ accessKeyId: 'AK', secretAccessKey: 'SK', region: 'cn-north-1', endpoint: 'https://vms.example.test' },
		captured!,
		new Date(),
	);
	const body = signed.body === undefined ? '' : String(signed.body);
	const type = Object.entries(signed.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
	return { method: String(signed.method), url: new URL(signed.url), body, json: /json/.test(String(type)) };
}

/** How one list field reaches VMS: the values of its key (query or form), or the JSON value. */
async function listOnWire(op: VmsOperation, name: string, value: unknown): Promise<{ wireKind: 'json' | 'pairs'; values: unknown }> {
	const sent = await wire(op, { [name]: value as IDataObject[string] });
	if (sent.json) return { wireKind: 'json', values: (JSON.parse(sent.body) as IDataObject)[name] };
	const pairs = sent.method === 'GET' || op.encoding === 'postQuery' ? sent.url.searchParams : new URLSearchParams(sent.body);
	return { wireKind: 'pairs', values: pairs.getAll(name) };
}

/**
 * Every way the given operations differ from the SDKs, as sentences (empty: they agree), minus the exceptions.
 * Also reports exceptions that no longer match anything, so the list cannot go stale.
 */
export async function contractProblems(
	operations: NodeOperation[],
	exceptions: ContractException[],
	contract: Contract = CONTRACT,
): Promise<string[]> {
	const problems: string[] = [];
	const used = new Set<ContractException>();
	const report = (action: string, check: ContractException['check'], field: string | undefined, text: string) => {
		const exception = exceptions.find((e) => e.action === action && e.check === check && (e.field === undefined || e.field === field));
		if (exception) used.add(exception);
		else problems.push(`${action}: ${text}`);
	};
	// Each form of an action (its 2025 name, another method) is compared with the SDKs of that name.
	const forms = operations.flatMap(({ resource, operation }) => [
		{ resource, operation },
		...(operation.alternatives ?? []).map((form) => ({
			resource,
			operation: { ...operation, apiAction: form.apiAction, encoding: form.encoding, version: form.version ?? operation.version, alternatives: undefined },
		})),
	]);
	for (const { resource, operation: op } of forms) {
		const where = `${resource}.${op.value}`;
		const entries = contract.actions[op.apiAction];
		if (!entries?.length) {
			problems.push(`${op.apiAction} (${where}): no SDK has an action of that name`);
			continue;
		}
		// Method and encoding: as the classic SDKs send it (the generated one sends everything as JSON).
		const method = op.encoding === 'query' ? 'GET' : 'POST';
		const encoding = op.encoding === 'postQuery' ? 'query' : (op.encoding ?? 'form');
		const classic = entries.filter((e) => CLASSIC.has(e.sdk) && e.encoding !== '?');
		const reference = classic.length ? classic : entries;
		for (const e of reference) {
			// A Java GET puts its form in the query.
			const sdkEncoding = e.method === 'GET' ? 'query' : e.encoding;
			if (e.method !== method || sdkEncoding !== encoding) {
				report(op.apiAction, 'method', undefined, `${where} sends ${method} ${encoding}, the ${e.sdk} SDK ${e.method} ${e.encoding}`);
			}
		}
		const version = op.version ?? built.operation.VMS_VERSION;
		if (!reference.some((e) => e.version === version)) {
			report(op.apiAction, 'method', undefined, `${where} sends Version ${version}, the SDKs ${[...new Set(reference.map((e) => e.version))].join(', ')}`);
		}
		// Fields: each one the node sends exists in an SDK; each one an SDK requires is required in the node.
		const known = new Map<string, SdkField[]>();
		// A JSON body carries the SDK's JSON key: the Java SDK's `wire` name where it differs (`companyName`).
		const keysOf = (e: SdkEntry, f: SdkField) => [f.name, ...(e.encoding === 'json' && f.wire && f.wire !== f.name ? [f.wire] : [])];
		for (const e of entries) for (const f of e.fields) for (const key of keysOf(e, f)) known.set(key, [...(known.get(key) ?? []), f]);
		const sent = sentFields(op);
		for (const s of sent) {
			if (!known.has(s.name)) report(op.apiAction, 'field', s.name, `${where} sends ${s.name}, which no SDK has for this action`);
		}
		for (const [name, declared] of known) {
			if (!declared.some((f) => f.required)) continue;
			const mine = sent.filter((s) => s.name === name);
			if (!mine.length) report(op.apiAction, 'required', name, `the SDKs require ${name}; ${where} does not send it`);
			else if (!mine.some((s) => s.required)) report(op.apiAction, 'required', name, `the SDKs require ${name}; in ${where} it is optional`);
		}
		// Lists: JSON sends an array; a form or a query one comma-joined value, as the Java SDK joins them.
		for (const s of sent) {
			const listInSdk = (known.get(s.name) ?? []).some((f) => isListType(f.type));
			if (!s.field || !(listInSdk || s.name in SAMPLE_LISTS)) continue;
			const sample = SAMPLE_LISTS[s.name];
			if (!sample) {
				report(op.apiAction, 'list', s.name, `${where}: no sample value for the list ${s.name} (add one to SAMPLE_LISTS)`);
				continue;
			}
			const value = s.field.encode(sample, { timezone: 'Asia/Shanghai', now: Math.floor(Date.now() / 1000) });
			const { wireKind, values } = await listOnWire(op, s.name, value);
			const expected = wireKind === 'json' ? sample : [sample.map(String).join(',')];
			if (JSON.stringify(values) !== JSON.stringify(expected)) {
				const how = wireKind === 'json' ? 'a JSON array' : `one comma-joined value in the ${method === 'GET' ? 'query' : 'form'}`;
				report(op.apiAction, 'list', s.name, `${where} sends the list ${s.name} as ${JSON.stringify(values)}; the SDKs send ${how}: ${JSON.stringify(expected)}`);
			}
		}
	}
	for (const e of exceptions) {
		if (!used.has(e)) problems.push(`exception no longer needed: ${e.action} ${e.check}${e.field ? ` ${e.field}` : ''}`);
	}
	return problems;
}
