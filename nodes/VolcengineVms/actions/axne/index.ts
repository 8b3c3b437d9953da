import type { VmsResource } from '../operation';
import { bind } from './bind.operation';
import { bindAxbForAxne } from './bindAxbForAxne.operation';
import { unbind } from './unbind.operation';
import { update } from './update.operation';

export const axne: VmsResource = {
	value: 'axne',
	name: 'AXNE Binding',
	description: 'A is reached through X plus an extension E',
	operations: [bind, bindAxbForAxne, update, unbind],
};
