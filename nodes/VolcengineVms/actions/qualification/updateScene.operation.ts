import type { VmsOperation } from '../operation';
import { resultItem } from '../common';
import { scenarios } from './fields';

export const updateScene: VmsOperation = {
	value: 'updateScene',
	name: 'Update Scenarios',
	description: 'Change calling scenarios of a qualification',
	action: 'Update calling scenarios of a qualification',
	apiAction: 'UpdateQualificationScene',
	encoding: 'json',
	result: 'any',
	fields: [scenarios({ required: true })],
	output: resultItem,
};
