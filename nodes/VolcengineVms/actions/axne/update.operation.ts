import { updateOperation } from '../common';

export const update = updateOperation('AXNE', 'UpdateAXNE', [
	'updatePhoneNoB',
	'updatePhoneNoA',
	'updateExpireTime',
	'updateUserData',
	'updateOutId',
	'updateAutoCreateFlag',
]);
