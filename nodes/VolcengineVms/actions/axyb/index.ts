import type { VmsResource } from '../operation';
import { bind } from './bind.operation';
import { bindYbForAxyb } from './bindYbForAxyb.operation';
import { unbind } from './unbind.operation';
import { update } from './update.operation';

export const axyb: VmsResource = {
	value: 'axyb',
	name: 'AXYB Binding',
	description: 'A and B each get their own privacy number (X for A, Y for B)',
	operations: [bind, bindYbForAxyb, update, unbind],
};
