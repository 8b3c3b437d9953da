import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { hints, properties } from './actions/description';
import { router } from './actions/router';
import { loadOptions } from './methods';

/**
 * Programmatic, not declarative: VMS needs the body serialized exactly once (it is hashed for the
 * signature), business errors arrive with HTTP 200, and binds must never be retried blindly.
 */
export class VolcengineVms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Volcengine VMS',
		name: 'volcengineVms',
		icon: { light: 'file:volcengineVms.svg', dark: 'file:volcengineVms.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Privacy numbers (masked calling) with Volcengine VMS: bindings, dual calls, call records and recordings',
		defaults: { name: 'Volcengine VMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'volcengineVmsApi', required: true }],
		properties,
		hints,
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
