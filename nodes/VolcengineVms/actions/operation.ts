import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { apiNameOf, type VmsField } from './fields';

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
	/** Text shown in the node panel's action list, e.g. `Bind an AXN number (specified X)`. */
	action: string;
	/** VMS Action, e.g. `BindAXN`. */
	apiAction: string;
	version?: string;
	/** POST with a form body (default), POST with a JSON body (AXG), or GET with everything in the query. */
	encoding?: 'form' | 'json' | 'query';
	fields: VmsField[];
	/** Optional fields, shown in the "Additional Fields" collection. */
	additionalFields?: VmsField[];
	/** Cross-field checks on the encoded API parameters; throw FieldError. */
	validate?: (params: IDataObject) => void;
	/** Turns `Result` into items; defaults to `toItems` below. */
	output?: (result: unknown, params: IDataObject) => IDataObject[];
}

export interface VmsResource {
	value: string;
	name: string;
	description: string;
	operations: VmsOperation[];
}

/** A result object becomes one item; an array one item per element; `true` a success item. */
export function toItems(result: unknown, params: IDataObject): IDataObject[] {
	if (Array.isArray(result)) return result.map((r) => (isObject(r) ? r : { value: r }));
	if (isObject(result)) return [result];
	if (result === true) {
		const item: IDataObject = { success: true };
		if (params.SubId !== undefined) item.subId = params.SubId;
		if (params.NumberPoolNo !== undefined) item.numberPoolNo = params.NumberPoolNo;
		return [item];
	}
	return [{ result: result as IDataObject['result'] }];
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The n8n parameters of one operation, shown only for its resource and operation. */
export function describeOperation(resource: string, operation: VmsOperation): INodeProperties[] {
	const show = (field: VmsField): IDisplayOptions['show'] => ({
		resource: [resource],
		operation: [operation.value],
		...(field.show ?? {}),
	});
	const properties = operation.fields.map(
		(field): INodeProperties => ({ ...field.property, displayOptions: { show: show(field) } }),
	);
	const additional = operation.additionalFields ?? [];
	if (additional.length > 0) {
		properties.push({
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: { resource: [resource], operation: [operation.value] } },
			options: additional.map((field) => field.property),
		});
	}
	return properties;
}

export { apiNameOf };
