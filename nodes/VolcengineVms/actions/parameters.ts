import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiNameOf, FieldError, type FieldContext, type VmsField } from './fields';
import { isObject, isShown, type VmsOperation } from './operation';
import { isToolCall } from './tool';

/** `={{ $json.a.b }}`: an expression that only reads a field of the item. */
const JSON_FIELD = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

/** A Resource Locator's saved value: `{ __rl: true, mode, value }`. */
export function isLocatorValue(value: unknown): value is { __rl: true; mode: string; value: unknown } {
	return isObject(value) && value.__rl === true;
}

export interface ReadParameter {
	/** A parameter's value for an item; `locator` reads it as a Resource Locator's ID (`extractValue`). */
	(name: string, itemIndex: number, fallback?: unknown, locator?: boolean): unknown;
	/** The parameter as saved (expressions unevaluated), e.g. to see which fields a collection has. */
	raw(name: string): unknown;
	/** The node's version (`typeVersion`). */
	version: number;
}

/**
 * Reads the node's parameters per item. n8n evaluates each `{{ }}` in an isolate, about 0.8 ms in
 * n8n 2.x, which made reading parameters most of the node's CPU time. An expression that only reads
 * an own field of the item (`{{ $json.phone }}`) whose value is text, a number or a boolean is read
 * from the item directly: the same value. Everything else is n8n's `getNodeParameter`.
 * A Resource Locator is read with `extractValue`: the ID of its mode's value, and a plain string (as
 * version 1 saved the same parameter) unchanged, so one path serves every version; its fast path looks
 * at the locator's value.
 * Not for a tool call: under AI Agent 2.x the input item holds the model's arguments, while n8n
 * resolves `$json` against the agent's input item (and a tool call has one item: nothing to gain).
 */
export function parameterReader(this: IExecuteFunctions): ReadParameter {
	const { parameters, typeVersion } = this.getNode();
	const items = this.getInputData();
	const fast = !isToolCall(this);
	const raw = (name: string) =>
		name.split('.').reduce<unknown>((value, key) => (isObject(value) ? value[key] : undefined), parameters);
	const read = (name: string, itemIndex: number, fallback?: unknown, locator = false) => {
		let saved = raw(name);
		if (locator && isLocatorValue(saved)) saved = saved.value;
		const path = fast && typeof saved === 'string' ? JSON_FIELD.exec(saved) : null;
		if (path) {
			let value: unknown = items[itemIndex]?.json;
			for (const key of path[1].slice(1).split('.')) {
				value = isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
			}
			if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
		}
		return locator
			? this.getNodeParameter(name, itemIndex, fallback, { extractValue: true })
			: this.getNodeParameter(name, itemIndex, fallback);
	};
	return Object.assign(read, { raw, version: typeVersion });
}

const isLocator = (field: VmsField) => field.property.type === 'resourceLocator';

/**
 * Reads and checks every field of one item that is shown in the node's version (the same rule as the UI:
 * `isShown`); nothing is sent when any is wrong. With `select`, only the fields it picks, and without the
 * operation's `validate` (the caller validates what it puts together).
 */
export function buildParams(
	this: IExecuteFunctions,
	read: ReadParameter,
	operation: VmsOperation,
	itemIndex: number,
	select?: (field: VmsField) => boolean,
): IDataObject {
	const { version } = read;
	// "Now" when a field is checked, after its expression was evaluated: `{{ Date.now() / 1000 + 60 }}` read in the
	// next second must not pass a "more than 60 s ahead" check against an earlier now.
	const ctx: FieldContext = {
		timezone: this.getTimezone(),
		get now() {
			return Math.floor(Date.now() / 1000);
		},
	};
	const params: IDataObject = {};
	const add = (field: VmsField, raw: unknown) => {
		const value = field.encode(raw, ctx);
		if (value !== undefined) params[apiNameOf(field)] = value;
	};
	const valueOf = (name: string) => read(name, itemIndex, undefined);
	const picked = (field: VmsField) => !select || select(field);
	for (const field of operation.fields) {
		if (picked(field) && isShown(field, version, valueOf)) add(field, read(field.property.name, itemIndex, undefined, isLocator(field)));
	}
	const collection = operation.optionalCollection ?? 'additionalFields';
	const saved = read.raw(collection);
	// The fields the collection has, read one by one (a collection saved as one expression is read whole).
	const whole = operation.optional?.length && !isObject(saved) ? (read(collection, itemIndex, {}) as IDataObject) : undefined;
	for (const field of operation.optional ?? []) {
		const { name } = field.property;
		if (!picked(field) || !isShown(field, version, valueOf)) continue;
		if (whole) {
			if (name in whole) add(field, isLocatorValue(whole[name]) ? whole[name].value : whole[name]);
		} else if (isObject(saved) && name in saved) {
			add(field, read(`${collection}.${name}`, itemIndex, undefined, isLocator(field)));
		}
	}
	if (!select) operation.validate?.(params);
	return params;
}

/**
 * Every item's checked parameters (or why not). A batch's request parameters, everything outside its entries
 * (a task's name, times, pool), belong to the request, not to an item: they are read once, from the first item,
 * so `{{ $now }}` gives one Start Time, and 10,000 items do not evaluate them 10,000 times.
 */
export function readItems(this: IExecuteFunctions, read: ReadParameter, operation: VmsOperation, count: number): Array<IDataObject | Error> {
	const batch = operation.batch;
	if (!batch) {
		return Array.from({ length: count }, (_, i) => attempt(() => buildParams.call(this, read, operation, i)));
	}
	const inEntry = (field: VmsField) => batch.entry.includes(apiNameOf(field));
	let shared = count ? attempt(() => buildParams.call(this, read, operation, 0, (field) => !inEntry(field))) : {};
	if (shared instanceof FieldError) {
		const { field, value } = shared;
		const note = `(Read once, from the first item: the whole ${operation.apiAction} request takes one value.)`;
		shared = Object.assign(new FieldError(shared.message, `${shared.description} ${note}`), { field, value });
	}
	return Array.from({ length: count }, (_, i) =>
		attempt(() => {
			if (shared instanceof Error) throw shared;
			const params = { ...shared, ...buildParams.call(this, read, operation, i, inEntry) };
			operation.validate?.(params);
			return params;
		}),
	);
}

function attempt(read: () => IDataObject): IDataObject | Error {
	try {
		return read();
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}
