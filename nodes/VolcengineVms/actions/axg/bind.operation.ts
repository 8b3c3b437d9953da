import type { VmsOperation } from '../operation';
import { FieldError, textField } from '../fields';
import {
	audioRecordFlag,
	createsBinding,
	expireTime,
	numberPoolNo,
	numberSelection,
	orderId,
	outId,
	phoneList,
	phoneNoA,
	phoneNoB,
	phoneNoX,
	userData,
} from '../common';

export const bind: VmsOperation = {
	value: 'bind',
	name: 'Bind',
	description: 'Bind A to X for a group G of numbers: only members of G reach A through X',
	action: 'Bind A to privacy number X that only group G of numbers can call (AXG); returns its Sub ID',
	apiAction: 'BindAXG',
	result: ['SubId'],
	creates: createsBinding('your Out ID, or Phone No A (with Phone No X if you gave one)'),
	encoding: 'json',
	fields: [
		...numberPoolNo(),
		phoneNoA(),
		textField('groupId', 'Group ID', {
			description: 'The G group (see "Create Group"); or leave empty and give Group Numbers to create one',
		}),
		expireTime(),
		audioRecordFlag(),
	],
	optional: [
		phoneList('groupNumbers', 'Group Numbers', {
			description: 'Numbers of a new G group (used when Group ID is empty), separated by commas or given as a list',
		}),
		textField('groupName', 'Group Name', { maxLength: 64, description: 'Name of the new G group' }),
		phoneNoX({ required: false, description: 'The X number to use; leave empty to let VMS select one' }),
		phoneNoB(),
		...numberSelection(),
		userData(),
		outId(),
		orderId(),
	],
	validate(params) {
		if (params.GroupId === undefined && params.GroupNumbers === undefined) {
			throw new FieldError(
				'Group ID (groupId) is required when no Group Numbers are given',
				'Set Group ID to an existing G group, or add Group Numbers under Additional Fields to create one.',
			);
		}
	},
};
