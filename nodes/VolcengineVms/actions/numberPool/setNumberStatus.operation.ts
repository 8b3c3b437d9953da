import type { VmsOperation } from '../operation';
import { optionsField } from '../fields';
import { phoneList } from '../common';

export const setNumberStatus: VmsOperation = {
	value: 'setNumberStatus',
	name: 'Enable or Disable Numbers',
	description: 'Enable or disable privacy numbers of your pools',
	action: 'Enable or disable privacy numbers',
	apiAction: 'EnableOrDisableNumber',
	// The SDKs model no Result for this action: success is an answer without an error.
	result: 'any',
	fields: [
		phoneList('numberList', 'Numbers', { required: true, description: 'The numbers to change, separated by commas or given as a list' }),
		optionsField(
			'enableCode',
			'Enable Code',
			[
				{ name: 'Enable', value: 1, description: 'Put the numbers in use (EnableCode 1)' },
				{ name: 'Disable', value: 2, description: 'Disable the numbers (EnableCode 2)' },
			],
			{ required: true },
		),
	],
	output: (_result, params) => [{ success: true, numbers: params.NumberList, enableCode: params.EnableCode }],
};
