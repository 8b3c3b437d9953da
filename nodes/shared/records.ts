import type { IDataObject } from 'n8n-workflow';

/**
 * Readable names for the codes in VMS call records and pushes, and their times as ISO 8601, shared
 * by the trigger and the node. Sources: VMS docs 6358/173382 (common enums), 6358/173383 (call
 * enums), 6358/173384 (SMS enums), 6358/187779 (call status), 6358/187780 (recording).
 */

/** A JSON object (not null, not an array): a record, a message. */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets `key` on `target` as a plain own field, whatever its name: `target[key] = value` with a key
 * `"__proto__"` (which JSON.parse makes an own key of a pushed or answered object) would replace the
 * object's prototype instead and lose the field.
 */
export function setOwn(target: IDataObject, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Call status `eventType` → the value used by the trigger's `callStatusEvents` filter. */
export const CALL_EVENTS: Record<string, string> = { 1: 'start', 2: 'ringing', 3: 'answered', 4: 'ended' };

/** `callResult` of a call record. */
export const CALL_RESULTS: Record<string, string> = {
	'-1': 'other',
	1: 'answered',
	2: 'callee powered off',
	3: 'callee number suspended',
	4: 'no such number',
	5: 'caller hung up early',
	6: 'callee temporarily unreachable',
	7: 'no answer',
	8: 'callee busy',
	9: 'callee rejected',
	10: 'callee unreachable',
	11: 'line busy',
	12: 'no permission to call',
	13: 'no binding',
	14: 'network busy',
	15: 'routing failed',
	16: 'middle number in an abnormal state',
	17: 'outgoing calls restricted',
	18: 'incoming calls restricted',
	19: 'timeout',
	20: 'platform error',
	21: 'hung up before the callee rang',
	22: 'callee rang, then hung up or timed out',
	23: 'blocked by risk control (A to B, B side)',
	24: 'blocked by risk control (A to B, A side)',
	25: 'blocked by risk control (B to A, B side)',
	26: 'blocked by risk control (B to A, A side)',
	27: 'carrier blacklist or call frequency limit',
	28: 'not picked up in time',
	29: 'callee blacklisted',
	30: 'call frequency limit',
	31: 'account concurrency limit',
	32: 'trunk concurrency limit',
	33: 'verification failed',
	34: 'no number selected',
	35: 'decryption failed',
	36: 'carrier hung up before ringing',
	37: 'callee number malformed',
};

/** `callResult` of an SMS record (`cdrType` 2). */
export const SMS_RESULTS: Record<string, string> = {
	1001: 'sent',
	1002: 'recipient suspended',
	1003: 'invalid number',
	1004: 'rejected',
	1005: 'delivery timeout',
	1006: 'sensitive words',
};

/** `subServiceType`. */
export const SUB_SERVICE_TYPES: Record<string, string> = {
	101: 'SIP',
	102: 'voice notification',
	103: 'click to call',
	104: 'smart outbound call',
	105: 'click to call lite',
	106: 'click to call (mobile)',
	107: 'cloud contact center',
	108: 'number hosting',
	201: 'AXB',
	202: 'AXN',
	203: 'AXNE',
	204: 'AXYB',
	205: 'PAXYB',
	206: 'AXG',
};

/** `secretCallType`: who called whom through the middle number. */
export const SECRET_CALL_TYPES: Record<string, string> = { 10: 'B to A', 11: 'A to B' };

/** `audioRecordModel` of a recording push. */
export const RECORDING_MODELS: Record<string, string> = { 1: 'caller on the left channel', 2: 'caller on the right channel', 3: 'mixed' };

/** `numberStatus` of a number status push. */
export const NUMBER_STATUSES: Record<string, string> = {
	'-1': 'abnormal',
	1: 'in use',
	2: 'stopped by the user',
	3: 'stopped by the platform',
	4: 'cancelled by the user',
	6: 'cancelled by the platform',
};

/** `finalState` of a resource (script) review push. */
export const REVIEW_STATES: Record<string, string> = { 1: 'approved', 2: 'rejected' };

/** The name of `code` in `table`, or undefined for a missing or unknown code. */
export function nameOf(table: Record<string, string>, code: unknown): string | undefined {
	if (typeof code !== 'number' && typeof code !== 'string') return undefined;
	return Object.prototype.hasOwnProperty.call(table, String(code).trim()) ? table[String(code).trim()] : undefined;
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** `ms` (unix milliseconds) as ISO 8601 in Beijing time, the time VMS and its console use: `2020-12-10T16:28:23+08:00`. */
export function isoBeijing(ms: number): string {
	return new Date(ms + BEIJING_OFFSET_MS).toISOString().replace('.000Z', 'Z').replace('Z', '+08:00');
}

/**
 * A VMS time as ISO 8601, or undefined when it is empty, zero or not a time. `unit` says how the
 * number counts (call status `eventTime` is seconds in a string; CDR times are milliseconds);
 * `"yyyy-MM-dd HH:mm:ss"` (risk pushes) is read as Beijing time.
 */
export function isoTime(value: unknown, unit: 'seconds' | 'milliseconds'): string | undefined {
	if (typeof value === 'string') {
		const text = value.trim();
		const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text);
		if (local) {
			const [, y, mo, d, h, mi, s] = local.map(Number);
			return isoBeijing(Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS);
		}
		if (!/^\d+$/.test(text)) return undefined;
		value = Number(text);
	}
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
	const ms = unit === 'seconds' ? value * 1000 : value;
	// Years 2000 to 2100 only: anything else is a wrong unit or not a time.
	if (ms < 946684800000 || ms > 4102444800000) return undefined;
	return isoBeijing(ms);
}

/** How to read a field: the names of its codes, or the unit of its Unix time. */
export type Reading = Record<string, string> | 'seconds' | 'milliseconds';

/**
 * `record` with `<key>Name` right after each code that has a name and `<key>Iso` right after each
 * time that parses, as `readings` says per field. Keys match whatever their case (pushes say
 * `callResult`; QueryCallRecordMsg's casing is not documented, the emulator says `CallResult`), and
 * with `anyTime` every other key ending in `Time` is a time in that unit.
 */
export function withReadings(
	record: IDataObject,
	readings: Record<string, Reading>,
	anyTime?: 'seconds' | 'milliseconds',
): IDataObject {
	const byKey = new Map(Object.entries(readings).map(([field, reading]) => [field.toLowerCase(), reading]));
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		setOwn(out, key, value);
		const reading = byKey.get(key.toLowerCase()) ?? (anyTime && /time$/i.test(key) ? anyTime : undefined);
		if (typeof reading === 'string') {
			const iso = isoTime(value, reading);
			if (iso !== undefined) setOwn(out, `${key}Iso`, iso);
		} else if (reading !== undefined) {
			const name = nameOf(reading, value);
			if (name !== undefined) setOwn(out, `${key}Name`, name);
		}
	}
	return out;
}

/**
 * A call record (CDR), pushed or queried: `callResult` (SMS results when `cdrType` is 2),
 * `subServiceType` and `secretCallType` named, and every `…Time` (Unix milliseconds) as ISO 8601.
 */
export function withCdrReadings(record: IDataObject): IDataObject {
	const cdrType = Object.entries(record).find(([key]) => key.toLowerCase() === 'cdrtype')?.[1];
	const sms = String(cdrType ?? '').trim() === '2';
	return withReadings(
		record,
		{ callResult: sms ? SMS_RESULTS : CALL_RESULTS, subServiceType: SUB_SERVICE_TYPES, secretCallType: SECRET_CALL_TYPES },
		'milliseconds',
	);
}
