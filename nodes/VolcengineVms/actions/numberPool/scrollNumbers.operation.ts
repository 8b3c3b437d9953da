import type { VmsOperation } from '../operation';
import { integerField, optionsField, textField } from '../fields';
import { commaJoined, numberKind, numberPoolNo, phoneList } from '../common';

export const scrollNumbers: VmsOperation = {
	value: 'scrollNumbers',
	name: 'Get Numbers (Scroll)',
	description: 'One page of the numbers of a pool by cursor (NextToken), for pools too large for Offset paging',
	action: 'Get a page of the privacy numbers of a number pool by cursor (NextToken)',
	apiAction: 'NumberListScroll',
	encoding: 'query',
	fields: [
		...numberPoolNo(),
		integerField('limit', 'Limit', { min: 1, max: 500, default: 100, required: true, description: 'Max number of numbers in this page' }),
	],
	optionalCollection: 'filters',
	optional: [
		textField('nextToken', 'Next Token', { description: 'The NextToken of the previous page; empty for the first page' }),
		textField('number', 'Number Contains', { description: 'Only numbers containing these digits' }),
		commaJoined(phoneList('numberList', 'Numbers', { description: 'Only these numbers, separated by commas or given as a list' })),
		optionsField(
			'numberStatusCode',
			'Number Status',
			[
				{ name: 'In Use', value: 1 },
				{ name: 'Disabled by User', value: 2 },
				{ name: 'Disabled by Platform', value: 3 },
				{ name: 'Cancelled', value: 4 },
			],
			{ default: 1 },
		),
		numberKind('numberTypeCode', 'Number Type'),
		integerField('numberPoolTypeCode', 'Number Pool Type Code', { min: 0, default: 202, description: 'e.g. 202 for AXN pools' }),
	],
};
