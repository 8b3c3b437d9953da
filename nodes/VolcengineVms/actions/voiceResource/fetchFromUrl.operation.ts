import { textField } from '../fields';
import type { VmsOperation } from '../operation';
import { createsResource, name, REQ_SOURCE_TYPE } from './shared';

export const fetchFromUrl: VmsOperation = {
	value: 'fetchFromUrl',
	name: 'Create From URL',
	description: 'Import an audio file (MP3 or WAV) that VMS downloads from a public URL; it can be played once approved',
	action: 'Create an audio resource from a URL',
	apiAction: 'FetchResource',
	versions: { from: 2 },
	encoding: 'json',
	creates: createsResource('the audio resource'),
	fields: [
		textField('url', 'URL', {
			required: true,
			maxLength: 1024,
			placeholder: 'e.g. https://example.com/audio/reminder.mp3',
			description: 'A public http(s) URL of the audio file, which VMS downloads itself',
			pattern: /^https?:\/\/\S+$/i,
			patternHint: 'an http:// or https:// URL without spaces',
		}),
		name('The name of the audio resource (at most 64 characters), unique in the account'),
	],
	result: ['ResourceKey'],
	async prepare(params) {
		return { ...params, ReqSourceType: REQ_SOURCE_TYPE };
	},
};
