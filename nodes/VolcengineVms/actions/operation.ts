import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { isObject } from '../../shared/records';
import type { Encoding, VmsRequest } from '../transport';
import { integerField, type VmsField } from './fields';
import { checkResult, type ResultShape } from './result';
import { existsIn, type Versions } from './versions';

// Shared with the trigger; operations import it from here.
export { isObject };
export { recordsOf, toItems } from './result';

export const VMS_VERSION = '2022-01-01';

/**
 * One VMS action, described once: the router reads the fields, validates them,
 * sends the request and turns `Result` into items. Adding an action = adding one of these.
 */
export interface VmsOperation {
	/** n8n operation value, e.g. `bind`. */
	value: string;
	/** Operation label, e.g. `Bind (Specified X)`. */
	name: string;
	description: string;
	/** Text shown in the node panel's action list, e.g. `Bind an AXN number with a specified X`. */
	action: string;
	/** VMS Action, e.g. `BindAXN`. */
	apiAction: string;
	/** The VMS API version (default VMS_VERSION); not the node's. */
	version?: string;
	/** The node versions the operation exists in (default: all). */
	versions?: Versions;
	/** POST with a form body (default), POST with a JSON body (AXG), GET with everything in the query, or POST with everything in the query. */
	encoding?: Encoding;
	/**
	 * Other forms of the same action (the 2025 names such as QuerySingleInfo, another method or encoding): when
	 * the gateway answers InvalidActionOrVersion, the next is tried and the one that works remembered.
	 */
	alternatives?: Array<{ apiAction: string; encoding: Encoding; version?: string }>;
	fields: VmsField[];
	/** Optional fields, in a collection: "Additional Fields" (default) or "Filters" for lists. */
	optional?: VmsField[];
	optionalCollection?: 'additionalFields' | 'filters';
	/** Cross-field checks on the API parameters, before sending; throw FieldError. */
	validate?: (params: IDataObject) => void;
	/** A paged list (`Result.Records`, `Offset`/`Limit`): adds Return All and Limit. */
	paginate?: { pageSize: number };
	/** A list parameter sent in requests of at most `size` entries each (e.g. `CallIdList`, ≤ 100), one after another. */
	chunk?: { param: string; size: number };
	/** Many input items in one request: each item one entry of a list parameter (see VmsBatch). */
	batch?: VmsBatch;
	/** What a successful `Result` must be (checked before `output`), see result.ts; default: an object with at least one field. */
	result?: ResultShape;
	/** Set on actions that create something (not idempotent): said when the outcome is unknown. */
	creates?: VmsRequest['creates'];
	/** Turns `Result` into items; defaults to `toItems` below. A paged list's records come as `{ Records }`, all pages in one. */
	output?: (result: unknown, params: IDataObject) => IDataObject[];
	/** A second request after the VMS call, such as fetching the file a returned URL points at. */
	followUp?: VmsFollowUp;
	/**
	 * Work on an item's checked parameters that needs n8n's helpers (e.g. reading an input binary file into a
	 * field), before anything is sent: run for every item first, so a failure sends nothing. Throw FieldError.
	 */
	prepare?: (this: IExecuteFunctions, params: IDataObject, itemIndex: number) => Promise<IDataObject>;
}

/** What became of one item's entry in a batch: its output record, or why VMS refused it (that item alone fails). */
export type EntryOutcome = { json: IDataObject } | { error: string; description?: string; uncertain?: boolean };

/**
 * Many input items in one request (SingleBatchAppend's `List`, CreateTask's `PhoneList`): each item's checked
 * parameters named in `entry` become one entry of the list `param`; its other parameters are the request's own
 * and must be the same for every item of one request (refused before sending otherwise).
 */
export interface VmsBatch {
	/** The list parameter, e.g. `List`. */
	param: string;
	/** At most this many entries per request. */
	size: number;
	/** API names of an item's parameters that make its entry. */
	entry: string[];
	/** An entry key that must be unique among the items of a request (e.g. `SingleOpenId`). */
	key?: string;
	/**
	 * All items make one unit (one task): the first `size` entries go with `apiAction`, every further `size`
	 * with `then.apiAction` and the parameters `then.params` takes from the first `Result` (CreateTask, then
	 * BatchAppend with its TaskOpenId). Without it each `size` entries are an independent request.
	 */
	then?: { apiAction: string; params: (firstResult: unknown) => IDataObject };
	/** One outcome per entry, in order, from the request's `Result`. */
	split: (result: unknown, entries: IDataObject[], request: IDataObject) => EntryOutcome[];
}

/** The request that sends an operation's action with these parameters, in its forms, checked by its result shape. */
export function requestOf(operation: VmsOperation, params: IDataObject): VmsRequest {
	return {
		action: operation.apiAction,
		version: operation.version ?? VMS_VERSION,
		encoding: operation.encoding ?? 'form',
		params,
		check: (result) => checkResult(result, operation.result),
		alternatives: operation.alternatives?.map((form) => ({
			action: form.apiAction,
			version: form.version ?? operation.version ?? VMS_VERSION,
			encoding: form.encoding,
		})),
		creates: operation.creates,
	};
}

