import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../../shared/records';

/**
 * What a successful `Result` must be, and how it becomes items: `success` true (or `{ Success: true }`);
 * `flag` true or false; `strings` a list of texts or numbers (e.g. phone numbers); `records` a list of objects,
 * bare or in `Records`/`Data`; `objectOrList` an object or a list of objects; a list of keys: an object with those
 * keys set; `any` whatever comes, even nothing (actions whose answer the SDKs do not model, such as
 * EnableOrDisableNumber); `none` an answer with no `Result` at all (PauseTask, SingleCancel): the envelope
 * without an error is the success, and whatever `Result` comes is ignored.
 */
export type ResultShape = 'success' | 'flag' | 'strings' | 'records' | 'objectOrList' | 'any' | 'none' | string[];

function describe(result: unknown): string {
	if (result === undefined) return 'no Result';
	const text = JSON.stringify(result) ?? String(result);
	return `Result ${text.length > 100 ? `${text.slice(0, 100)}…` : text}`;
}

/** The list of a list `Result`: the Result itself, or its `Records` or `Data` (the API versions differ). */
export function resultList(result: unknown): unknown {
	return isObject(result) ? (result.Records ?? result.Data) : result;
}

/** What is wrong with a successful `Result`, or undefined when it has the expected shape (default: an object with a field). */
export function checkResult(result: unknown, shape: ResultShape = []): string | undefined {
	if (shape === 'any' || shape === 'none') return undefined;
	if (shape === 'success') {
		const ok = result === true || (isObject(result) && result.Success === true);
		return ok ? undefined : `${describe(result)} instead of true`;
	}
	if (shape === 'flag') {
		const ok = typeof result === 'boolean' || (isObject(result) && typeof result.Success === 'boolean');
		return ok ? undefined : `${describe(result)} instead of true or false`;
	}
	if (shape === 'records' || shape === 'objectOrList') {
		const list = shape === 'records' ? resultList(result) : isObject(result) ? [result] : result;
		return Array.isArray(list) && list.every(isObject) ? undefined : `${describe(result)} instead of a list of records`;
	}
	if (shape === 'strings') {
		return Array.isArray(result) && result.every((entry) => typeof entry === 'string' || typeof entry === 'number')
			? undefined
			: `${describe(result)} instead of a list of texts or numbers`;
	}
	if (!isObject(result) || Object.keys(result).length === 0) return `${describe(result)} instead of an object`;
	const missing = shape.filter((key) => result[key] === undefined || result[key] === null || result[key] === '');
	return missing.length ? `${describe(result)} without ${missing.join(', ')}` : undefined;
}

/** Identifiers of the request kept on a bare success item, so the next step still knows what it acted on. */
const KEPT_IDENTIFIERS: Record<string, string> = {
	SubId: 'subId',
	NumberPoolNo: 'numberPoolNo',
	GroupId: 'groupId',
	UpdateType: 'updateType',
	TaskOpenId: 'taskOpenId',
	SingleOpenId: 'singleOpenId',
	ResourceKey: 'resourceKey',
};

/** `{ success: true, subId, numberPoolNo, … }`: a success with the identifiers that were sent. */
export function successItem(params: IDataObject): IDataObject {
	const item: IDataObject = { success: true };
	for (const [apiName, name] of Object.entries(KEPT_IDENTIFIERS)) {
		if (params[apiName] !== undefined) item[name] = params[apiName];
	}
	return item;
}

/**
 * `Result` (already checked against the operation's `result` shape) as items: an object is one
 * item, and a bare success (`true`, or `{ Success: true }`) one item `{ success: true, subId, numberPoolNo, ... }`.
 */
export function toItems(result: unknown, params: IDataObject): IDataObject[] {
	const bareSuccess =
		result === true || (isObject(result) && Object.keys(result).length === 1 && result.Success === true);
	return bareSuccess ? [successItem(params)] : [result as IDataObject];
}

/** The records of a list `Result` (checked as `records`): an array, or the array in `Records` or `Data`. */
export function recordsOf(result: unknown): IDataObject[] {
	const list = resultList(result);
	return Array.isArray(list) ? list.filter(isObject) : [];
}

/** How an answer of this shape becomes items when the operation has no `output` of its own. */
export function itemsOf(shape: ResultShape | undefined, result: unknown, params: IDataObject): IDataObject[] {
	return shape === 'none' ? [successItem(params)] : toItems(result, params);
}
