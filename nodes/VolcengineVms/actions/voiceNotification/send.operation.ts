import { randomUUID } from 'crypto';

import { beijingTimeField, phoneField } from '../fields';
import type { VmsOperation } from '../operation';
import { numberPoolNo, resourceKey, resourceType } from '../common';
import { ext, forbidTimeList, numberList, phoneParam, ringAgainInterval, ringAgainTimes } from '../voiceFields';
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
		numberList({
			description: 'Call from these numbers of the pool only (VMS advises leaving it empty: the pool then picks one)',
			maxItems: 200,
		}),
		forbidTimeList(),
		ext(250),
		phoneParam(),
		ringAgainInterval(),
		ringAgainTimes(),
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
