import type { VmsOperation } from '../operation';
import { ext, phoneParam } from '../voiceFields';
import { phone, taskOpenId } from './fields';
import { PHONE_ENTRY, PHONE_LIST_SIZE, splitPhoneList, TASK_EXT_LENGTH } from './phoneList';

export const append: VmsOperation = {
	value: 'append',
	name: 'Append',
	description: 'Add the input items to a task: each item is one number with its own Phone Param and Ext',
	action: 'Add numbers to a voice notification task',
	apiAction: 'BatchAppend',
	encoding: 'json',
	versions: { from: 2 },
	fields: [taskOpenId(), phone()],
	optional: [phoneParam(), ext(TASK_EXT_LENGTH)],
	batch: { param: 'PhoneList', size: PHONE_LIST_SIZE, entry: PHONE_ENTRY, split: splitPhoneList },
};
