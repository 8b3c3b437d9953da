import type { VmsOperation } from '../operation';
import { integerField, optionsField } from '../fields';
import { cityCode, degradeCityList, numberPoolNo } from '../common';

export const selectNumber: VmsOperation = {
	value: 'selectNumber',
	name: 'Select Number',
	description: 'Find free numbers of a pool in a city, e.g. to choose X before binding',
	action: 'Select free numbers of a pool',
	apiAction: 'SelectNumber',
	encoding: 'query',
	fields: [
		numberPoolNo(),
		integerField('numberCount', 'Number Count', { min: 1, max: 500, default: 1, description: 'How many numbers to return' }),
	],
	optional: [
		cityCode(),
		degradeCityList(),
		optionsField(
			'numberType',
			'Number Type',
			[
				{ name: 'Mobile', value: 0 },
				{ name: 'Landline', value: 1 },
			],
			{ default: 0 },
		),
	],
	output: (result) => (Array.isArray(result) ? result.map((number) => ({ Number: String(number) })) : []),
};
