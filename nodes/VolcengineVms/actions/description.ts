import type { INodeProperties } from 'n8n-workflow';

import { firstValue } from './fields';
import { describeOperation } from './operation';
import { RESOURCES } from './resources';

const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: RESOURCES.map((r) => ({ name: r.name, value: r.value, description: r.description })),
	default: firstValue(RESOURCES),
};

const operationSelectors: INodeProperties[] = RESOURCES.map((resource) => ({
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

/** All parameters of the node: selectors, then each operation's fields. */
export const properties: INodeProperties[] = [
	resourceSelector,
	...operationSelectors,
	...RESOURCES.flatMap((resource) =>
		resource.operations.flatMap((operation) => describeOperation(resource.value, operation)),
	),
];
