import { integerField, textField } from '../fields';
import type { VmsOperation } from '../operation';
import { blacklistItem, customerNumber, scope } from './shared';

export const addToBlacklist: VmsOperation = {
	value: 'addToBlacklist',
	name: 'Add to Blacklist',
	description: 'Block a phone number: VMS no longer calls it (Check Numbers then says it cannot be called)',
	action: 'Add a number to the blacklist',
	apiAction: 'AddBlackList',
	versions: { from: 2 },
	fields: [customerNumber()],
	optional: [
		...scope(),
		integerField('freezeTime', 'Freeze Time', { min: 0, description: 'How long the block lasts (FreezeTime), in the unit VMS uses; empty: as VMS decides' }),
		textField('remark', 'Remark', { maxLength: 255, trim: false, description: 'Why the number is blocked, e.g. asked not to be called (at most 255 characters)' }),
	],
	result: 'any',
	output: blacklistItem('added'),
};
