import type { VmsOperation } from '../operation';
import { numberPoolNo } from '../common';
import { poolName, scene, serviceType, subServiceType } from './fields';

export const update: VmsOperation = {
	value: 'update',
	name: 'Update',
	description: 'Rename a number pool or change its service type',
	action: 'Update a number pool (name, service type)',
	apiAction: 'UpdateNumberPool',
	result: 'success',
	fields: [...numberPoolNo({ description: 'The number pool to change' }), poolName({ required: true, description: 'The new (or unchanged) name of the pool' })],
	optional: [serviceType(), subServiceType(), scene()],
};
