import type { VmsOperation } from '../operation';
import { adminInfo, mainInfo, scenarios } from './fields';

export const add: VmsOperation = {
	value: 'add',
	name: 'Add',
	description: "Submit a company's qualification for review (upload its documents first with Upload File)",
	action: 'Add a qualification (company, person in charge, calling scenarios)',
	apiAction: 'AddQualification',
	encoding: 'json',
	result: ['QualificationNo'],
	creates: {
		what: 'the qualification',
		check: 'Look for it with Qualification → Get Many (by company name) before adding it again.',
	},
	fields: [mainInfo({ required: true }), adminInfo({ required: true }), scenarios({ required: true })],
};
