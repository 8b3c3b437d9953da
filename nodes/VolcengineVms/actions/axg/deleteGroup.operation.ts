import type { VmsOperation } from '../operation';
import { textField } from '../fields';
import { numberPoolNo } from '../common';

export const deleteGroup: VmsOperation = {
	value: 'deleteGroup',
	name: 'Delete Group',
	description: 'Delete a G group',
	action: 'Delete AXG group by its Group ID',
	apiAction: 'DeleteAXGGroup',
	result: 'success',
	encoding: 'json',
	fields: [...numberPoolNo(), textField('groupId', 'Group ID', { required: true, description: 'The G group to delete' })],
};
