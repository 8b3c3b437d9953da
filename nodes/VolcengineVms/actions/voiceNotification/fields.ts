import { textField } from '../fields';

/** Fields and readings shared by the voice-notification operations. */

const SINGLE_OPEN_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export const singleOpenId = (options: Parameters<typeof textField>[2] = {}) =>
	textField('singleOpenId', 'Single Open ID', {
		required: true,
		maxLength: 64,
		placeholder: 'e.g. 5f0c2a9e8b7d4c3e9a1b2c3d4e5f6a7b',
		description: 'The notification, as Send returned it (singleOpenId)',
		pattern: SINGLE_OPEN_ID,
		patternHint: 'up to 64 letters, digits, _ . : and -, as returned by Send',
		...options,
	});

/** `State` of SingleInfo / QuerySingleInfo (the docs give it as text: "1可初次呼叫, 2等待挂机, 3完结, 4可重呼, 5已删除"). */
export const NOTIFICATION_STATES: Record<string, string> = {
	1: 'waiting for the first call',
	2: 'calling',
	3: 'finished',
	4: 'waiting to call again',
	5: 'cancelled',
};
