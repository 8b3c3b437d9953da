/** Input findings of issue 8, as pure logic: DST, invisible characters, landlines, durations, hints, Sub ID. */
import { DateTime, Settings } from 'luxon';

import { isValidPhone, normalizePhone } from '../../../nodes/VolcengineVms/helpers/phone';
import { toUnixSeconds, wallClockToUtc } from '../../../nodes/VolcengineVms/helpers/time';
import { duration, phoneNoA, subId } from '../../../nodes/VolcengineVms/actions/common';
import { FieldError } from '../../../nodes/VolcengineVms/actions/fields';
import { toVmsApiError } from '../../../nodes/VolcengineVms/transport/errors';

const ctx = { timezone: 'Asia/Shanghai', now: Math.floor(Date.now() / 1000) };

function rejects(encode: () => unknown): FieldError {
	try {
		encode();
	} catch (error) {
		expect(error).toBeInstanceOf(FieldError);
		return error as FieldError;
	}
	throw new Error('expected a FieldError');
}

describe('a time without offset resolves like Luxon, also in a DST gap or overlap', () => {
	const zone = 'America/New_York';
	const cases = ['2030-03-10T02:30:00', '2030-11-03T01:30:00', '2030-03-10T01:59:00', '2030-03-10T03:00:00', '2030-11-03T00:59:00', '2030-11-03T02:00:00', '2030-07-01T12:00:00'];
	// Luxon starts from the zone's offset *now*, which decides an overlap: test from a winter and a summer "now".
	const nows = [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)];
	afterEach(() => {
		Settings.now = () => Date.now();
	});

	it.each(nows.flatMap((now) => cases.map((text) => [text, new Date(now).toISOString().slice(0, 10), now] as const)))(
		'%s in New York, now %s',
		(text, _label, now) => {
			Settings.now = () => now;
			const expected = DateTime.fromISO(text, { zone }).toMillis();
			expect(toUnixSeconds(text, zone, now)).toBe(expected / 1000);
		},
	);

	it('the gap moves forward (02:30 does not exist: 03:30 EDT), as the issue measured', () => {
		expect(new Date(wallClockToUtc(Date.UTC(2030, 2, 10, 2, 30), zone, Date.UTC(2026, 0, 15))).toISOString()).toBe(
			'2030-03-10T07:30:00.000Z',
		);
	});

	it.each(['Asia/Shanghai', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC'])('matches Luxon around the year in %s', (tz) => {
		const now = Date.UTC(2026, 2, 1);
		Settings.now = () => now;
		for (let day = 0; day < 366; day += 3) {
			for (const hour of [0, 1, 2, 3, 12]) {
				const wall = new Date(Date.UTC(2030, 0, 1 + day, hour, 30));
				const text = wall.toISOString().slice(0, 19);
				expect([text, toUnixSeconds(text, tz, now)]).toEqual([text, DateTime.fromISO(text, { zone: tz }).toMillis() / 1000]);
			}
		}
	});
});

describe('phone numbers', () => {
	it.each([
		['\u200b13800138000', '13800138000'],
		['13800138000\u200b', '13800138000'],
		['\ufeff+86 138 0013 8000\u200d', '13800138000'],
		['\u2060010-6552-9988', '01065529988'],
	])('invisible characters around or inside %j are removed', (raw, expected) => {
		expect(normalizePhone(raw)).toBe(expected);
		expect(isValidPhone(normalizePhone(raw))).toBe(true);
	});

	it('a message about a bad number shows its invisible characters', () => {
		const error = rejects(() => phoneNoA().encode('1380013800\u200b0x', ctx));
		expect(error.message).toBe('Phone No A (phoneNoA): "1380013800\\u200b0x" is not a valid phone number');
	});

	it.each(['-13800138000', '13800138000-', '.13800138000', '013800138000', '01113800138', '0101234567', '02112345678901'])(
		'%s is refused',
		(raw) => {
			expect(isValidPhone(normalizePhone(raw))).toBe(false);
			expect(rejects(() => phoneNoA().encode(raw, ctx)).message).toMatch(/is not a valid phone number/);
		},
	);

	it.each(['01065529988', '02112345678', '05311234567', '053112345678', '0755-8888-6666', '(0571) 8765 4321'])('landline %s is accepted', (raw) => {
		expect(isValidPhone(normalizePhone(raw))).toBe(true);
	});
});

describe('durations accept plain whole numbers only', () => {
	const field = duration('enableDuration', 'Enable Duration', 'it');
	it.each(['0x3C', '1e3', '60.0', '6_000', '', ' ', 'Infinity', '0b111100'])('%j is refused (or empty)', (value) => {
		if (value.trim() === '') {
			expect(rejects(() => field.encode(value, ctx)).message).toMatch(/is required/);
		} else {
			expect(rejects(() => field.encode(value, ctx)).message).toMatch(/is not a whole number from 60/);
		}
	});
	it.each([['3600', 3600], [' 120 ', 120], [600, 600], ['+60', 60]])('%j is %i', (value, expected) => {
		expect(field.encode(value, ctx)).toBe(expected);
	});
});

describe('error hints come from the table only', () => {
	const node = { id: '1', name: 'VMS', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('a code named %s gets no hint', (code) => {
		const error = toVmsApiError(node, { code, message: 'odd', requestId: 'R1', httpCode: 200, action: 'BindAXN' }, {});
		expect(error.message).toBe(`${code}: odd`);
		expect(error.description).toBe('Request ID: R1 Action: BindAXN');
	});
});

describe('Sub ID', () => {
	it('is at most 64 characters', () => {
		expect(subId().encode('S'.padEnd(64, '1'), ctx)).toHaveLength(64);
		expect(rejects(() => subId().encode('S'.padEnd(65, '1'), ctx)).message).toBe(
			'Sub ID (subId) is 65 characters long; at most 64 are allowed',
		);
	});
});
