import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { isValidPhone, normalizePhone, PHONE_FORMS } from '../helpers/phone';
import { MAX_EXPIRE_TIME, MIN_EXPIRE_LEAD_SECONDS, TIME_FORMS, toUnixSeconds } from '../helpers/time';
import type { Versions } from './versions';

/** A value as it goes into the request (lists are comma-joined in forms, arrays in JSON; objects only in JSON). */
export type ApiValue = string | number | boolean | string[] | IDataObject | IDataObject[];

export interface FieldContext {
	timezone: string;
	/** Unix seconds when the field is checked. */
	now: number;
}

/** Bad input, found before any request is sent. The router adds the item index. */
export class FieldError extends Error {
	/** The parameter and the value it was given, when one field is at fault. */
	field?: string;
	value?: unknown;

	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'FieldError';
	}
}

/**
 * One API field: its n8n parameter (named as the API field in lowerCamel) and how a
 * parameter value becomes the API value. `encode` returns undefined for "not sent".
 */
export interface VmsField {
	property: INodeProperties;
	/** The API's field name; defaults to the parameter name with an upper-case first letter. */
	apiName?: string;
	/** Extra displayOptions.show conditions, e.g. `{ updateType: ['updatePhoneNoB'] }`. */
	show?: IDisplayOptions['show'];
	/** The node versions the field exists in (default: all). */
	versions?: Versions;
	encode(value: unknown, ctx: FieldContext): ApiValue | undefined;
}

export function apiNameOf(field: VmsField): string {
	const { name } = field.property;
	return field.apiName ?? name.charAt(0).toUpperCase() + name.slice(1);
}

/** A FieldError that also names the parameter and the value it was given (for an AI Agent's model). */
function invalid(property: INodeProperties, value: unknown, message: string, description: string): FieldError {
	return Object.assign(new FieldError(message, description), { field: property.name, value });
}

/** `Phone No A (phoneNoA)`: what error messages call a field. */
function label(property: INodeProperties): string {
	return `${property.displayName} (${property.name})`;
}

