import type { VmsOperation } from '../operation';
import { FieldError, optionsField, textField } from '../fields';
import { expireTime, numberPoolNo, phoneList } from '../common';

const membership = ['addNumbers', 'deleteNumbers', 'overwriteNumbers'];

export const updateGroup: VmsOperation = {
	value: 'updateGroup',
	name: 'Update Group',
	description: 'Add, remove or replace the numbers of a G group, or rename it',
	action: 'Add, remove or replace numbers of AXG group, or rename it',
	apiAction: 'UpdateAXGGroup',
	result: 'success',
	encoding: 'json',
	fields: [
		...numberPoolNo(),
		textField('groupId', 'Group ID', { required: true, description: 'The G group to change' }),
		optionsField(
			'updateType',
			'Update Type',
			[
				{ name: 'Add Numbers', value: 'addNumbers' },
				{ name: 'Delete Numbers', value: 'deleteNumbers' },
				{ name: 'Overwrite Numbers', value: 'overwriteNumbers' },
				{ name: 'Update Group Info', value: 'updateGroupInfo', description: 'Change the name or the expiry' },
			],
			{ required: true, noDataExpression: true },
		),
		{
			...phoneList('numbers', 'Numbers', { required: true, description: 'The numbers to add, delete or set, separated by commas or given as a list' }),
			show: { updateType: membership },
		},
		{
			...optionsField(
				'overflowStrategy',
				'When Full',
				[
					{ name: 'Drop the Oldest Numbers', value: 'fifo' },
					{ name: 'Reject the Change', value: 'denyAll' },
				],
				{ apiName: 'OverflowStrategy', default: 'denyAll', description: 'What to do when the group would exceed 200 numbers' },
			),
			show: { updateType: ['addNumbers'] },
		},
		{ ...textField('groupName', 'Group Name', { maxLength: 64, description: 'The new name' }), show: { updateType: ['updateGroupInfo'] } },
		{ ...expireTime({ required: false, description: 'The new end of the group' }), show: { updateType: ['updateGroupInfo'] } },
	],
	validate(params) {
		if (params.UpdateType === 'updateGroupInfo' && params.GroupName === undefined && params.ExpireTime === undefined) {
			throw new FieldError(
				'Update Group Info needs a Group Name (groupName) or an Expire Time (expireTime)',
				'Set the new name, the new expiry, or both.',
			);
		}
	},
};
