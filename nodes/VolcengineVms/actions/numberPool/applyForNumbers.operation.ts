import type { VmsOperation } from '../operation';
import { integerField, jsonField, textField } from '../fields';
import { numberPoolNo } from '../common';

const CODE = { pattern: /^\d{1,9}$/, patternHint: 'a numeric code such as 1 or 101' };

export const applyForNumbers: VmsOperation = {
	value: 'applyForNumbers',
	name: 'Apply for Numbers',
	description: 'Apply for new privacy numbers for a pool, per city, under a qualification',
	action: 'Apply for privacy numbers for a number pool',
	apiAction: 'CreateNumberApplication',
	encoding: 'json',
	result: ['ApplyBillId'],
	creates: {
		what: 'the number application',
		check: 'Look for it with Number Pool → Get Number Applications before applying again.',
	},
	fields: [
		textField('qualificationNo', 'Qualification No', {
			required: true,
			description: 'The approved qualification the numbers are for (QualificationNo, e.g. from Qualification → Get Many)',
		}),
		...numberPoolNo({ description: 'The pool the numbers go to' }),
		// Codes are sent as text, as the Go SDK sends them.
		textField('numberPurpose', 'Number Purpose', { required: true, ...CODE, description: 'The purpose code of the numbers (NumberPurpose), e.g. 1' }),
		textField('numberType', 'Number Type', { required: true, ...CODE, description: 'The number type code (NumberType), e.g. 1' }),
		textField('subServiceType', 'Sub Service Type', { required: true, ...CODE, description: 'The sub-service type code, e.g. 101' }),
		jsonField('numberApplicationCityItemList', 'Cities', {
			required: true,
			shape: 'list',
			example: '[{ "CityCode": "010", "CountryIsoCode": "CN", "NumberCount": "5" }]',
			description:
				'How many numbers per city: a JSON list of { CityCode, CountryIsoCode, ProvinceCode, NumberCount } (NumberApplicationCityItemList)',
		}),
	],
	optional: [
		textField('qualificationId', 'Qualification ID', { description: 'The qualification by its numeric ID instead' }),
		integerField('mobileType', 'Mobile Type', { min: 0, description: 'The mobile type code (MobileType)' }),
		textField('remark', 'Remark', { maxLength: 256, trim: false, description: 'A note for the reviewer' }),
	],
};
