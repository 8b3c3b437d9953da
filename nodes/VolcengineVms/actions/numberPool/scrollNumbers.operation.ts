import type { VmsOperation } from '../operation';
import { integerField, textField } from '../fields';
import { numberPoolNo } from '../common';
import { numberFilters } from './fields';

export const scrollNumbers: VmsOperation = {
	value: 'scrollNumbers',
	name: 'Get Numbers (Scroll)',
	description: 'One page of the numbers of a pool by cursor (NextToken), for pools too large for Offset paging',
	action: 'Get page of privacy numbers of number pool by cursor (NextToken)',
	apiAction: 'NumberListScroll',
	encoding: 'query',
	fields: [
		...numberPoolNo(),
		integerField('limit', 'Limit', { min: 1, max: 500, default: 100, required: true, description: 'Max number of numbers in this page' }),
	],
	optionalCollection: 'filters',
	optional: [
		textField('nextToken', 'Next Token', { description: 'The NextToken of the previous page; empty for the first page' }),
		...numberFilters(),
	],
};
