import { withReadings } from '../../../shared/records';
import { recordsOf, type VmsOperation } from '../operation';
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

/** The resource type filter: the same choices as Create's Resource Type, sent as 0, 1, 2 in `ResourceType`. */
const resourceTypeFilter = (): VmsField => {
	const choices = [
		{ name: 'Audio File', value: 'audio' },
		{ name: 'TTS Template', value: 'tts' },
		{ name: 'IVR Flow', value: 'ivr' },
	];
	const field = optionsField('resourceType', 'Resource Type', choices, { description: 'Only tasks that play a resource of this type' });
	const codes: Record<string, number> = { audio: 0, tts: 1, ivr: 2, 0: 0, 1: 1, 2: 2 };
	return {
		...field,
		apiName: 'ResourceType',
		encode(value, ctx) {
			const known = codes[String(value).trim().toLowerCase()];
			if (known !== undefined) return known;
			const picked = field.encode(value, ctx);
			return picked === undefined ? undefined : codes[String(picked)];
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
		resourceTypeFilter(),
		textField('resourceKey', 'Resource Key', { apiName: 'Resource', description: 'Only tasks that play this resource' }),
		phoneField('phone', 'Phone', { description: 'Only tasks that call this number' }),
	],
	result: 'records',
	output: (result) =>
		recordsOf(result).map((record) =>
			withReadings(record, { State: TASK_STATES, ResourceType: RESOURCE_TYPE_NAMES, StartTime: 'seconds', EndTime: 'seconds' }),
		),
};
