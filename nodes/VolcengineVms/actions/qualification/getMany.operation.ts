import type { VmsOperation } from '../operation';
import { integerField, listField, textField } from '../fields';

export const getMany: VmsOperation = {
	value: 'getMany',
	name: 'Get Many',
	description: 'List the qualifications of the account with their review status',
	action: 'Get the qualifications of the account',
	apiAction: 'QueryQualification',
	encoding: 'json',
	paginate: { pageSize: 100 },
	fields: [],
	optionalCollection: 'filters',
	optional: [
		listField('qualificationNoList', 'Qualification Nos', {
			placeholder: 'QUA164679537228220075',
			maxItems: 100,
			item: (entry) => (/^[A-Za-z0-9_-]{1,64}$/.test(entry) ? entry : undefined),
			itemHint: 'qualification numbers such as QUA164679537228220075',
			description: 'Only these qualifications, separated by commas or given as a list',
		}),
		integerField('approvalStatus', 'Approval Status', { min: 0, description: 'Only qualifications in this review status (ApprovalStatus)' }),
		textField('qualificationEntityQueryPattern', 'Company Name Contains', { description: 'Only qualifications whose company name contains this text' }),
	],
};
