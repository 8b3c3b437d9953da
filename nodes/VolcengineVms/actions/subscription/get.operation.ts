import type { VmsOperation } from '../operation';
import { numberPoolNo, subId } from '../common';

export const get: VmsOperation = {
	value: 'get',
	name: 'Get',
	description: 'Get one binding by its Sub ID (any mode), including its status and expiry',
	action: 'Get binding of any mode by its Sub ID: numbers, status and expiry',
	apiAction: 'QuerySubscription',
	result: ['SubId'],
	fields: [...numberPoolNo(), subId()],
};
