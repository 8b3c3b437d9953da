import type { VmsResource } from '../operation';
import { addToBlacklist } from './addToBlacklist.operation';
import { canCall } from './canCall.operation';
import { removeFromBlacklist } from './removeFromBlacklist.operation';

export const riskControl: VmsResource = {
	value: 'riskControl',
	name: 'Risk Control',
	description: 'Check whether numbers may be called, and the blacklist of numbers VMS must not call',
	operations: [canCall, addToBlacklist, removeFromBlacklist],
};
