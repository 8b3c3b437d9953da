import type { INodeProperties } from 'n8n-workflow';

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
