import type { VmsResource } from '../operation';
import { bind } from './bind.operation';

export const axn: VmsResource = {
	value: 'axn',
	name: 'AXN Binding',
	description: 'A talks to anyone through X; B is the default callee',
	operations: [bind],
};
