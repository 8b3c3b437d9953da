import type { VmsOperation } from '../operation';
import { textField } from '../fields';
import { expireTime, numberPoolNo, phoneList } from '../common';

export const createGroup: VmsOperation = {
	value: 'createGroup',
	name: 'Create Group',
	description: 'Create a G group: the numbers allowed to reach A through an AXG binding',
	action: 'Create AXG group: the numbers allowed to call A through X; returns its Group ID',
	apiAction: 'CreateAXGGroup',
	result: ['GroupId'],
	creates: {
		what: 'the group',
		check: 'Check the groups of the pool in the VMS console before creating it again.',
	},
	encoding: 'json',
	fields: [
		...numberPoolNo(),
		phoneList('numbers', 'Numbers', { required: true, description: 'The group members (up to 200), separated by commas or given as a list' }),
	],
	optional: [
		textField('groupName', 'Group Name', { maxLength: 64, description: 'A name for the group' }),
		expireTime({ required: false, description: 'When the group ends; empty for no end' }),
	],
};
