import type { VmsOperation } from '../operation';
import { name, resourceKeyText } from './shared';

export const rename: VmsOperation = {
	value: 'rename',
	name: 'Rename',
	description: 'Give a voice resource another name',
	action: 'Rename a voice resource',
	apiAction: 'OpenUpdateResource',
	versions: { from: 2 },
	encoding: 'postQuery',
	result: 'none',
	fields: [resourceKeyText(), name('The new name (at most 64 characters), unique in the account')],
	output: (_result, params) => [{ success: true, resourceKey: params.ResourceKey, name: params.Name }],
};
