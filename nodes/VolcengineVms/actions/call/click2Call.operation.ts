import type { VmsOperation } from '../operation';
import { FieldError, flagField, integerField, listField, optionsField, phoneField, textField } from '../fields';
import { cityCode, CREATES_CALL, numberPoolNo, userData } from '../common';

type Side = 'caller' | 'callee';

const SIDES: Record<Side, { label: string; party: string }> = {
	caller: { label: 'Caller', party: 'the caller' },
	callee: { label: 'Callee', party: 'the callee' },
};

const AREA_CODE = /^0\d{2,3}$/;

/** The display-number choices of one side: a fixed number, or a city with fallbacks (sorted by label). */
function displayNumberFields(side: Side) {
	const { label, party } = SIDES[side];
	return [
		flagField(`${side}DegradeToCapital`, `${label} Degrade To Capital`, {
			description: `Whether a number of the provincial capital may be used when the city and its fallbacks have none (${label}DegradeToCapital)`,
		}),
		phoneField(`${side}Number`, `${label} Number`, {
			placeholder: 'e.g. 01053000002',
			description: `A fixed number of the ${side} number pool that ${party} sees; overrides the city fields`,
		}),
		cityCode({
			name: `${side}NumberCityCode`,
			displayName: `${label} Number City Code`,
			description: `Area code of the city whose number ${party} sees, e.g. 010`,
		}),
		listField(`${side}NumberDegradeCityList`, `${label} Number Degrade City List`, {
			placeholder: 'e.g. 021,0571',
			description: `Fallback cities when ${label} Number City Code has no free number: up to 5 area codes, separated by commas or given as a list`,
			maxItems: 5,
			item: (entry) => (AREA_CODE.test(entry) ? entry : undefined),
			itemHint: 'area codes such as 010 or 0531',
		}),
	];
}

export const click2Call: VmsOperation = {
	value: 'click2Call',
	name: 'Click2Call',
	description: 'Place a dual call: VMS calls the caller, then the callee, and connects them; both see pool numbers',
	action: 'Place dual call',
	apiAction: 'Click2Call',
	result: ['CallId'],
	creates: CREATES_CALL,
	fields: [
		phoneField('caller', 'Caller', {
			required: true,
			description: 'Called first (e.g. the agent or courier); once they answer, VMS calls the callee',
		}),
		phoneField('callee', 'Callee', { required: true, placeholder: 'e.g. 13900139000', description: 'Called second (e.g. the customer)' }),
		...numberPoolNo({
			name: 'callerNumberPoolNo',
			displayName: 'Caller Number Pool No',
			description:
				'The pool whose number the caller sees. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		}),
		...numberPoolNo({
			name: 'calleeNumberPoolNo',
			displayName: 'Callee Number Pool No',
			description:
				'The pool whose number the callee sees. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		}),
	],
	// Sorted by label, as n8n lists them.
	optional: [
		...displayNumberFields('callee'),
		...displayNumberFields('caller'),
		integerField('lastMinutes', 'Last Minutes', {
			min: 1,
			max: 1440,
			default: 1,
			description: 'How many minutes before Max Time ends Last Voice is played',
		}),
		textField('lastVoice', 'Last Voice', {
			description: 'Resource key of an approved audio file played Last Minutes before the call is cut off',
		}),
		optionsField(
			'lastVoiceTo',
			'Last Voice To',
			[
				{ name: 'Both', value: 'BOTH' },
				{ name: 'Callee', value: 'CALLEE' },
				{ name: 'Caller', value: 'CALLER' },
				{ name: 'Nobody', value: 'NONE' },
			],
			{ default: 'NONE', description: 'Who hears Last Voice' },
		),
		integerField('maxTime', 'Max Time (Minutes)', {
			min: 0,
			max: 1440,
			description: 'Longest talk time in minutes, counted from when the callee answers; 0 means no limit',
		}),
		textField('preVoice', 'Pre Voice', {
			description: 'Resource key of an approved audio file (VMS console) played before the parties are connected',
		}),
		userData(),
	],
	validate: (params) => {
		for (const side of ['Caller', 'Callee']) {
			if (params[`${side}NumberDegradeCityList`] !== undefined && params[`${side}NumberCityCode`] === undefined) {
				throw new FieldError(
					`${side} Number Degrade City List (${side.toLowerCase()}NumberDegradeCityList) needs ${side} Number City Code (${side.toLowerCase()}NumberCityCode)`,
					`VMS uses the fallback cities only after the city in ${side} Number City Code. Set that city too, or remove the list.`,
				);
			}
		}
	},
};
