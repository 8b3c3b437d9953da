import type { IDataObject } from 'n8n-workflow';

import { phoneList } from '../common';
import { optionsField, textField } from '../fields';
import { isObject, type VmsOperation } from '../operation';

/**
 * `status` of QueryCanCall: the API page says 0 normal and -1 frozen; the risk-control push numbers the same
 * states 0 normal, 1 whitelisted, 2 frozen. Both are read; only normal and whitelisted numbers can be called.
 */
const STATUSES: Record<string, string> = { 0: 'normal', 1: 'whitelisted', 2: 'frozen', '-1': 'frozen' };
const CALLABLE = new Set(['0', '1']);

/** `CustomerNumber` → `customerNumber`: the API page shows lowerCamel keys, the Go SDK's model PascalCase. */
const lowerFirst = (record: IDataObject): IDataObject =>
	Object.fromEntries(Object.entries(record).map(([key, value]) => [key.charAt(0).toLowerCase() + key.slice(1), value]));

/** One item per number: `canCall`, the status and its name first, then what VMS said. */
function toNumberItems(result: unknown): IDataObject[] {
	return (Array.isArray(result) ? result : []).filter(isObject).map((entry) => {
		const record = lowerFirst(entry);
		const status = String(record.status ?? '').trim();
		return {
			customerNumber: record.customerNumber,
			canCall: CALLABLE.has(status),
			status: record.status,
			statusName: STATUSES[status] ?? 'unknown',
			...record,
		};
	});
}

export const canCall: VmsOperation = {
	value: 'canCall',
	name: 'Check Numbers',
	description: 'Check which phone numbers may be called (not frozen or blacklisted by risk control); one item per number',
	action: 'Check whether numbers can be called',
	apiAction: 'QueryCanCall',
	versions: { from: 2 },
	fields: [
		phoneList('customerNumberList', 'Customer Numbers', {
			required: true,
			description: 'The numbers to check, separated by commas or given as a list (e.g. from an expression). Any number: they are sent 100 at a time.',
			maxItems: Infinity,
		}),
		textField('businessLineId', 'Business Line ID', {
			required: true,
			maxLength: 64,
			placeholder: 'e.g. 2100000001',
			description: 'Your Volcengine account ID, as VMS asks for it here (BusinessLineId)',
		}),
		optionsField(
			'callType',
			'Call Type',
			[
				{ name: 'Outbound Call', value: 1 },
				{ name: 'Inbound Call', value: 2 },
				{ name: 'SMS', value: 3 },
			],
			{ required: true, description: 'What the numbers would be used for' },
		),
	],
	// One comma-joined form value per request (the transport joins lists in forms); 100 per request is this node's choice.
	chunk: { param: 'CustomerNumberList', size: 100 },
	result: 'records',
	output: (result) => toNumberItems(result),
};
