import type { VmsResource } from '../operation';
import { bind } from './bind.operation';
import { selectNumberAndBind } from './selectNumberAndBind.operation';
import { unbind } from './unbind.operation';
import { update } from './update.operation';

export const axn: VmsResource = {
	value: 'axn',
	name: 'AXN Binding',
	description: 'A is reached through X by anyone; B is the default callee',
	operations: [bind, selectNumberAndBind, update, unbind],
};
