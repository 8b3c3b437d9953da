import type { VmsResource } from '../operation';
import { getMany } from './getMany.operation';
import { getNumbers } from './getNumbers.operation';
import { selectNumber } from './selectNumber.operation';

export const numberPool: VmsResource = {
	value: 'numberPool',
	name: 'Number Pool',
	description: 'Number pools and their numbers',
	operations: [getMany, getNumbers, selectNumber],
};
