import type { IDataObject } from 'n8n-workflow';

import type { VmsOperation } from '../operation';
import { numberPoolNo, resourceKey, resourceType } from '../common';
import { textField } from '../fields';
import { ext, phoneParam } from '../voiceFields';
import { checkWindow, concurrency, createSettings, endTime, phone, startTime } from './fields';
import { PHONE_ENTRY, PHONE_LIST_SIZE, splitPhoneList, TASK_EXT_LENGTH } from './phoneList';

export const create: VmsOperation = {
	value: 'create',
	name: 'Create',
	description:
		'Create one notification task (campaign) from all input items: each item is one number with its own Phone Param and Ext',
	action: 'Create a voice notification task from the input items',
	apiAction: 'CreateTask',
	encoding: 'json',
	versions: { from: 2 },
	creates: {
		what: 'the task',
		check: 'Look for it with Voice Notification Task → Get Many (Keyword = its name) before creating it again.',
	},
	fields: [
		textField('name', 'Name', { required: true, maxLength: 100, description: 'The name of the task, as the VMS console lists it' }),
		...numberPoolNo({ description: 'The number pool the calls are placed from' }),
		resourceType(),
		resourceKey(),
		startTime(),
		endTime(),
		concurrency(),
		phone(),
	],
	optional: [phoneParam(), ext(TASK_EXT_LENGTH), ...createSettings()],
	validate: checkWindow,
	// Without a TaskOpenId nobody can tell which task the numbers went to, nor append the rest.
	result: ['TaskOpenId'],
	// All items make one task: the first 10,000 numbers go with CreateTask, every further 10,000 with BatchAppend.
	batch: {
		param: 'PhoneList',
		size: PHONE_LIST_SIZE,
		entry: PHONE_ENTRY,
		then: {
			apiAction: 'BatchAppend',
			params: (first: unknown) => ({ TaskOpenId: (first as IDataObject | undefined)?.TaskOpenId as string }),
		},
		split: splitPhoneList,
	},
};
