import type { VmsOperation } from '../operation';
import { integerField, phoneField, textField } from '../fields';

export const registerANumber: VmsOperation = {
	value: 'registerANumber',
	name: 'Register A Number',
	description: "Register the real-name identity behind an A number, which some pools require before binding it",
	action: 'Register the real-name identity of an A number',
	apiAction: 'RouteAAuth',
	creates: {
		what: 'the registration',
		check: 'Check it with Qualification → Get A Number Registration before registering again.',
	},
	fields: [
		textField('requestId', 'Request ID', { required: true, maxLength: 64, description: 'Your own unique ID for this registration' }),
		phoneField('phoneNumber', 'Phone Number', { required: true, description: 'The A number to register' }),
		textField('name', 'Name', { required: true, description: 'The real name of the number’s holder' }),
		integerField('idType', 'ID Type', { required: true, min: 0, default: 1, description: 'The type of identity document (IdType), e.g. 1 for a resident ID card' }),
		textField('idNumber', 'ID Number', { required: true, description: 'The number of the identity document' }),
		textField('photo', 'Photo', { required: true, trim: false, description: 'The photo of the holder, as VMS expects it (Photo)' }),
	],
};
