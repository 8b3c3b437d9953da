/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code (runs in jest, not in n8n): a loopback node:http server answers QueryCallRecordMsg */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { CALL_EVENTS, setOwn, withCdrReadings, withReadings } from '../../../nodes/shared/records';
import { runNode } from '../../helpers/n8n';

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

describe('prototype-safe readings: "__proto__" and "constructor" from parsed JSON stay plain own fields', () => {
	// JSON.parse makes "__proto__" an own key; an assignment `out[key] = value` would set the prototype instead.
	const parsed = () =>
		JSON.parse('{"CallId":"D1","__proto__":{"polluted":"yes","CallResult":1},"constructor":{"prototype":{"polluted":"yes"}},"CallResult":7}');

	it('withCdrReadings keeps them as fields, keeps the plain prototype, and pollutes nothing', () => {
		const out = withCdrReadings(parsed());
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
		expect(Object.keys(out)).toEqual(['CallId', '__proto__', 'constructor', 'CallResult', 'CallResultName']);
		expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 'yes', CallResult: 1 });
		expect(Object.getOwnPropertyDescriptor(out, 'constructor')?.value).toEqual({ prototype: { polluted: 'yes' } });
		expect((out as { polluted?: unknown }).polluted).toBeUndefined();
		expect(out.CallResultName).toBe('no answer');
		expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
		// What n8n stores: the field survives serialization.
		expect(JSON.stringify(out)).toContain('"__proto__":{"polluted":"yes","CallResult":1}');
	});

	it('withReadings names a "__proto__" code without touching the prototype', () => {
		const out = withReadings(JSON.parse('{"__proto__":3,"eventType":3}'), { ['__proto__']: CALL_EVENTS, eventType: CALL_EVENTS });
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
		expect(Object.keys(out)).toEqual(['__proto__', '__proto__Name', 'eventType', 'eventTypeName']);
		expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe(3);
	});

	it('setOwn defines a plain, writable, enumerable field whatever the name', () => {
		const target = {};
		setOwn(target, '__proto__', { a: 1 });
		setOwn(target, 'constructor', 'x');
		expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
		expect(Object.entries(target)).toEqual([
			['__proto__', { a: 1 }],
			['constructor', 'x'],
		]);
	});
});

describe('Call → Get Records in real n8n-core: an answer with "__proto__" and "constructor" keys', () => {
	// A VMS endpoint (or a man in the middle of a misconfigured endpoint) answering keys meant to reach the prototype.
	const ANSWER =
		'{"ResponseMetadata":{"RequestId":"r1","Action":"QueryCallRecordMsg","Version":"2022-01-01"},' +
		'"Result":[{"CallId":"D1","__proto__":{"CallResult":1,"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}},"CallResult":7,"BeginCallTime":1607588903123}]}';
	let server: http.Server;
	let endpoint: string;

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			req.resume();
			req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	it('gives items with them as plain own fields, the plain prototype, and no pollution', async () => {
		const credentials = { accessKeyId: 'AKLTTEST', secretAccessKey: 'test-secret', region: 'cn-north-1', endpoint };
		const { items, error } = await runNode({ parameters: { resource: 'call', operation: 'getRecords', callIds: 'D1' }, credentials });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const json = items![0].json;
		expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
		expect(Object.keys(json)).toEqual(['CallId', '__proto__', 'constructor', 'CallResult', 'CallResultName', 'BeginCallTime', 'BeginCallTimeIso']);
		expect(Object.getOwnPropertyDescriptor(json, '__proto__')?.value).toEqual({ CallResult: 1, isAdmin: true });
		expect(Object.getOwnPropertyDescriptor(json, 'constructor')?.value).toEqual({ prototype: { isAdmin: true } });
		expect((json as { isAdmin?: unknown }).isAdmin).toBeUndefined();
		expect(json.CallResultName).toBe('no answer');
		expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
	});
});
