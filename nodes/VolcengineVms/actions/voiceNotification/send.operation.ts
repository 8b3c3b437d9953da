import { randomUUID } from 'crypto';

import { isValidPhone, normalizePhone } from '../../helpers/phone';
import { beijingTimeField, integerField, jsonField, listField, phoneField, textField } from '../fields';
import type { VmsOperation } from '../operation';
import { numberPoolNo, resourceKey, resourceType } from '../common';
import { singleOpenId } from './fields';
import { splitAnswer } from './outcomes';

/**
 * Entries per SingleBatchAppend request. The docs name no limit for `List`; 100 keeps a request small (about
 * 30 KB with full PhoneParams) and is what the emulator enforces. Said in docs/development.md.
 */
export const SEND_BATCH_SIZE = 100;

/** Every parameter of an item goes into its `List` entry: SingleBatchAppend has no request-level fields. */
const ENTRY = [
	'SingleOpenId',
	'Phone',
	'NumberPoolNo',
	'Type',
	'Resource',
	'PhoneParam',
	'TriggerTime',
	'RingAgainTimes',
	'RingAgainInterval',
	'Ext',
	'NumberList',
	'NumberType',
	'ForbidTimeList',
];

export const send: VmsOperation = {
	value: 'send',
	name: 'Send',
	description: 'Call a person and play an audio file, a TTS template or an IVR flow (one notification per item)',
	action: 'Send voice notification (call one person and play a recording or text-to-speech)',
	apiAction: 'SingleBatchAppend',
	encoding: 'json',
	versions: { from: 2 },
	// A notification is a call: never sent twice behind the user's back.
	creates: {
		what: 'the notifications',
		// The router adds the Single Open IDs of the request's items to an unknown outcome's description.
		check:
			'Look each up with Voice Notification → Get by its Single Open ID before sending again. Sending again with the same Single Open IDs is safe: VMS refuses one it already has (REDUPLICATED_ITEM).',
	},
	batch: { param: 'List', size: SEND_BATCH_SIZE, entry: ENTRY, key: 'SingleOpenId', split: splitAnswer },
	fields: [
		phoneField('phone', 'Phone', { required: true, placeholder: 'e.g. 13900139000', description: 'The number VMS calls' }),
		...numberPoolNo({ description: 'The number pool whose numbers VMS calls from' }),
		resourceType(),
		resourceKey(),
	],
	optional: [
		listField('numberList', 'Number List', {
			placeholder: 'e.g. 01053000002,01053000003',
			description: 'Call from these numbers of the pool only (VMS advises leaving it empty: the pool then picks one)',
			maxItems: 200,
			item: (entry) => {
				const phone = normalizePhone(entry);
				return isValidPhone(phone) ? phone : undefined;
			},
			itemHint: 'numbers of the pool: mainland mobiles or landlines with their area code',
		}),
		jsonField('forbidTimeList', 'Forbid Time List', {
			shape: 'list',
			example: '[{ "Weekdays": [1, 7], "Times": ["00:00-08:00", "21:00-23:59"] }]',
			description: 'When VMS must not call: weekdays (1 = Sunday … 7 = Saturday) and time ranges, Beijing time',
		}),
		textField('ext', 'Ext', {
			maxLength: 250,
			trim: false,
			description: 'Your own data (at most 250 characters), echoed back in the call record (ext), e.g. an incident ID',
		}),
		jsonField('phoneParam', 'Phone Param', {
			shape: 'object',
			example: '{ "name": "Li Lei", "parcel": "42" }',
			description: "The TTS template's or IVR flow's variables, as a JSON object (or an expression that returns one)",
		}),
		integerField('ringAgainInterval', 'Ring Again Interval', {
			min: 5,
			max: 1440,
			default: 5,
			description: 'Minutes between calls when Ring Again Times is set (at least 5)',
		}),
		integerField('ringAgainTimes', 'Ring Again Times', {
			min: 0,
			max: 3,
			default: 0,
			description: 'How many times VMS calls again when the person does not answer (0 to 3)',
		}),
		singleOpenId({
			required: false,
			description:
				'Your own unique ID for this notification (its idempotency key: VMS refuses one it already has). Empty: the node makes one and returns it.',
		}),
		beijingTimeField('triggerTime', 'Trigger Time', {
			description: 'When VMS places the call; empty: now. Sent as Beijing time.',
		}),
	],
	validate: (params) => {
		// NumberType 1: call from NumberList (0, the default: the whole pool).
		if (Array.isArray(params.NumberList) && params.NumberList.length > 0) params.NumberType = 1;
	},
	// A missing Single Open ID is made here, before anything is sent, so the item (and an unknown outcome) can name it.
	async prepare(params) {
		return params.SingleOpenId ? params : { ...params, SingleOpenId: randomUUID().replace(/-/g, '') };
	},
};
