import type { IDataObject } from 'n8n-workflow';

import { isValidPhone, normalizePhone } from '../helpers/phone';
import {
	expireTimeField,
	flagField,
	integerField,
	listField,
	locatorField,
	optionsField,
	phoneField,
	textField,
	type VmsField,
} from './fields';
import { isObject, toItems, type VmsOperation } from './operation';

/** Fields shared by many VMS actions, defined once. */

type TextOptions = Parameters<typeof textField>[2];
type PhoneOptions = Parameters<typeof phoneField>[2];

const POOL_PATTERN = { pattern: /^[A-Za-z0-9_-]{1,64}$/, patternHint: 'a pool number such as NP160084061100694433 (letters, digits, _ and -)' };

/** Version 1's dropdown tells how to give an ID instead; the locator's By ID mode does that from version 2 on. */
const POOL_TIP = ' Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/** Voice-notification resource types: the parameter's value, and the API's `Type` code. */
export const RESOURCE_TYPES = [
	{ name: 'Audio File', value: 'audio', code: 0, description: 'A recorded audio file' },
	{ name: 'IVR Flow', value: 'ivr', code: 2, description: 'An interactive voice flow: the callee presses keys' },
	{ name: 'TTS Template', value: 'tts', code: 1, description: 'A text-to-speech template, with variables' },
];

/** The resource type as the API's code: from `audio`, `tts`, `ivr`, a choice's name, or the code itself (0, 1, 2). */
export function resourceTypeCode(value: unknown): number | undefined {
	const text = String(value).trim().toLowerCase();
	return RESOURCE_TYPES.find((t) => t.value === text || t.name.toLowerCase() === text || String(t.code) === text)?.code;
}

/** Resource Type (API `Type`): audio 0, tts 1, ivr 2; a code is accepted too, as the API and its docs write it. */
export const resourceType = (options: Parameters<typeof optionsField>[3] = {}): VmsField => {
	const field = optionsField(
		'resourceType',
		'Resource Type',
		RESOURCE_TYPES.map(({ name, value, description }) => ({ name, value, description })),
		{ required: true, default: 'tts', apiName: 'Type', description: 'The kind of resource VMS plays', ...options },
	);
	return {
		...field,
		encode: (value, ctx) => {
			const name = RESOURCE_TYPES.find((t) => t.code === resourceTypeCode(value))?.value;
			const chosen = field.encode(name ?? value, ctx);
			return chosen === undefined ? undefined : resourceTypeCode(chosen);
		},
	};
};

const RESOURCE_PATTERN = { pattern: /^\S{1,128}$/, patternHint: 'a resource key as VMS shows it, without spaces' };

/**
 * The voice resource picker (API `Resource`): a Resource Locator listing the account's usable (approved)
 * resources of the chosen Resource Type, or By ID. Voice operations exist from version 2 on only.
 */
export const resourceKey = (options: Omit<NonNullable<TextOptions>, 'versions'> = {}): VmsField =>
	locatorField('resourceKey', 'Resource Key', {
		searchMethod: 'searchResources',
		listPlaceholder: 'Select a resource...',
		idPlaceholder: 'e.g. 6f0a7c3e2b1d4e5f',
		required: true,
		apiName: 'Resource',
		...RESOURCE_PATTERN,
		description: 'The approved audio file, TTS template or IVR flow to play (of the chosen Resource Type)',
		...options,
	});

/**
 * The number pool picker, shared by every operation that names a pool (also as Caller/Callee/Y Number
 * Pool No): version 1's dropdown (loaded from NumberPoolList, saved as the plain pool number; frozen),
 * and from version 2 on a Resource Locator (From List, searchable, or By ID). Spread it into a field list.
 */
export const numberPoolNo = (options: Omit<NonNullable<TextOptions>, 'versions'> = {}): VmsField[] => {
	const description = options.description ?? `The number pool of the binding.${POOL_TIP}`;
	return [
		textField('numberPoolNo', 'Number Pool No', {
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getNumberPools' },
			required: true,
			...POOL_PATTERN,
			...options,
			description,
			versions: { to: 1 },
		}),
		locatorField('numberPoolNo', 'Number Pool No', {
			searchMethod: 'searchNumberPools',
			listPlaceholder: 'Select a number pool...',
			idPlaceholder: 'e.g. NP160084061100694433',
			required: true,
			...POOL_PATTERN,
			...options,
			description: description.endsWith(POOL_TIP) ? description.slice(0, -POOL_TIP.length).replace(/\.$/, '') : description,
			versions: { from: 2 },
		}),
	];
};

