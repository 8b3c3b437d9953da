import type { VmsOperation } from '../operation';
import { blacklistItem, customerNumber, scope } from './shared';

export const removeFromBlacklist: VmsOperation = {
	value: 'removeFromBlacklist',
	name: 'Remove From Blacklist',
	description: 'Unblock a phone number that was added to the blacklist',
	action: 'Remove a number from the blacklist',
	apiAction: 'DeleteBlackList',
	versions: { from: 2 },
	fields: [customerNumber()],
	optional: scope(),
	result: 'any',
	output: blacklistItem('removed'),
};
