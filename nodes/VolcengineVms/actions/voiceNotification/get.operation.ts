import type { IDataObject } from 'n8n-workflow';

import { withReadings } from '../../../shared/records';
import { isObject, type VmsOperation } from '../operation';
import { NOTIFICATION_STATES, singleOpenId } from './fields';

export const get: VmsOperation = {
	value: 'get',
	name: 'Get',
	description:
		'Get a voice notification: its state (name next to the code), times as ISO 8601 next to the raw ones, and the Call ID of its call for the Call operations',
	action: 'Get voice notification',
	apiAction: 'SingleInfo',
	// The classic SDKs: GET with SingleOpenId in the query; the 2025 docs: QuerySingleInfo, POST JSON.
	encoding: 'query',
	alternatives: [{ apiAction: 'QuerySingleInfo', encoding: 'json' }],
	versions: { from: 2 },
	fields: [singleOpenId({ description: 'The notification, as Send returned it (singleOpenId)' })],
	result: ['SingleOpenId'],
	// `callId` (from CallUuid) feeds Call → Get Records / Get Recording; it is absent until VMS has called.
	output: (result) => {
		const record = isObject(result) ? result : {};
		const item: IDataObject = withReadings(record, { State: NOTIFICATION_STATES, CreateTime: 'seconds', ReleaseTime: 'seconds', TriggerTime: 'seconds' });
		const callId = record.CallUuid;
		if (typeof callId === 'string' && callId !== '') item.callId = callId;
		return [item];
	},
};
