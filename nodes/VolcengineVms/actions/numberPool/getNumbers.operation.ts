import type { VmsOperation } from '../operation';
import { integerField, optionsField, textField } from '../fields';
import { commaJoined, numberKind, numberPoolNo, phoneList } from '../common';

export const getNumbers: VmsOperation = {
	value: 'getNumbers',
	name: 'Get Numbers',
	description: 'List the numbers of a pool, with their status and how many bindings use them',
	action: 'Get privacy numbers of number pool, with their status',
	apiAction: 'NumberList',
	encoding: 'query',
	paginate: { pageSize: 100 },
	fields: [...numberPoolNo()],
	optionalCollection: 'filters',
	optional: [
		textField('number', 'Number Contains', { description: 'Only numbers containing these digits' }),
		commaJoined(phoneList('numberList', 'Numbers', { description: 'Only these numbers, separated by commas or given as a list' })),
		optionsField(
			'numberStatusCode',
			'Number Status',
			[
				{ name: 'Cancelled', value: 4 },
				{ name: 'Disabled by Platform', value: 3 },
				{ name: 'Disabled by User', value: 2 },
				{ name: 'In Use', value: 1 },
			],
			{ default: 1 },
		),
		numberKind('numberTypeCode', 'Number Type'),
		integerField('numberPoolTypeCode', 'Number Pool Type Code', { min: 0, default: 202, description: 'e.g. 202 for AXN pools' }),
	],
};
