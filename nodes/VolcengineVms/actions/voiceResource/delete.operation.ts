import type { VmsOperation } from '../operation';
import { resourceKeyText } from './shared';

export const deleteResource: VmsOperation = {
	value: 'delete',
	name: 'Delete',
	description: 'Delete a voice resource; notifications and tasks can no longer play it',
	action: 'Delete a voice resource',
	apiAction: 'OpenDeleteResource',
	versions: { from: 2 },
	encoding: 'postQuery',
	result: 'none',
	fields: [resourceKeyText()],
	output: (_result, params) => [{ success: true, resourceKey: params.ResourceKey }],
};