export const phoneNoA = (options: PhoneOptions = {}) =>
	phoneField('phoneNoA', 'Phone No A', { required: true, description: 'The real phone number of party A, e.g. the customer: a mainland mobile or a landline with its area code (+86, spaces and hyphens are removed)', ...options });

export const phoneNoB = (options: PhoneOptions = {}) =>
	phoneField('phoneNoB', 'Phone No B', { description: 'The real phone number of party B, e.g. the driver or courier: a mainland mobile or a landline with its area code (+86, spaces and hyphens are removed)', ...options });

export const phoneNoBHint =
	'Recommended: without B, VMS binds a placeholder number that may be blacklisted, and then the binding fails';

export const phoneNoX = (options: PhoneOptions = {}) =>
	phoneField('phoneNoX', 'Phone No X', {
		required: true,
		placeholder: 'e.g. 13700000002',
		description: 'The privacy (virtual) number both parties dial; it must belong to the number pool',
		...options,
	});

export const phoneNoY = (options: PhoneOptions = {}) =>
	phoneField('phoneNoY', 'Phone No Y', {
		description: 'The second privacy number, which B dials to reach A (AXYB); must belong to the Y number pool',
		...options,
	});

export const expireTime = (options: Parameters<typeof expireTimeField>[2] = {}) =>
	expireTimeField('expireTime', 'Expire Time', { required: true, ...options });

export const audioRecordFlag = () =>
	flagField('audioRecordFlag', 'Record Calls', {
		default: true,
		description: 'Whether calls through the binding are recorded (sent as AudioRecordFlag 1 or 0)',
	});

export const userData = (options: TextOptions = {}) =>
	textField('userData', 'User Data', {
		maxLength: 2048,
		trim: false,
		description: 'Your own data (at most 2048 characters), echoed back in call events and call records, e.g. an order ID',
		...options,
	});

export const outId = (options: TextOptions = {}) =>
	textField('outId', 'Out ID', {
		maxLength: 128,
		description: 'Your external business ID (at most 128 characters), echoed back in call records',
		...options,
	});

export const orderId = (options: TextOptions = {}) =>
	textField('orderId', 'Order ID', { maxLength: 128, description: 'Order ID; required by VMS for 700-number scenarios', ...options });

export const subId = (options: TextOptions = {}) =>
	textField('subId', 'Sub ID', {
		required: true,
		maxLength: 64,
		placeholder: 'e.g. S160817372431596661',
		description: 'The Sub ID of the binding, as returned by the bind (or found with Subscription → Get Many)',
		...options,
	});

export const parentSubId = () =>
	textField('parentSubId', 'Parent Sub ID', {
		required: true,
		maxLength: 64,
		placeholder: 'e.g. S160817372431596661',
		description: 'The Sub ID of the parent binding this one belongs to',
	});

export const cityCode = (options: TextOptions = {}) =>
	textField('cityCode', 'City Code', {
		placeholder: 'e.g. 010',
		description: 'Area code of the city to take the number from, e.g. 010 (Beijing) or 0531 (Jinan)',
		pattern: /^0\d{2,3}$/,
		patternHint: 'an area code starting with 0, such as 010 or 0531',
		...options,
	});

export const cityCodeByPhoneNo = (options: TextOptions = {}) =>
	optionsField(
		'cityCodeByPhoneNo',
		'City Code By Phone No',
		[
			{ name: 'A', value: 'A', description: "Take the number from A's city" },
			{ name: 'B', value: 'B', description: "Take the number from B's city" },
		],
		{ description: "Take the number from the city of A's or B's number (used when City Code is empty)", ...options },
	);

export const degradeCityList = (options: TextOptions = {}) =>
	listField('degradeCityList', 'Degrade City List', {
		placeholder: 'e.g. 010,0531,PNPC',
		description:
			'Fallback cities, tried in order when the first choice has no free number: up to 5 area codes, separated by commas or given as a list. PNPC means the provincial capital.',
		maxItems: 5,
		item: (entry) => (/^0\d{2,3}$/.test(entry) || entry.toUpperCase() === 'PNPC' ? entry.toUpperCase() : undefined),
		itemHint: 'area codes such as 010 or 0531, or PNPC',
		...options,
	});

export const randomFlag = () =>
	flagField('randomFlag', 'Random Number', {
		description: 'Whether VMS picks the number at random instead of in order (RandomFlag)',
	});

