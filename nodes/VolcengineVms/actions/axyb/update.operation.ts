import { updateOperation } from '../common';

export const update = updateOperation('AXYB', 'UpdateAXYB', [
	'updatePhoneNoB',
	'updatePhoneNoA',
	'updatePhoneNoX',
	'updateExpireTime',
	'updateUserData',
	'updateAutoCreateFlag',
]);
