import type { VmsOperation } from '../operation';
import { numberPoolNo, orderId, resultItem } from '../common';

export const registerIndustrialId: VmsOperation = {
	value: 'registerIndustrialId',
	name: 'Register Industrial ID',
	description: 'Register an order for a pool of 700 numbers, so its bindings can carry the Order ID',
	action: 'Register an industrial ID (order) for a 700-number pool',
	apiAction: 'RegisterIndustrialId',
	encoding: 'json',
	// The SDKs model no Result for this action.
	result: 'any',
	fields: [...numberPoolNo(), orderId({ required: true, description: 'The order to register (OrderId)' })],
	output: resultItem,
};
