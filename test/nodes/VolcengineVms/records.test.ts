import { isoFromUnix, withIsoTimes } from '../../../nodes/VolcengineVms/helpers/time';
import { recordsOf } from '../../../nodes/VolcengineVms/actions/operation';

describe('isoFromUnix', () => {
	it.each([
		[1607588903, '2020-12-10T08:28:23.000Z'], // push eventTime: seconds…
		['1607588903', '2020-12-10T08:28:23.000Z'], // …as a string
		[1607588903123, '2020-12-10T08:28:23.123Z'], // CDR times: milliseconds
		['1607588903123', '2020-12-10T08:28:23.123Z'],
	])('%p → %s', (value, iso) => expect(isoFromUnix(value)).toBe(iso));

	it.each([0, '0', '', '2020-12-10 08:28:23', -5, 1.5, '1e12', null, undefined, 99999999999999999999])('%p is not a time', (value) =>
		expect(isoFromUnix(value)).toBeUndefined(),
	);
});

describe('withIsoTimes', () => {
	it('adds <key>Iso right after each …Time key holding a Unix time, and keeps everything else', () => {
		const record = { CallId: 'D1', BeginCallTime: 1607588903123, StartTime: 0, CallTimes: 1607588903, releaseTime: '1607588903', CallDuration: 9 };
		const out = withIsoTimes(record);
		expect(Object.entries(out)).toEqual([
			['CallId', 'D1'],
			['BeginCallTime', 1607588903123],
			['BeginCallTimeIso', '2020-12-10T08:28:23.123Z'],
			['StartTime', 0],
			['CallTimes', 1607588903],
			['releaseTime', '1607588903'],
			['releaseTimeIso', '2020-12-10T08:28:23.000Z'],
			['CallDuration', 9],
		]);
	});
});

describe('recordsOf', () => {
	it('takes an array, Records or Data, and ignores anything else', () => {
		const r = [{ CallId: 'D1' }];
		expect(recordsOf(r)).toEqual(r);
		expect(recordsOf({ Records: r })).toEqual(r);
		expect(recordsOf({ Data: r })).toEqual(r);
		expect(recordsOf([{ CallId: 'D1' }, 'x', null])).toEqual(r);
		expect(recordsOf(null)).toEqual([]);
		expect(recordsOf({ Total: 0 })).toEqual([]);
	});
});
