import type { VmsOperation } from '../operation';
import { phoneField } from '../fields';
import { audioRecordFlag, CREATES_CALL, numberPoolNo, userData } from '../common';

export const click2CallLite: VmsOperation = {
	value: 'click2CallLite',
	name: 'Click2Call Lite',
	description: 'Place a dual call with one number pool; the company and caller numbers must be registered with VMS first',
	action: 'Place lite dual call',
	apiAction: 'Click2CallLite',
	result: ['CallId'],
	creates: CREATES_CALL,
	fields: [
		phoneField('caller', 'Caller', {
			required: true,
			description: 'Called first; once they answer, VMS calls the callee. Must be a number registered for Click2Call Lite.',
		}),
		phoneField('callee', 'Callee', { required: true, placeholder: 'e.g. 13900139000', description: 'Called second (e.g. the customer)' }),
		...numberPoolNo({ description: 'The pool whose number both parties see' }),
	],
	optional: [audioRecordFlag(), userData()],
};
