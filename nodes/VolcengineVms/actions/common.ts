import { expireTimeField, flagField, phoneField, textField } from './fields';

/** Fields shared by many VMS actions, defined once. */

export const numberPoolNo = (options: Parameters<typeof textField>[2] = {}) =>
	textField('numberPoolNo', 'Number Pool No', {
		required: true,
		placeholder: 'NP160084061100694433',
		description: 'The number pool the X number belongs to (VMS console: Number Management → Number Pools)',
		pattern: /^[A-Za-z0-9_-]{1,64}$/,
		patternHint: 'a pool number such as NP160084061100694433 (letters, digits, _ and -)',
		...options,
	});

export const phoneNoA = (options: Parameters<typeof phoneField>[2] = {}) =>
	phoneField('phoneNoA', 'Phone No A', {
		required: true,
		description: 'The real number of party A, e.g. the customer',
		...options,
	});

export const phoneNoB = (options: Parameters<typeof phoneField>[2] = {}) =>
	phoneField('phoneNoB', 'Phone No B', {
		description: 'The real number of party B, e.g. the driver or courier',
		...options,
	});

export const phoneNoX = (options: Parameters<typeof phoneField>[2] = {}) =>
	phoneField('phoneNoX', 'Phone No X', {
		required: true,
		placeholder: '13700000002',
		description: 'The privacy (virtual) number both parties dial; it must belong to the number pool',
		...options,
	});

export const expireTime = (options: Parameters<typeof expireTimeField>[2] = {}) =>
	expireTimeField('expireTime', 'Expire Time', { required: true, ...options });

export const audioRecordFlag = () =>
	flagField('audioRecordFlag', 'Record Calls', {
		default: true,
		description: 'Whether calls through the binding are recorded (sent as AudioRecordFlag 1 or 0)',
	});

export const userData = () =>
	textField('userData', 'User Data', {
		maxLength: 2048,
		trim: false,
		description:
			'Your own data (at most 2048 characters), echoed back in call events and call records, e.g. an order ID',
	});

export const outId = () =>
	textField('outId', 'Out ID', {
		maxLength: 128,
		description: 'Your external business ID (at most 128 characters), echoed back in call records',
	});

export const subId = () =>
	textField('subId', 'Sub ID', {
		required: true,
		placeholder: 'S160817372431596661',
		description: 'The binding (subscription) ID returned when the binding was created',
	});
