import { updateOperation } from '../common';

export const update = updateOperation('AXN', 'UpdateAXN', [
	'updatePhoneNoB',
	'updatePhoneNoA',
	'updateExpireTime',
	'updateUserData',
	'updateOutId',
]);