export const autoCreateFlag = (options: Parameters<typeof flagField>[2] = {}) =>
	flagField('autoCreateFlag', 'Auto Create', {
		description: 'Whether VMS creates the child binding automatically when B calls (AutoCreateFlag)',
		...options,
	});

export const callDisplayType = () =>
	optionsField(
		'callDisplayType',
		'Call Display Type',
		[
			{ name: 'Show X to Both', value: 1 },
			{ name: "A Sees B's Real Number", value: 2 },
			{ name: "B Sees A's Real Number", value: 3 },
			{ name: 'Both See Real Numbers', value: 4 },
		],
		{ description: 'Which number each party sees on an incoming call' },
	);

export const duration = (name: string, displayName: string, what: string) =>
	integerField(name, displayName, {
		required: true,
		min: 60,
		max: 3 * 365 * 24 * 3600,
		default: 3600,
		description: `How long ${what} lasts, in seconds from now (e.g. 3600 = 1 hour)`,
	});

/** A list of phone numbers; at most 200 unless `maxItems` says otherwise (Infinity: any number). */
export const phoneList = (
	name: string,
	displayName: string,
	options: { required?: boolean; description: string; placeholder?: string; itemHint?: string; maxItems?: number },
) =>
	listField(name, displayName, {
		placeholder: 'e.g. 13800138000,13900139000',
		maxItems: 200,
		item: (entry) => {
			const phone = normalizePhone(entry);
			return isValidPhone(phone) ? phone : undefined;
		},
		itemHint: 'mainland mobile numbers or landlines with their area code',
		...options,
	});

/**
 * A list field sent as one comma-joined value, for GET (query) actions: the Java SDK joins query lists with
 * commas, and repeated keys (`?NumberList=a&NumberList=b`) would likely be read as the first entry only.
 */
export const commaJoined = (field: VmsField): VmsField => ({
	...field,
	encode: (value, ctx) => {
		const list = field.encode(value, ctx);
		return Array.isArray(list) ? (list.length ? list.join(',') : undefined) : list;
	},
});

const CALL_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CALL_ID_HINT = 'a call ID such as Dcc0143d9e6a1b2c3 (letters, digits, _ and -), as returned by Click2Call or found in call events';

export const callId = () =>
	textField('callId', 'Call ID', {
		required: true,
		placeholder: 'e.g. Dcc0143d9e6a1b2c3',
		description: 'The call, as returned by Click2Call or found in call events and call records (callId)',
		pattern: CALL_ID,
		patternHint: CALL_ID_HINT,
	});

/** Call IDs as a list or comma-separated, any number (duplicates dropped); sent as `CallIdList`. */
export const callIds = (): VmsField => {
	const field = listField('callIds', 'Call IDs', {
		required: true,
		apiName: 'CallIdList',
		placeholder: 'e.g. Dcc0143d9e6a1b2c3,Dcc0143d9e6a1b2c4',
		description:
			'The calls, separated by commas or given as a list (e.g. from an expression). Any number: they are sent 100 at a time.',
		item: (entry) => (CALL_ID.test(entry) ? entry : undefined),
		itemHint: CALL_ID_HINT,
	});
	return {
		...field,
		encode: (value, ctx) => {
			const list = field.encode(value, ctx);
			return Array.isArray(list) ? [...new Set(list as string[])] : list;
		},
	};
};

/** Mobile or landline, for number filters (NumberTypeCode, NumberType). */
export const numberKind = (name: string, displayName: string) =>
	optionsField(
		name,
		displayName,
		[
			{ name: 'Mobile', value: 0 },
			{ name: 'Landline', value: 1 },
		],
		{ default: 0 },
	);

/** X selection: city, then the city of A or B, then the fallback list. */
export const numberSelection = (): VmsField[] => [cityCode(), cityCodeByPhoneNo(), degradeCityList(), randomFlag()];

/**
 * The same selection for a second number picked by the same bind (Y of AXYB, X of the AXB an AXNE creates),
 * under that number's API names: `YCityCode`, `AxbCityCode`, ...
 */
