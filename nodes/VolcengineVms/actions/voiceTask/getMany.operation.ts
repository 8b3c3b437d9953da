import { withReadings } from '../../../shared/records';
import { recordsOf, type VmsOperation } from '../operation';
import { resourceType } from '../common';
import { optionsField, phoneField, textField, type VmsField } from '../fields';
import { RESOURCE_TYPE_NAMES, TASK_STATES } from './fields';

const STATE_CHOICES = Object.entries(TASK_STATES).map(([code, name]) => ({
	name: name.charAt(0).toUpperCase() + name.slice(1).replace(/ (\w)/g, (_, c: string) => ` ${c.toUpperCase()}`),
	value: Number(code),
}));

/** Only tasks in these states: several can be picked; sent as `State: [codes]`. */
const state = (): VmsField => {
	const one = optionsField('state', 'State', STATE_CHOICES);
	return {
		property: {
			displayName: 'State',
			name: 'state',
			type: 'multiOptions',
			options: STATE_CHOICES,
			default: [],
			description: 'Only tasks in one of these states',
		},
		encode(value, ctx) {
			const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
			const codes = list.filter((v) => String(v).trim() !== '').map((v) => one.encode(v, ctx) as number);
			return codes.length ? codes : undefined;
		},
	};
};

export const getMany: VmsOperation = {
	value: 'getMany',
	name: 'Get Many',
	description: 'List the tasks of the account with their progress, the state as a name next to its code',
	action: 'Get voice notification tasks',
	apiAction: 'QueryTaskList',
	encoding: 'json',
	versions: { from: 2 },
	paginate: { pageSize: 100 },
	fields: [],
	optionalCollection: 'filters',
	optional: [
		textField('keyword', 'Keyword', { description: 'Only tasks whose name contains this text' }),
		state(),
		resourceType({ required: false, apiName: 'ResourceType', description: 'Only tasks that play a resource of this type' }),
		textField('resourceKey', 'Resource Key', { apiName: 'Resource', description: 'Only tasks that play this resource' }),
		phoneField('phone', 'Phone', { description: 'Only tasks that call this number' }),
	],
	result: 'records',
	output: (result) =>
		recordsOf(result).map((record) =>
			withReadings(record, { State: TASK_STATES, ResourceType: RESOURCE_TYPE_NAMES, StartTime: 'seconds', EndTime: 'seconds' }),
		),
};
