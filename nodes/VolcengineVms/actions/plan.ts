import type { IDataObject } from 'n8n-workflow';

import { apiNameOf, FieldError } from './fields';
import type { VmsOperation } from './operation';

/**
 * One piece of work of a run: the input items it serves, in order. An operation without `batch` has one
 * unit per item (one request, or one per chunk, or pages); a batch operation one unit per request (or, with
 * `then`, one unit for all items). A unit records an outcome for every item it serves.
 */
export type Unit = number[];

export interface Plan {
	units: Unit[];
	/** Items refused by the batch's own rules (a duplicate key, a request parameter that differs), before anything is sent. */
	refused: Map<number, FieldError>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The n8n parameter of an API field of the operation, for an error's `field`. */
function parameterOf(operation: VmsOperation, apiName: string): string | undefined {
	return [...operation.fields, ...(operation.optional ?? [])].find((field) => apiNameOf(field) === apiName)?.property.name;
}

function refusal(message: string, description: string, field?: string, value?: unknown): FieldError {
	const error = new FieldError(message, description);
	error.field = field;
	error.value = value;
	return error;
}

/** The items' parameters (or why an item was refused) as units of work. */
export function plan(operation: VmsOperation, prepared: Array<IDataObject | Error>): Plan {
	const refused = new Map<number, FieldError>();
	const batch = operation.batch;
	if (!batch) return { units: prepared.map((_, i) => [i]), refused };

	const units: Unit[] = [];
	let current: Unit = [];
	const keys = new Map<string, number>();
	const close = () => {
		if (current.length) units.push(current);
		current = [];
		keys.clear();
	};
	const limit = batch.then ? Infinity : batch.size;
	for (let i = 0; i < prepared.length; i++) {
		const params = prepared[i];
		// An item refused already fails on its own.
		if (params instanceof Error) {
			units.push([i]);
			continue;
		}
		const first = current.length ? (prepared[current[0]] as IDataObject) : undefined;
		const differing = first && Object.keys({ ...first, ...params }).find((name) => !batch.entry.includes(name) && !same(first[name], params[name]));
		if (first && differing !== undefined) {
			const field = parameterOf(operation, differing);
			refused.set(
				i,
				refusal(
					`${field ?? differing} differs from item ${current[0]}'s`,
					`All items go to VMS in one ${operation.apiAction} request, which takes one ${differing}: item ${current[0]} has ${JSON.stringify(first[differing]) ?? 'none'}, this item ${JSON.stringify(params[differing]) ?? 'none'}. Give every item the same value (or split the items over two nodes).`,
					field,
					params[differing],
				),
			);
			units.push([i]);
			continue;
		}
		const key = batch.key === undefined ? undefined : params[batch.key];
		if (key !== undefined && key !== '' && keys.has(String(key))) {
			const field = parameterOf(operation, batch.key!);
			refused.set(
				i,
				refusal(
					`${field ?? batch.key} "${String(key)}" is also item ${keys.get(String(key))}'s`,
					`Each item needs its own ${batch.key}: VMS refuses a second entry with the same one. Leave it empty to have one generated, or make it unique per item.`,
					field,
					key,
				),
			);
			units.push([i]);
			continue;
		}
		current.push(i);
		if (key !== undefined && key !== '') keys.set(String(key), i);
		if (current.length >= limit) close();
	}
	close();
	// Units in the order of their first item, so the output and its pairing stay in input order.
	units.sort((a, b) => a[0] - b[0]);
	return { units, refused };
}

/** The request parameters shared by a batch's items (everything but the entry fields), and each item's entry. */
export function splitParams(entryNames: string[], params: IDataObject): { shared: IDataObject; entry: IDataObject } {
	const shared: IDataObject = {};
	const entry: IDataObject = {};
	for (const [name, value] of Object.entries(params)) (entryNames.includes(name) ? entry : shared)[name] = value;
	return { shared, entry };
}