/** Invisible characters written out (`\u200b`), so a value that looks valid in a message shows why it is not. */
function visible(text: string): string {
	return text.replace(/[\p{Cf}\p{Cc}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function shown(value: unknown): string {
	if (typeof value === 'string') return `"${visible(value.length > 80 ? `${value.slice(0, 80)}…` : value)}"`;
	if (value !== null && typeof value === 'object' && !(value instanceof Date)) return 'an object';
	return String(value);
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value.trim() === '') ||
		(Array.isArray(value) && value.length === 0)
	);
}

/** Options every field kind takes: n8n property overrides, plus display conditions, versions and the API name. */
type Options = Partial<INodeProperties> & { show?: IDisplayOptions['show']; versions?: Versions; apiName?: string };

/**
 * The shared part of every field kind: an empty value is "not sent", or an error when the field is
 * required; anything else goes through `convert`, which throws FieldError for what it rejects.
 */
function defineField(
	base: INodeProperties,
	options: Options,
	convert: (value: unknown, property: INodeProperties, ctx: FieldContext) => ApiValue,
): VmsField {
	const { show, versions, apiName, ...overrides } = options;
	const property: INodeProperties = { ...base, ...overrides };
	return {
		property,
		show,
		versions,
		apiName,
		encode(value, ctx) {
			if (!isEmpty(value)) return convert(value, property, ctx);
			if (property.required) throw invalid(property, value, `${label(property)} is required`, `Set ${property.displayName}.`);
			return undefined;
		},
	};
}

/** A phone number: normalized, then checked as a mainland mobile or a landline. */
export function phoneField(name: string, displayName: string, options: Options = {}): VmsField {
	const base: INodeProperties = { displayName, name, type: 'string', default: '', placeholder: 'e.g. 13800138000' };
	return defineField(base, options, (value, property) => {
		if (typeof value !== 'string' && typeof value !== 'number') {
			throw invalid(property, value, `${label(property)} must be a phone number, not ${shown(value)}`, `Accepted: ${PHONE_FORMS}.`);
		}
		const phone = normalizePhone(String(value));
		if (!isValidPhone(phone)) {
			throw invalid(property, value, `${label(property)}: ${shown(String(value))} is not a valid phone number`, `Accepted: ${PHONE_FORMS}.`);
		}
		return phone;
	});
}

/** Free text; identifiers are trimmed, and may have a length limit or a pattern. */
export function textField(
	name: string,
	displayName: string,
	options: Options & { maxLength?: number; pattern?: RegExp; patternHint?: string; trim?: boolean } = {},
): VmsField {
	const { maxLength, pattern, patternHint, trim = true, ...rest } = options;
	return defineField({ displayName, name, type: 'string', default: '' }, rest, (value, property) => {
		if (typeof value === 'object') {
			throw invalid(property, value, `${label(property)} must be text, not ${shown(value)}`, 'Map a text value to this field.');
		}
		const text = trim ? String(value).trim() : String(value);
		const length = Array.from(text).length;
		if (maxLength !== undefined && length > maxLength) {
			throw invalid(
				property,
				value,
				`${label(property)} is ${length} characters long; at most ${maxLength} are allowed`,
				`Shorten ${property.displayName} to ${maxLength} characters or fewer.`,
			);
		}
		if (pattern && !pattern.test(text)) {
			throw invalid(property, value, `${label(property)}: ${shown(text)} is not valid`, `Accepted: ${patternHint}.`);
		}
		return text;
	});
}

/**
 * One item picked from a list the API gives (a Resource Locator): "From List" first, searchable, loaded by
 * `searchMethod` (a `listSearch` method), or "By ID". The router reads it with `extractValue`, which gives
 * the ID of either mode (and a plain string, as an older version saved it, unchanged); the ID is then
 * checked as text, with the pattern.
 */
export function locatorField(
	name: string,
	displayName: string,
	options: Parameters<typeof textField>[2] & { searchMethod: string; listPlaceholder: string; idPlaceholder: string },
): VmsField {
	const { searchMethod, listPlaceholder, idPlaceholder, ...rest } = options;
	const { pattern, patternHint } = rest;
	return textField(name, displayName, {
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: listPlaceholder,
				typeOptions: { searchListMethod: searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: idPlaceholder,
				...(pattern && {
					validation: [
						{ type: 'regex', properties: { regex: pattern.source, errorMessage: `Not a valid ID: expected ${patternHint}` } },
					],
				}),
			},
		],
		...rest,
	});
}

/** A point in time, sent as Unix seconds, with the ExpireTime window checks. */
export function expireTimeField(name: string, displayName: string, options: Options = {}): VmsField {
	const base: INodeProperties = {
		displayName,
		name,
		type: 'dateTime',
		default: '',
		description:
			'When the binding ends; VMS then unbinds it. More than 60 seconds from now and before 2038-01-01 (Beijing time). A date-time without an offset is read in the workflow timezone; Unix seconds or milliseconds also work.',
		hint: 'Example: {{ $now.plus(2, "hours") }}',
	};
	return defineField(base, options, (value, property, ctx) => {
		const seconds = toUnixSeconds(value, ctx.timezone, ctx.now * 1000);
		if (seconds === undefined) {
			throw invalid(property, value, `${label(property)}: ${shown(value)} is not a date and time`, `Accepted: ${TIME_FORMS}.`);
		}
		const iso = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
		if (seconds - ctx.now <= MIN_EXPIRE_LEAD_SECONDS) {
			throw invalid(
				property,
				value,
				`${label(property)}: ${iso} is not more than 60 seconds in the future`,
				`VMS needs the time to be more than 60 seconds after now (${new Date(ctx.now * 1000).toISOString()}). Use a later time, for example {{ $now.plus(2, "hours") }}.`,
			);
		}
		if (seconds >= MAX_EXPIRE_TIME) {
			throw invalid(
				property,
				value,
				`${label(property)}: ${iso} is too late`,
				'VMS accepts times before 2038-01-01 00:00:00 Beijing time (Unix 2145888000).',
			);
		}
		return seconds;
	});
}

