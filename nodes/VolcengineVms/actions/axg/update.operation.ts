import { updateOperation } from '../common';

export const update = updateOperation(
	'AXG',
	'UpdateAXG',
	['updatePhoneNoB', 'updatePhoneNoA', 'updateExpireTime', 'updateUserData', 'updateGroupId', 'updateOrderId'],
	{ encoding: 'json' },
);
