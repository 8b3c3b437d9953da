/**
 * Time values for VMS fields such as ExpireTime, which the API takes as Unix seconds.
 * Accepts what n8n's date picker and expressions produce (see `toUnixSeconds`).
 */

/** 2038-01-01 00:00:00 Beijing time (UTC+8): the API's upper bound, exclusive. */
export const MAX_EXPIRE_TIME = 2145888000;
/** The API wants ExpireTime more than one minute ahead. */
export const MIN_EXPIRE_LEAD_SECONDS = 60;

export const TIME_FORMS =
	'an ISO 8601 date-time (2026-12-01T18:00:00+08:00; without an offset it is read in the workflow timezone), a Luxon DateTime or JS Date from an expression such as {{ $now.plus(2, "hours") }}, or a Unix timestamp in seconds or milliseconds';

const ISO =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Whole-second offset of `timeZone` from UTC at the instant `utcMs`, in ms. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
	const parts: Record<string, number> = {};
	const format = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	});
	for (const part of format.formatToParts(new Date(utcMs))) parts[part.type] = Number(part.value);
	const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
	return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * The UTC instant at which the wall clock in `timeZone` shows `wallMs` (a wall time encoded as if
 * UTC), resolved exactly as Luxon's `DateTime.fromISO(text, { zone })` (n8n's dates) does: start from
 * the zone's offset at `nowMs`, correct once; a time in a DST gap moves forward, and a time in an
 * overlap takes the offset that now has.
 */
export function wallClockToUtc(wallMs: number, timeZone: string, nowMs = Date.now()): number {
	const offset = zoneOffsetMs(timeZone, nowMs);
	let guess = wallMs - offset;
	const second = zoneOffsetMs(timeZone, guess);
	if (second === offset) return guess;
	guess -= second - offset;
	const third = zoneOffsetMs(timeZone, guess);
	if (second === third) return guess;
	return wallMs - Math.min(second, third);
}

function fromNumber(value: number): number | undefined {
	if (!Number.isFinite(value) || value <= 0) return undefined;
	// Seconds stay below 1e11 until the year 5138, so larger values are milliseconds.
	return Math.floor(value >= 1e11 ? value / 1000 : value);
}

function fromMillis(ms: number): number | undefined {
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

function fromIso(text: string, timeZone: string, nowMs?: number): number | undefined {
	const m = ISO.exec(text);
	if (!m) return undefined;
	const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset] = m;
	const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number(`0.${frac || '0'}`) * 1000);
	const check = new Date(wall);
	if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
		return undefined;
	}
	let utc: number;
	if (!offset) {
		utc = wallClockToUtc(wall, timeZone, nowMs);
	} else if (offset.toUpperCase() === 'Z') {
		utc = wall;
	} else {
		const sign = offset.startsWith('-') ? -1 : 1;
		const digits = offset.slice(1).replace(':', '');
		utc = wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60000;
	}
	return Math.floor(utc / 1000);
}

interface DateTimeLike {
	toMillis: () => number;
	isValid?: boolean;
}

function isDateTimeLike(value: object): value is DateTimeLike {
	return typeof (value as Partial<DateTimeLike>).toMillis === 'function';
}

/** Unix seconds for a time value, or undefined when the value is not a time. `nowMs`: see wallClockToUtc. */
export function toUnixSeconds(value: unknown, timeZone: string, nowMs?: number): number | undefined {
	if (typeof value === 'number') return fromNumber(value);
	if (typeof value === 'string') {
		const text = value.trim();
		if (/^\d+(\.\d+)?$/.test(text)) return fromNumber(Number(text));
		return fromIso(text, timeZone, nowMs);
	}
	if (value instanceof Date) return fromMillis(value.getTime());
	if (value !== null && typeof value === 'object' && isDateTimeLike(value)) {
		return value.isValid === false ? undefined : fromMillis(value.toMillis());
	}
	return undefined;
}