/** Beijing time (UTC+8, no daylight saving) as VMS writes it in voice-notification fields: `yyyy-MM-dd HH:mm:ss`. */
export function beijingTime(seconds: number): string {
	return new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** A point in time (any form the node accepts), sent as Beijing time `yyyy-MM-dd HH:mm:ss` (TriggerTime, StartTime...). */
export function beijingTimeField(name: string, displayName: string, options: Options = {}): VmsField {
	const base: INodeProperties = {
		displayName,
		name,
		type: 'dateTime',
		default: '',
		description: `${displayName}. A date-time without an offset is read in the workflow timezone; sent to VMS as Beijing time.`,
		hint: 'Example: {{ $now.plus(10, "minutes") }}',
	};
	return defineField(base, options, (value, property, ctx) => {
		const seconds = toUnixSeconds(value, ctx.timezone, ctx.now * 1000);
		if (seconds === undefined) {
			throw invalid(property, value, `${label(property)}: ${shown(value)} is not a date and time`, `Accepted: ${TIME_FORMS}.`);
		}
		return beijingTime(seconds);
	});
}

function toFlag(value: unknown, property: INodeProperties): boolean {
	const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
	if (text === true || text === 1 || text === '1' || text === 'true') return true;
	if (text === false || text === 0 || text === '0' || text === 'false') return false;
	throw invalid(property, value, `${label(property)}: ${shown(value)} is not true or false`, 'Accepted: true or false (or 1 or 0).');
}

/** A yes/no switch sent as 1 or 0 (AudioRecordFlag, RandomFlag, …). */
export function flagField(name: string, displayName: string, options: Options = {}): VmsField {
	const base: INodeProperties = { displayName, name, type: 'boolean', default: false };
	return defineField(base, options, (value, property) => (toFlag(value, property) ? 1 : 0));
}

/** A yes/no switch sent as a JSON boolean (AXG's DelGroup). */
export function booleanField(name: string, displayName: string, options: Options = {}): VmsField {
	return defineField({ displayName, name, type: 'boolean', default: false }, options, toFlag);
}

/** A whole number within bounds, e.g. a duration in seconds. */
export function integerField(
	name: string,
	displayName: string,
	options: Options & { min?: number; max?: number } = {},
): VmsField {
	const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, ...rest } = options;
	const base: INodeProperties = {
		displayName,
		name,
		type: 'number',
		default: 0,
		typeOptions: { minValue: min, maxValue: max, numberPrecision: 0 },
	};
	return defineField(base, rest, (value, property) => {
		// Plain decimal digits only: Number() would also read "0x3C", "1e3" or "" as numbers.
		const number = typeof value === 'string' ? (/^[+-]?\d+$/.test(value.trim()) ? Number(value.trim()) : NaN) : value;
		if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
			throw invalid(
				property,
				value,
				`${label(property)}: ${shown(value)} is not a whole number from ${min} to ${max}`,
				`Enter a whole number from ${min} to ${max}.`,
			);
		}
		return number;
	});
}

/**
 * The first choice's value: the default of every options parameter. A call on purpose: n8n's lint rule
 * node-param-default-missing takes `default: choices[0].value` for a missing default.
 */
export function firstValue<T>(choices: ReadonlyArray<{ value: T }>): T {
	return choices[0].value;
}

/** One of a fixed list of values (strings or numbers); a value or a choice's name, in any case (models use both). */
export function optionsField(
	name: string,
	displayName: string,
	choices: Array<{ name: string; value: string | number; description?: string }>,
	options: Options = {},
): VmsField {
	const base: INodeProperties = { displayName, name, type: 'options', options: choices, default: firstValue(choices) };
	const accepted = choices.map((c) => String(c.value));
	return defineField(base, options, (value, property) => {
		const text = String(value).trim().toLowerCase();
		const index = choices.findIndex((c) => String(c.value).toLowerCase() === text || c.name.toLowerCase() === text);
		if (index < 0) {
			throw invalid(property, value, `${label(property)}: ${shown(value)} is not one of the accepted values`, `Accepted: ${accepted.join(', ')}.`);
		}
		return choices[index].value;
	});
}

