import type { VmsOperation } from '../operation';
import { integerField, textField } from '../fields';

const time = (name: string, displayName: string, what: string) =>
	textField(name, displayName, { description: `${what}, as VMS writes times (e.g. 2024-01-31 00:00:00)` });

export const getApplications: VmsOperation = {
	value: 'getApplications',
	name: 'Get Number Applications',
	description: 'List your number applications and their status',
	action: 'Get the number applications of the account',
	apiAction: 'QueryNumberApplyRecordList',
	encoding: 'query',
	paginate: { pageSize: 100 },
	fields: [],
	optionalCollection: 'filters',
	optional: [
		textField('applyBillId', 'Apply Bill ID', { description: 'Only this application (ApplyBillId, as Apply for Numbers returns it)' }),
		integerField('applyStatusCode', 'Apply Status Code', { min: 0, description: 'Only applications in this status (ApplyStatusCode)' }),
		integerField('subServiceType', 'Sub Service Type', { min: 0, default: 202, description: 'e.g. 201 AXB, 202 AXN' }),
		integerField('numberType', 'Number Type', { min: 0, description: 'The number type code (NumberType)' }),
		time('applyTimeLowerBound', 'Applied After', 'Only applications made after this time'),
		time('applyTimeUpperBound', 'Applied Before', 'Only applications made before this time'),
		time('updateTimeLowerBound', 'Updated After', 'Only applications updated after this time'),
		time('updateTimeUpperBound', 'Updated Before', 'Only applications updated before this time'),
	],
};
