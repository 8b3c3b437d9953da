import type { VmsResource } from '../operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';

export const subscription: VmsResource = {
	value: 'subscription',
	name: 'Subscription',
	description: 'Look up bindings of any mode',
	operations: [get, getMany],
};
