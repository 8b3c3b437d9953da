import { integerField, optionsField, textField } from '../fields';
import { commaJoined, numberKind, phoneList } from '../common';

/** Fields of the number pool management actions (CreateNumberPool, UpdateNumberPool, number applications). */

export const poolName = (options: Parameters<typeof textField>[2] = {}) =>
	textField('name', 'Name', { maxLength: 32, description: 'The name of the number pool (at most 32 characters)', ...options });

export const serviceType = (options: Parameters<typeof integerField>[2] = {}) =>
	integerField('serviceType', 'Service Type', {
		min: 0,
		default: 200,
		description: 'The service type code, as Number Pool → Get Many shows it (ServiceType), e.g. 200 for privacy numbers',
		...options,
	});

export const subServiceType = (options: Parameters<typeof integerField>[2] = {}) =>
	integerField('subServiceType', 'Sub Service Type', {
		min: 0,
		default: 202,
		description: 'The sub-service type code (SubServiceType), e.g. 201 AXB, 202 AXN, 203 AXNE, 204 AXYB',
		...options,
	});

export const scene = () =>
	integerField('scene', 'Scene', { min: 0, description: 'The scene code of the pool (Scene), as agreed with Volcengine' });

/** The filters of the number lists, NumberList (Offset paging) and NumberListScroll (cursor). */
export const numberFilters = () => [
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
];
