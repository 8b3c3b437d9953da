import {
	NodeConnectionTypes,
	VersionedNodeType,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { describeNode } from './actions/description';
import { router } from './actions/router';
import { DEFAULT_VERSION, NODE_VERSIONS } from './actions/versions';
import { listSearch, loadOptions } from './methods';

const baseDescription: INodeTypeBaseDescription = {
	displayName: 'Volcengine VMS',
	name: 'volcengineVms',
	icon: { light: 'file:volcengineVms.svg', dark: 'file:volcengineVms.dark.svg' },
	group: ['output'],
	description: 'Privacy numbers (masked calling) with Volcengine VMS: bindings, dual calls, call records and recordings',
	defaultVersion: DEFAULT_VERSION,
};

/**
 * One version of the node: its parameters generated from the one catalogue of operations for that
 * version; the same router, methods and credential for all. Programmatic, not declarative: VMS needs the
 * body serialized exactly once (it is hashed for the signature), business errors arrive with HTTP 200,
 * and binds must never be retried blindly.
 */
class VolcengineVmsVersion implements INodeType {
	description: INodeTypeDescription;

	methods = { listSearch, loadOptions };

	constructor(version: number) {
		this.description = {
			...baseDescription,
			version,
			subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
			defaults: { name: 'Volcengine VMS' },
			usableAsTool: true,
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'volcengineVmsApi', required: true }],
			properties: describeNode(version),
		};
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

/**
 * Versions as n8n's VersionedNodeType: each saved node runs the version it was saved with (docs/development.md,
 * "Node versions"); new nodes get DEFAULT_VERSION.
 */
export class VolcengineVms extends VersionedNodeType {
	constructor() {
		super(Object.fromEntries(NODE_VERSIONS.map((version) => [version, new VolcengineVmsVersion(version)])), baseDescription);
	}
}