/** A JSON array written as text, as models often send a list into a text argument. */
function jsonArray(text: string): unknown[] | undefined {
	if (!text.trim().startsWith('[')) return undefined;
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A list given as an array, a JSON array in text, or a string separated by commas, semicolons or
 * new lines (also the full-width ，；、); each entry checked and normalized by `item`.
 */
export function listField(
	name: string,
	displayName: string,
	options: Options & { maxItems?: number; item: (entry: string) => string | undefined; itemHint: string },
): VmsField {
	const { maxItems, item, itemHint, ...rest } = options;
	return defineField({ displayName, name, type: 'string', default: '' }, rest, (value, property) => {
		const list = Array.isArray(value) ? value : jsonArray(String(value));
		const entries = (list ? list.map(String) : String(value).split(/[,;\n，；、]/))
			.map((e) => e.trim())
			.filter((e) => e !== '');
		if (maxItems !== undefined && entries.length > maxItems) {
			throw invalid(
				property,
				value,
				`${label(property)} has ${entries.length} entries; at most ${maxItems} are allowed`,
				`Give at most ${maxItems} entries, as a list or separated by commas.`,
			);
		}
		return entries.map((entry) => {
			const normalized = item(entry);
			if (normalized === undefined) {
				throw invalid(property, value, `${label(property)}: ${shown(entry)} is not valid`, `Accepted entries: ${itemHint}.`);
			}
			return normalized;
		});
	});
}

/**
 * A structured value for a JSON body (an object, or a list of objects): given as JSON text or, from an
 * expression, as the value itself. Nested keys are sent as given (the API's own names, e.g. `SceneType`).
 */
export function jsonField(
	name: string,
	displayName: string,
	options: Options & { shape: 'object' | 'list'; example: string },
): VmsField {
	const { shape, example, ...rest } = options;
	const base: INodeProperties = { displayName, name, type: 'json', default: '', placeholder: example };
	return defineField(base, rest, (value, property) => {
		let parsed: unknown = value;
		if (typeof value === 'string') {
			try {
				parsed = JSON.parse(value);
			} catch {
				throw invalid(property, value, `${label(property)} is not valid JSON`, `Give ${shape === 'list' ? 'a JSON array of objects' : 'a JSON object'}, e.g. ${example}.`);
			}
		}
		const isPlain = (v: unknown): v is IDataObject => v !== null && typeof v === 'object' && !Array.isArray(v);
		const ok = shape === 'list' ? Array.isArray(parsed) && parsed.every(isPlain) : isPlain(parsed);
		if (!ok) {
			throw invalid(property, value, `${label(property)} must be ${shape === 'list' ? 'a list of objects' : 'an object'}, not ${shown(parsed)}`, `Example: ${example}.`);
		}
		if (shape === 'list' && (parsed as IDataObject[]).length === 0 && property.required) {
			throw invalid(property, value, `${label(property)} is required`, `Give at least one entry, e.g. ${example}.`);
		}
		return parsed as IDataObject | IDataObject[];
	});
}

/**
 * `fields` limited to the node versions `versions` (each field keeps only the versions it has there too): for a
 * field whose place, kind or requiredness changes in a version, written once per side of the change.
 */
export function inVersions(versions: Versions, fields: VmsField[]): VmsField[] {
	return fields.flatMap((field) => {
		const from = Math.max(versions.from ?? -Infinity, field.versions?.from ?? -Infinity);
		const to = Math.min(versions.to ?? Infinity, field.versions?.to ?? Infinity);
		if (from > to) return [];
		return [{ ...field, versions: { ...(Number.isFinite(from) ? { from } : {}), ...(Number.isFinite(to) ? { to } : {}) } }];
	});
}
