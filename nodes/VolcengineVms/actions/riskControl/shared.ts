import type { IDataObject } from 'n8n-workflow';

import { integerField, phoneField, type VmsField } from '../fields';

/** The number whose blacklist entry is changed (CustomerNumber). */
export const customerNumber = () =>
	phoneField('customerNumber', 'Customer Number', {
		required: true,
		description: 'The phone number: a mainland mobile or a landline with its area code (+86, spaces and hyphens are removed)',
	});

/** The entry's scope, as the Go SDK has it on AddBlackList and DeleteBlackList; VMS documents no values for it. */
export const scope = (): VmsField[] => [
	integerField('type', 'Type', { min: 0, description: 'The kind of block (Type) as VMS numbers it, e.g. 1 = outbound calls (as in risk-control pushes)' }),
	integerField('serviceType', 'Service Type', { min: 0, description: 'The VMS service of the entry (ServiceType), e.g. 100 voice or 200 privacy numbers' }),
	integerField('subServiceType', 'Sub Service Type', { min: 0, description: 'The product of the entry (SubServiceType), e.g. 102 voice notification or 202 AXN' }),
];

/** The answer is a text (the Go SDK models `Result string`): the item says what was done, and keeps it. */
export const blacklistItem = (action: 'added' | 'removed') => (result: unknown, params: IDataObject): IDataObject[] => [
	{
		success: true,
		customerNumber: params.CustomerNumber,
		blacklist: action,
		...(result !== undefined && result !== null && result !== '' ? { result: result as IDataObject[string] } : {}),
	},
];
