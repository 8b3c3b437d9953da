import { CALL_EVENTS, withCdrReadings, withReadings } from '../../../nodes/shared/records';

describe('withCdrReadings (trigger CDR items and Call → Get Records)', () => {
	it('adds <key>Name and <key>Iso (Beijing time) right after their keys, whatever the keys’ case, and keeps everything else', () => {
		const record = {
			CallId: 'D1',
			BeginCallTime: 1607588903123,
			StartTime: 0,
			CallResult: 7,
			SubServiceType: 202,
			SecretCallType: 10,
			callerCallingTime: 1607588905000,
			CallDuration: 9,
		};
		expect(Object.entries(withCdrReadings(record))).toEqual([
			['CallId', 'D1'],
			['BeginCallTime', 1607588903123],
			['BeginCallTimeIso', '2020-12-10T16:28:23.123+08:00'],
			['StartTime', 0], // 0: never happened
			['CallResult', 7],
			['CallResultName', 'no answer'],
			['SubServiceType', 202],
			['SubServiceTypeName', 'AXN'],
			['SecretCallType', 10],
			['SecretCallTypeName', 'B to A'],
			['callerCallingTime', 1607588905000],
			['callerCallingTimeIso', '2020-12-10T16:28:25+08:00'],
			['CallDuration', 9],
		]);
	});

	it('names SMS results when cdrType is 2 (in any case), call results otherwise', () => {
		expect(withCdrReadings({ callResult: 1001, cdrType: 2 }).callResultName).toBe('sent');
		expect(withCdrReadings({ CallResult: 1004, CdrType: '2' }).CallResultName).toBe('rejected');
		expect(withCdrReadings({ callResult: 1, cdrType: 1 }).callResultName).toBe('answered');
		expect(withCdrReadings({ callResult: 1001 })).toEqual({ callResult: 1001 });
	});

	it('adds nothing for an unknown code, a time that is not Unix milliseconds, or an inherited property name', () => {
		const record = { callResult: 99, endTime: 1607588903, ringTime: '', constructor: 1, toString: 'x' };
		expect(withCdrReadings(record)).toEqual(record);
	});
});

describe('withReadings', () => {
	it('reads only the fields it is given, in the unit given', () => {
		expect(withReadings({ eventType: 3, eventTime: '1607588903', endTime: 1607588903 }, { eventType: CALL_EVENTS, eventTime: 'seconds' })).toEqual({
			eventType: 3,
			eventTypeName: 'answered',
			eventTime: '1607588903',
			eventTimeIso: '2020-12-10T16:28:23+08:00',
			endTime: 1607588903,
		});
	});
});
