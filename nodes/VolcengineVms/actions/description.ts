import type { INodeProperties, NodeHint } from 'n8n-workflow';

import { firstValue } from './fields';
import { describeOperation, operationsIn } from './operation';
import { RESOURCES } from './resources';

/**
 * All parameters of one node version, generated from the one catalogue of operations: selectors, then each
 * operation's fields that exist in that version. Version 1's output is frozen (test/nodes/VolcengineVms/
 * versions.test.ts compares it with its snapshot).
 */
export function describeNode(version: number): INodeProperties[] {
	const resources = RESOURCES.map((resource) => ({ ...resource, operations: operationsIn(resource, version) })).filter(
		(resource) => resource.operations.length > 0,
	);
	const resourceSelector: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map((r) => ({ name: r.name, value: r.value, description: r.description })),
		default: firstValue(resources),
	};
	const operationSelectors: INodeProperties[] = resources.map((resource) => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: resource.operations.map((o) => ({
			name: o.name,
			value: o.value,
			description: o.description,
			action: o.action,
		})),
		default: firstValue(resource.operations),
	}));
	return [
		resourceSelector,
		...operationSelectors,
		...resources.flatMap((resource) =>
			resource.operations.flatMap((operation) => describeOperation(resource.value, operation, version)),
		),
	];
}

/** `resource:operation` of every operation that creates something (a binding, a call, a group). */
export const CREATING_OPERATIONS = RESOURCES.flatMap((resource) =>
	resource.operations.filter((operation) => operation.creates).map((operation) => `${resource.value}:${operation.value}`),
);

/**
 * Shown with every operation that creates something. A hint's condition is an expression over the
 * node's parameters; it cannot see the node's settings (Retry On Fail), so it states the rule instead.
 */
export const hints: NodeHint[] = [
	{
		message:
			'Keep <b>Retry On Fail</b> (Settings) off: this operation creates something, and a retry runs the whole node again and sends every item again, creating duplicates. While it is on, the node sends nothing and stops with an error. Throttling is already retried inside the node; to handle failures, set <b>On Error</b> to <i>Continue (using error output)</i>.',
		type: 'info',
		location: 'outputPane',
		whenToDisplay: 'always',
		displayCondition: `={{ ${JSON.stringify(CREATING_OPERATIONS)}.includes($parameter.resource + ":" + $parameter.operation) }}`,
	},
];
