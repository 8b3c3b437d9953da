import type { IDataObject } from 'n8n-workflow';

import type { VmsOperation } from '../operation';
import { callId } from '../common';

export const cancelClick2Call: VmsOperation = {
	value: 'cancelClick2Call',
	name: 'Cancel Click2Call',
	description: 'Cancel a dual call that is still being set up',
	action: 'Cancel dual call',
	apiAction: 'CancelClick2Call',
	fields: [callId()],
	result: 'flag',
	// `Result` is true or false (false: the call was already over), or `{ Success }` in the newer API.
	output: (result, params) => [
		{
			success: result === true || (result as IDataObject | null)?.Success === true,
			callId: params.CallId,
		},
	],
};
