import type { VmsResource } from '../operation';
import { bind } from './bind.operation';
import { createGroup } from './createGroup.operation';
import { deleteGroup } from './deleteGroup.operation';
import { unbind } from './unbind.operation';
import { update } from './update.operation';
import { updateGroup } from './updateGroup.operation';

export const axg: VmsResource = {
	value: 'axg',
	name: 'AXG Binding',
	description: 'A is reached through X only by the members of a group G',
	operations: [bind, update, unbind, createGroup, updateGroup, deleteGroup],
};
