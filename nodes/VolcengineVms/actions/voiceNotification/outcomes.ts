import type { IDataObject } from 'n8n-workflow';

import { isObject, type EntryOutcome } from '../operation';

const list = (value: unknown): IDataObject[] => (Array.isArray(value) ? value.filter(isObject) : []);
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/**
 * One outcome per entry, in order: a SuccessList entry is found by SingleOpenId, a FailList entry by SingleOpenId
 * or, as in the docs' sample (`{ Phone, Type }` only), by phone in order. An entry the answer does not mention has
 * an unknown outcome.
 */
export function splitAnswer(result: unknown, entries: IDataObject[]): EntryOutcome[] {
	const answer = isObject(result) ? result : {};
	const succeeded = list(answer.SuccessList);
	const failed = list(answer.FailList);
	const take = (pool: IDataObject[], entry: IDataObject) => {
		let at = pool.findIndex((e) => text(e.SingleOpenId) !== '' && text(e.SingleOpenId) === entry.SingleOpenId);
		// Only entries without their own SingleOpenId are matched by phone.
		if (at < 0) at = pool.findIndex((e) => text(e.SingleOpenId) === '' && text(e.Phone) === entry.Phone);
		return at < 0 ? undefined : pool.splice(at, 1)[0];
	};
	return entries.map((entry): EntryOutcome => {
		const id = String(entry.SingleOpenId);
		const ok = take(succeeded, entry);
		if (ok) return { json: { ...ok, SingleOpenId: text(ok.SingleOpenId) || id, singleOpenId: id } };
		const refused = take(failed, entry);
		if (refused) {
			const code = text(refused.Type) || 'unknown reason';
			const desc = text(refused.Desc);
			return {
				error: `VMS refused the notification to ${entry.Phone}: ${code}${desc ? ` (${desc})` : ''}`,
				description: `SingleBatchAppend listed it in FailList (Single Open ID ${id}); nothing was queued for it. The other items of the request are not affected.${hint(code)}`,
			};
		}
		return {
			error: `VMS's answer does not mention the notification to ${entry.Phone} (Single Open ID ${id}): the outcome is unknown`,
			description: `Look it up with Voice Notification → Get (Single Open ID ${id}) before sending it again. Sending again with the same Single Open ID is safe: VMS refuses one it already has (REDUPLICATED_ITEM).`,
			uncertain: true,
		};
	});
}

const HINTS: Record<string, string> = {
	INVALID_PHONE_FORMAT: ' Check the number.',
	REDUPLICATED_ITEM: ' This Single Open ID was used before: the notification exists already (look it up with Get), or give a new Single Open ID.',
	TTS_PARAM_EMPTY: ' The TTS template has variables that Phone Param does not fill.',
	RESOURCE_NOT_FOUND: ' Check Resource Key and Resource Type (Voice Resource → Get Many lists the approved ones).',
	RESOURCE_NOT_APPROVED: ' The resource is not approved (yet): Voice Resource → Get Many shows its review state.',
	BLACK_LIST: ' The number is on a blacklist (Risk Control → Can Call tells before sending).',
};
const hint = (code: string) => HINTS[code] ?? '';

