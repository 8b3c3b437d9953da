import type { VmsOperation } from '../operation';
import { integerField, textField } from '../fields';
import { numberPoolNo } from '../common';

export const getMany: VmsOperation = {
	value: 'getMany',
	name: 'Get Many',
	description: 'List the number pools of the account',
	action: 'Get number pools of account',
	apiAction: 'NumberPoolList',
	paginate: { pageSize: 100 },
	fields: [],
	optionalCollection: 'filters',
	optional: [
		integerField('serviceType', 'Service Type', { min: 0, default: 200, description: 'e.g. 200 for privacy numbers' }),
		integerField('subServiceType', 'Sub Service Type', { min: 0, default: 202, description: 'e.g. 201 AXB, 202 AXN, 203 AXNE, 204 AXYB' }),
		...numberPoolNo({ required: false, description: 'Only this pool' }),
		textField('numberPoolName', 'Number Pool Name', { description: 'Only pools whose name contains this text' }),
	],
};