export const secondSelection = (prefix: 'y' | 'axb', label: string, withRandom = false): VmsField[] => {
	const fields: VmsField[] = [
		cityCode({ name: `${prefix}CityCode`, displayName: `${label} City Code`, description: `Area code of the city to take ${label} from, e.g. 010` }),
		cityCodeByPhoneNo({
			name: `${prefix}CityCodeByPhoneNo`,
			displayName: `${label} City Code By Phone No`,
			description: `Take ${label} from the city of A's or B's number (used when ${label} City Code is empty)`,
		}),
		degradeCityList({
			name: `${prefix}DegradeCityList`,
			displayName: `${label} Degrade City List`,
			description: `Fallback cities for ${label}, tried in order: up to 5 area codes, separated by commas or given as a list. PNPC means the provincial capital.`,
		}),
	];
	if (withRandom) {
		// RandomFlagY: the flag's name ends with the prefix.
		fields.push(flagField(`randomFlag${prefix.toUpperCase()}`, `${label} Random Number`, { description: `Whether VMS picks ${label} at random instead of in order` }));
	}
	return fields;
};

/** Each update type (the key is the UpdateType value): its label and the one field it changes. */
const UPDATE_TYPES: Record<string, { name: string; field: () => VmsField }> = {
	updatePhoneNoA: { name: 'Phone No A', field: () => phoneNoA() },
	updatePhoneNoB: { name: 'Phone No B', field: () => phoneNoB({ required: true }) },
	updatePhoneNoX: { name: 'Phone No X', field: () => phoneNoX() },
	updateExpireTime: { name: 'Expire Time', field: () => expireTime() },
	updateUserData: { name: 'User Data', field: () => userData({ required: true }) },
	updateOutId: { name: 'Out ID', field: () => outId({ required: true }) },
	updateAutoCreateFlag: { name: 'Auto Create', field: () => autoCreateFlag() },
	updateGroupId: {
		name: 'Group ID',
		field: () => textField('groupId', 'Group ID', { required: true, description: 'The G group to use instead' }),
	},
	updateOrderId: { name: 'Order ID', field: () => orderId({ required: true }) },
};

/** `a, b or c` */
const listed = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join(''));

/**
 * Said when a bind's outcome is unknown (timeout, connection lost): the binding may exist. `by` names what
 * identifies a binding of this type in Subscription → Get Many (QuerySubscriptionForList's filters).
 */
export const createsBinding = (by: string): NonNullable<VmsOperation['creates']> => ({
	what: 'the binding',
	check: `Look it up with Subscription → Get Many in the same pool, by ${by}, before binding again.`,
});

/** Said when a dual call's outcome is unknown: the call may have been placed. */
export const CREATES_CALL: NonNullable<VmsOperation['creates']> = {
	what: 'the call',
	check:
		'Wait for its call events (or ask the parties) before calling again. While it is in progress, VMS refuses a second call between the same numbers (RepeatClick2Call).',
};

/** Update<Mode>: pick what to change; only that field is shown and sent. */
export function updateOperation(
	mode: string,
	apiAction: string,
	types: string[],
	extra: Partial<VmsOperation> = {},
): VmsOperation {

	return {
		value: 'update',
		name: 'Update',
		description: `Change one property of an ${mode} binding`,
		action: `Update ${mode} binding by its Sub ID (change ${listed(types.map((value) => UPDATE_TYPES[value].name))})`,
		apiAction,
		result: 'success',
		fields: [
			...numberPoolNo(),
			subId(),
			optionsField(
				'updateType',
				'Update Type',
				types.map((value) => ({ name: UPDATE_TYPES[value].name, value, description: `Change ${UPDATE_TYPES[value].name}` })),
				{ required: true, noDataExpression: true, description: 'What to change; only the matching field is shown and sent' },
			),
			...types.map((value): VmsField => ({ ...UPDATE_TYPES[value].field(), show: { updateType: [value] } })),
		],
		...extra,
	};
}

/** Unbind<Mode>: end a binding. */
export function unbindOperation(mode: string, apiAction: string, extra: Partial<VmsOperation> = {}): VmsOperation {
	return {
		value: 'unbind',
		name: 'Unbind',
		description: `End an ${mode} binding`,
		action: `Unbind ${mode} binding by its Sub ID (its privacy number stops connecting the parties)`,
		apiAction,
		result: 'success',
		fields: [...numberPoolNo(), subId()],
		...extra,
	};
}

/**
 * `Result` as one item, for actions whose answer the SDKs model loosely: an object as it is; `true` or nothing
 * as a success item (with the request's identifiers); anything else (a text) as `{ success: true, result }`.
 */
export function resultItem(result: unknown, params: IDataObject): IDataObject[] {
	if (isObject(result) && Object.keys(result).length > 0) return [result];
	if (result === undefined || result === null || result === true || result === '') return toItems(true, params);
	return [{ success: true, result: result as IDataObject[string] }];
}
