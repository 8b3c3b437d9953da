import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../operation';

/** Entries of one PhoneList request (CreateTask, BatchAppend): "≤ 10 000 per call". */
export const PHONE_LIST_SIZE = 10000;

/** The API names of an item's own part of a PhoneList entry; every other parameter belongs to the whole request. */
export const PHONE_ENTRY = ['Phone', 'PhoneParam', 'Ext'];

/** An entry's `Ext`: "≤ 255" (SingleBatchAppend takes 250). */
export const TASK_EXT_LENGTH = 255;

/** What to do about a number VMS refused, per FailList `Type` (reference C.2). */
const FAIL_HINTS: Record<string, string> = {
	INVALID_PHONE_FORMAT: 'VMS does not accept the number. Check it is a mainland mobile or a landline with its area code.',
	TTS_PARAM_EMPTY:
		'A variable of the TTS template or IVR flow has no value. Give every variable of the resource in Phone Param, e.g. { "name": "Li" }.',
	REDUPLICATED_ITEM:
		'The number is already in the task (or twice in the input). Turn Unique off (Create) to call a number twice, or drop the duplicate.',
};

interface Failure {
	index: number;
	type: string;
	desc: string;
}

/**
 * The FailList entry of each PhoneList entry. `Index` is matched first (0-based, or 1-based: no source says which, so
 * the entry's Phone decides), then the first entry with that Phone not matched yet.
 */
function failuresByEntry(result: IDataObject, entries: IDataObject[]): Map<number, Failure> {
	const failures = new Map<number, Failure>();
	const list = Array.isArray(result.FailList) ? result.FailList.filter(isObject) : [];
	for (const fail of list) {
		const phone = String(fail.Phone ?? '');
		const index = Number(fail.Index);
		const free = (i: number) => i >= 0 && i < entries.length && !failures.has(i) && String(entries[i].Phone) === phone;
		let at = [index, index - 1].find((i) => Number.isInteger(i) && free(i));
		if (at === undefined) at = entries.findIndex((_, i) => free(i));
		if (at < 0) continue;
		failures.set(at, { index: at, type: String(fail.Type ?? 'UNKNOWN'), desc: String(fail.Desc ?? '') });
	}
	return failures;
}

/**
 * One outcome per PhoneList entry of a CreateTask or BatchAppend answer (`{ TaskOpenId, FailList }`): each accepted
 * number becomes `{ taskOpenId, phone, ext? }`; a number in FailList fails its own item with VMS's reason.
 */
export function splitPhoneList(result: unknown, entries: IDataObject[], request: IDataObject) {
	const answer = isObject(result) ? result : {};
	const taskOpenId = String(answer.TaskOpenId ?? request.TaskOpenId ?? '');
	const failures = failuresByEntry(answer, entries);
	return entries.map((entry, i) => {
		const failure = failures.get(i);
		if (failure) {
			const hint = FAIL_HINTS[failure.type] ?? 'Check the number and its Phone Param.';
			return {
				error: `VMS refused ${String(entry.Phone)} in the task's phone list: ${failure.type}${failure.desc ? ` (${failure.desc})` : ''}`,
				description: `${hint} The other numbers were added to task ${taskOpenId}; to add this one, fix it and use Append.`,
			};
		}
		const json: IDataObject = { taskOpenId, phone: entry.Phone };
		if (entry.Ext !== undefined) json.ext = entry.Ext;
		return { json };
	});
}
