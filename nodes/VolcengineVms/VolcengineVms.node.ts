import {
	NodeConnectionTypes,
	VersionedNodeType,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { describeNode, hints } from './actions/description';
import { router } from './actions/router';
import { DEFAULT_VERSION, NODE_VERSIONS } from './actions/versions';
import { listSearch, loadOptions } from './methods';

const methods = { listSearch, loadOptions };

/*
 * One class per version (n8n's lint reads each description as written), each generated from the one catalogue of
 * operations for its version (describeNode); the same router, methods and credential for all. Programmatic, not
 * declarative: VMS needs the body serialized exactly once (it is hashed for the signature), business errors arrive
 * with HTTP 200, and binds must never be retried blindly.
 */

/** Version 1 (frozen): Number Pool No is a dropdown saved as the plain pool number. */
class VolcengineVmsV1 implements INodeType {
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
		properties: describeNode(1),
		hints,
	};

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

/** Version 2: Number Pool No (and every pool picker) is a Resource Locator, From List or By ID. */
class VolcengineVmsV2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Volcengine VMS',
		name: 'volcengineVms',
		icon: { light: 'file:volcengineVms.svg', dark: 'file:volcengineVms.dark.svg' },
		group: ['output'],
		version: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Privacy numbers (masked calling) with Volcengine VMS: bindings, dual calls, call records and recordings',
		defaults: { name: 'Volcengine VMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'volcengineVmsApi', required: true }],
		properties: describeNode(2),
		hints,
	};

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

/**
 * The node, as n8n's VersionedNodeType: each saved node runs the version it was saved with (docs/development.md,
 * "Node versions"); new nodes get DEFAULT_VERSION. A new version is one more class above and in NODE_VERSIONS.
 */
export class VolcengineVms extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Volcengine VMS',
			name: 'volcengineVms',
			icon: { light: 'file:volcengineVms.svg', dark: 'file:volcengineVms.dark.svg' },
			group: ['output'],
			description: 'Privacy numbers (masked calling) with Volcengine VMS: bindings, dual calls, call records and recordings',
			defaultVersion: DEFAULT_VERSION,
		};
		const versions: Record<(typeof NODE_VERSIONS)[number], INodeType> = { 1: new VolcengineVmsV1(), 2: new VolcengineVmsV2() };
		super(versions, baseDescription);
	}
}
