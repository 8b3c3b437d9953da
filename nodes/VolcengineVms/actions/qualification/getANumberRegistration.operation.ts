import type { VmsOperation } from '../operation';
import { phoneField } from '../fields';

export const getANumberRegistration: VmsOperation = {
	value: 'getANumberRegistration',
	name: 'Get A Number Registration',
	description: 'Whether an A number is registered (Status) and why not (FailReason)',
	action: 'Get the real-name registration status of an A number',
	apiAction: 'QueryAuth',
	result: ['Status'],
	fields: [phoneField('phone', 'Phone', { required: true, description: 'The A number' })],
};
