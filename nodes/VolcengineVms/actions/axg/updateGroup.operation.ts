import type { VmsOperation } from '../operation';
import { FieldError, optionsField, textField } from '../fields';
import { expireTime, numberPoolNo, phoneList, subId } from '../common';

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
		// Group ID or (Additional Fields) the Sub ID of a binding of the group, as the Go and Java SDKs allow.
		textField('groupId', 'Group ID', { description: 'The G group to change; or leave empty and give the Sub ID of one of its bindings (Additional Fields)' }),
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
	optional: [
		subId({
			required: false,
			description: 'A binding of the group (when Group ID is empty): VMS changes the group that binding uses',
		}),
	],
	validate(params) {
		if (params.GroupId === undefined && params.SubId === undefined) {
			throw new FieldError('Update Group needs a Group ID (groupId) or a Sub ID (subId)', 'Give the G group, or the Sub ID of one of its bindings.');
		}
		if (params.UpdateType === 'updateGroupInfo' && params.GroupName === undefined && params.ExpireTime === undefined) {
			throw new FieldError(
				'Update Group Info needs a Group Name (groupName) or an Expire Time (expireTime)',
				'Set the new name, the new expiry, or both.',
			);
		}
	},
};
