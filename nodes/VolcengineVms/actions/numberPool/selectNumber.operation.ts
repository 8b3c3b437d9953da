import type { VmsOperation } from '../operation';
import { integerField } from '../fields';
import { cityCode, commaJoined, degradeCityList, numberKind, numberPoolNo, phoneList } from '../common';

export const selectNumber: VmsOperation = {
	value: 'selectNumber',
	name: 'Select Number',
	description: 'Find free numbers of a pool in a city, e.g. to choose X before binding',
	action: 'Find free privacy numbers of number pool, by city',
	apiAction: 'SelectNumber',
	result: 'strings',
	encoding: 'query',
	fields: [
		...numberPoolNo(),
		integerField('numberCount', 'Number Count', { min: 1, max: 500, default: 1, description: 'How many numbers to return' }),
	],
	optional: [
		cityCode(),
		commaJoined(degradeCityList()),
		numberKind('numberType', 'Number Type'),
		commaJoined(
			phoneList('bindNumberList', 'For Numbers', {
				description: 'A and B of the binding to make: returns numbers that are free for them (not only unbound ones)',
			}),
		),
		commaJoined(phoneList('candidateNumberList', 'Only Among', { description: 'Pick only from these numbers of the pool' })),
	],
	output: (result) => (result as string[]).map((number) => ({ Number: String(number) })),
};