/**
 * Work that needs another request once the VMS call answered (e.g. download a recording into binary
 * data). It gets one input item's records and returns that item's output items; throwing fails the item.
 */
export interface VmsFollowUp {
	/** n8n parameters only the follow-up reads; shown with the operation, never sent to VMS. */
	properties: INodeProperties[];
	run(this: IExecuteFunctions, records: IDataObject[], itemIndex: number): Promise<INodeExecutionData[]>;
}

export interface VmsResource {
	value: string;
	name: string;
	description: string;
	operations: VmsOperation[];
}

/** Options every operation has: how items are sent. */
export interface SendingOptions {
	concurrency: number;
	maxRequestsPerSecond: number;
	timeout: number;
}

/** The most Timeout accepts: 10 minutes. */
const MAX_TIMEOUT_MS = 600000;

/**
 * The options as fields: an expression can give them any value, so the router checks each like a field
 * (whole numbers in range; "nothing" is refused, not taken for the default) before anything is sent.
 */
export const SENDING_FIELDS: VmsField[] = [
	integerField('concurrency', 'Concurrency', {
		min: 1,
		max: 100,
		default: 30,
		required: true,
		description: 'How many items are sent at the same time. 1 sends them strictly one after another.',
	}),
	integerField('maxRequestsPerSecond', 'Max Requests per Second', {
		min: 0,
		max: 1000,
		default: 0,
		required: true,
		description:
			"Cap on requests per second for this node, to stay under the account's VMS QPS limit. 0 = no cap. When VMS throttles anyway, the node slows down and retries.",
	}),
	integerField('timeout', 'Timeout', {
		min: 1,
		max: MAX_TIMEOUT_MS,
		default: 10000,
		required: true,
		description:
			'Milliseconds to wait for the whole response of a request (at most 600000). After a timeout the outcome is unknown: a bind may still have been made.',
	}),
];

/** The options' defaults, read from the fields above. */
export const DEFAULT_SENDING = Object.fromEntries(
	SENDING_FIELDS.map(({ property }) => [property.name, property.default]),
) as unknown as SendingOptions;

type Conditions = NonNullable<IDisplayOptions['show']>;

/**
 * Where a field (or an operation) is shown in a node version: its own display conditions (`{}` for none),
 * or undefined when it does not exist in that version. The one rule for the UI (`describeOperation` turns
 * it into displayOptions) and the reader (`isShown` checks it per item), so the two cannot drift.
 */
export function visibility(field: Pick<VmsField, 'show' | 'versions'>, version: number): Conditions | undefined {
	return existsIn(field.versions, version) ? (field.show ?? {}) : undefined;
}

/** Whether a field is shown for one item: it exists in the version and `value` (a parameter's value) meets each condition. */
export function isShown(field: VmsField, version: number, value: (name: string) => unknown): boolean {
	const conditions = visibility(field, version);
	return conditions !== undefined && Object.entries(conditions).every(([name, allowed]) => (allowed as unknown[]).includes(value(name)));
}

/** The operations of a resource that exist in a node version. */
export function operationsIn(resource: VmsResource, version: number): VmsOperation[] {
	return resource.operations.filter((operation) => visibility(operation, version) !== undefined);
}

/** The n8n parameters of one operation in a node version, shown only for its resource and operation. */
export function describeOperation(resource: string, operation: VmsOperation, version: number): INodeProperties[] {
	const here = { resource: [resource], operation: [operation.value] };
	const properties = operation.fields.flatMap((field): INodeProperties[] => {
		const conditions = visibility(field, version);
		return conditions ? [{ ...field.property, displayOptions: { show: { ...here, ...conditions } } }] : [];
	});
	if (operation.paginate) {
		properties.push(
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				displayOptions: { show: here },
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { ...here, returnAll: [false] } },
			},
		);
	}
	for (const property of operation.followUp?.properties ?? []) {
		properties.push({ ...property, displayOptions: { show: { ...here, ...(property.displayOptions?.show ?? {}) } } });
	}
	const optional = (operation.optional ?? []).filter((field) => visibility(field, version) !== undefined);
	if (optional.length > 0) {
		const filters = operation.optionalCollection === 'filters';
		properties.push({
			displayName: filters ? 'Filters' : 'Additional Fields',
			name: filters ? 'filters' : 'additionalFields',
			type: 'collection',
			placeholder: filters ? 'Add Filter' : 'Add Field',
			default: {},
			displayOptions: { show: here },
			// Sorted by name as n8n's UX guidelines ask (the editor lists them in this order; nothing saved depends on it).
			options: optional.map((field) => field.property).sort((a, b) => a.displayName.localeCompare(b.displayName)),
		});
	}
	properties.push({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: here },
		options: SENDING_FIELDS.map((field) => field.property),
	});
	return properties;
}
