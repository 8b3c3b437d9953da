import type { VmsOperation } from '../operation';
import { optionsField, textField } from '../fields';
import { commaJoined, phoneList } from '../common';
import { companyCreditCode, companyName, lowerCamel, picture } from './auth';

export const numberAuth: VmsOperation = {
	value: 'numberAuth',
	name: 'Authorise Numbers',
	description: 'Register the caller numbers of an authorised company for dual calls: add, update or delete them',
	action: 'Authorise caller numbers for dual calls (Click2Call Lite)',
	apiAction: 'Click2CallNumberAuth',
	encoding: 'json',
	fields: [
		companyName(),
		companyCreditCode(),
		{
			...optionsField(
				'authAction',
				'Action',
				[
					{ name: 'Add', value: 'add' },
					{ name: 'Update', value: 'update' },
					{ name: 'Delete', value: 'delete' },
				],
				{ required: true, description: 'What to do with the numbers' },
			),
			apiName: 'action',
		},
		// A text in the API (comma-separated), even in the JSON body.
		lowerCamel(commaJoined(phoneList('aNumbers', 'Numbers', { required: true, description: 'The caller numbers (at most 100), separated by commas or given as a list' }))),
	],
	optional: [
		...picture('businessUsageCommitmentletter', 'Business Usage Commitment Letter'),
		lowerCamel(textField('script', 'Script', { trim: false, description: 'What the calls are about' })),
		lowerCamel(textField('scriptScene', 'Script Scene', { description: 'The scene of the calls' })),
	],
};
