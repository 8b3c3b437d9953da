import type { VmsOperation } from '../operation';
import { ext, phone, phoneParam, taskOpenId } from './fields';
import { PHONE_ENTRY, PHONE_LIST_SIZE, splitPhoneList } from './phoneList';

export const append: VmsOperation = {
	value: 'append',
	name: 'Append',
	description: 'Add the input items to a task: each item is one number with its own Phone Param and Ext',
	action: 'Add numbers to a voice notification task',
	apiAction: 'BatchAppend',
	encoding: 'json',
	versions: { from: 2 },
	fields: [taskOpenId(), phone()],
	optional: [phoneParam(), ext()],
	batch: { param: 'PhoneList', size: PHONE_LIST_SIZE, entry: PHONE_ENTRY, split: splitPhoneList },
};
