import type { VmsOperation } from '../operation';
import { numberPoolNo } from '../common';
import { numberFilters } from './fields';

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
	optional: numberFilters(),
};
