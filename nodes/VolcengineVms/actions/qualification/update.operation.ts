import type { VmsOperation } from '../operation';
import { resultItem } from '../common';
import { adminInfo, mainInfo, scenarios } from './fields';

export const update: VmsOperation = {
	value: 'update',
	name: 'Update',
	description: 'Change a qualification (Main Info carries its QualificationNo)',
	action: 'Update a qualification',
	apiAction: 'UpdateQualification',
	encoding: 'json',
	// The Go SDK models the Result as text.
	result: 'any',
	fields: [mainInfo({ required: true })],
	optional: [adminInfo(), scenarios()],
	output: resultItem,
};
