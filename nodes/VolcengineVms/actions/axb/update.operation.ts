import { updateOperation } from '../common';

export const update = updateOperation('AXB', 'UpdateAXB', [
	'updatePhoneNoB',
	'updatePhoneNoA',
	'updateExpireTime',
	'updateUserData',
	'updateOutId',
]);
