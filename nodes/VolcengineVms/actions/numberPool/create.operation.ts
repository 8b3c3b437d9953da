import type { VmsOperation } from '../operation';
import { poolName, scene, serviceType, subServiceType } from './fields';

export const create: VmsOperation = {
	value: 'create',
	name: 'Create',
	description: 'Create a number pool, e.g. for a new merchant',
	action: 'Create a number pool',
	apiAction: 'CreateNumberPool',
	result: ['NumberPoolNo'],
	creates: {
		what: 'the number pool',
		check: 'Look for it by name (Number Pool → Get Many, filter Number Pool Name) before creating it again.',
	},
	fields: [poolName({ required: true }), serviceType({ required: true }), subServiceType({ required: true })],
	optional: [scene()],
};
