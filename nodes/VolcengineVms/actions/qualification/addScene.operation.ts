import type { VmsOperation } from '../operation';
import { resultItem } from '../common';
import { scenarios } from './fields';

export const addScene: VmsOperation = {
	value: 'addScene',
	name: 'Add Scenarios',
	description: 'Add calling scenarios to a qualification (each entry names its QualificationNo)',
	action: 'Add calling scenarios to a qualification',
	apiAction: 'AddQualificationScene',
	encoding: 'json',
	result: 'any',
	creates: { what: 'the scenarios', check: 'Look at the qualification with Qualification → Get Many before adding them again.' },
	fields: [scenarios({ required: true })],
	output: resultItem,
};
