import type { VmsResource } from '../operation';
import { bind } from './bind.operation';
import { selectNumberAndBind } from './selectNumberAndBind.operation';
import { unbind } from './unbind.operation';
import { update } from './update.operation';
import { upgradeAxToAxb } from './upgradeAxToAxb.operation';

export const axb: VmsResource = {
	value: 'axb',
	name: 'AXB Binding',
	description: 'A and B reach each other through X, and only they do',
	operations: [bind, selectNumberAndBind, upgradeAxToAxb, update, unbind],
};
