import type { VmsOperation } from '../operation';
import { singleOpenId } from './fields';

export const cancel: VmsOperation = {
	value: 'cancel',
	name: 'Cancel',
	description: 'Cancel a voice notification that has not been called yet (or is waiting to call again)',
	action: 'Cancel voice notification',
	apiAction: 'SingleCancel',
	// The classic SDKs: GET with SingleOpenId in the query; the 2025 docs: SingleCancelV2, POST JSON.
	encoding: 'query',
	alternatives: [{ apiAction: 'SingleCancelV2', encoding: 'json' }],
	versions: { from: 2 },
	fields: [singleOpenId({ description: 'The notification to cancel, as Send returned it (singleOpenId)' })],
	// All SDKs: ResponseMetadata only.
	result: 'none',
};
