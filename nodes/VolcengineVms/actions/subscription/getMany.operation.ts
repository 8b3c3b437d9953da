import type { VmsOperation } from '../operation';
import { optionsField, textField } from '../fields';
import { numberPoolNo, outId, phoneNoA, phoneNoB, phoneNoX, phoneNoY, subId } from '../common';

export const getMany: VmsOperation = {
	value: 'getMany',
	name: 'Get Many',
	description: 'List the bindings of a pool, filtered by number, status or Out ID',
	action: 'Find bindings by phone number (A, B, X or Y), status, Out ID or Sub ID',
	apiAction: 'QuerySubscriptionForList',
	paginate: { pageSize: 100 },
	fields: [...numberPoolNo()],
	optionalCollection: 'filters',
	optional: [
		optionsField(
			'status',
			'Status',
			[
				{ name: 'Abnormal', value: 2 },
				{ name: 'Bound', value: 1 },
				{ name: 'Unbound', value: 0 },
			],
			{ default: 1, description: 'Only bindings in this state' },
		),
		phoneNoA({ required: false }),
		phoneNoB(),
		phoneNoX({ required: false }),
		phoneNoY(),
		textField('number', 'Any Number', { description: 'Bindings in which this number is A, B, X or Y' }),
		outId(),
		subId({ required: false }),
	],
};
