import { phoneList } from './common';
import { integerField, jsonField, textField } from './fields';

/**
 * Fields shared by the voice notification (SingleBatchAppend) and the voice notification task (CreateTask,
 * BatchAppend, UpdateTask): the same API fields, defined once. Where the two APIs differ (Ext's length, how many
 * caller numbers), each operation passes its own limit.
 */

export const phoneParam = () =>
	jsonField('phoneParam', 'Phone Param', {
		shape: 'object',
		example: '{ "name": "Li", "code": "42" }',
		description:
			"This item's values for the variables of the TTS template or IVR flow, as a JSON object (text or an expression that returns one)",
	});

/** `maxLength`: SingleBatchAppend takes 250 characters, a task's PhoneList entry 255. */
export const ext = (maxLength: number) =>
	textField('ext', 'Ext', {
		maxLength,
		trim: false,
		description: `Your own data for this item's call (at most ${maxLength} characters), echoed back as ext in its call record, e.g. an order or incident ID`,
	});

export const ringAgainTimes = () =>
	integerField('ringAgainTimes', 'Ring Again Times', {
		min: 0,
		max: 3,
		default: 0,
		description: 'How many times VMS calls a number again that did not answer (0 to 3)',
	});

export const ringAgainInterval = () =>
	integerField('ringAgainInterval', 'Ring Again Interval', {
		min: 5,
		max: 1440,
		default: 5,
		description: 'Minutes between those calls when Ring Again Times is set (at least 5)',
	});

export const forbidTimeList = () =>
	jsonField('forbidTimeList', 'Forbid Time List', {
		shape: 'list',
		example: '[{ "Weekdays": [1, 7], "Times": ["12:00-14:00"] }]',
		description: 'When VMS must not call: a JSON list of { Weekdays (1 = Sunday … 7 = Saturday), Times ("HH:mm-HH:mm", Beijing time) }',
	});

/** The caller numbers to use; `maxItems`: SingleBatchAppend takes 200, CreateTask names no limit. */
export const numberList = (options: { description: string; maxItems: number }) =>
	phoneList('numberList', 'Number List', {
		placeholder: 'e.g. 01053000002,01053000003',
		itemHint: 'numbers of the pool: mainland mobiles or landlines with their area code',
		...options,
	});
