import { updateOperation } from '../common';

export const update = updateOperation(
	'AXG',
	'UpdateAXG',
	[
		'updatePhoneNoB',
		'updatePhoneNoA',
		'updatePhoneNoX',
		'updateExpireTime',
		'updateUserData',
		'updateOutId',
		'updateGroupId',
		'updateOrderId',
	],
	{ encoding: 'json' },
);
