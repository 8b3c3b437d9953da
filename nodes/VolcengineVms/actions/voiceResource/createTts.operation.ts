import { textField } from '../fields';
import type { VmsOperation } from '../operation';
import { createsResource, name, REQ_SOURCE_TYPE } from './shared';

export const createTts: VmsOperation = {
	value: 'createTts',
	name: 'Create TTS Template',
	description: 'Create a text-to-speech template with ${variables}; it can be played once the review approves it',
	action: 'Create a TTS template',
	apiAction: 'OpenCreateTts',
	versions: { from: 2 },
	encoding: 'json',
	creates: createsResource('the TTS template'),
	fields: [
		name('The name of the template (at most 64 characters), unique in the account'),
		textField('ttsTemplateContent', 'TTS Template Content', {
			required: true,
			maxLength: 1000,
			trim: false,
			typeOptions: { rows: 3 },
			placeholder: 'e.g. Your parcel ${code} arrives at ${time}.',
			description:
				'The text VMS reads out. ${name} marks a variable, filled per call from Phone Param (Voice Notification → Send) or a phone entry of a task.',
		}),
	],
	optional: [textField('remark', 'Remark', { maxLength: 255, trim: false, description: 'A note for the reviewers, e.g. what the calls are for (at most 255 characters)' })],
	result: ['ResourceKey'],
	async prepare(params) {
		return { ...params, ReqSourceType: REQ_SOURCE_TYPE };
	},
};
