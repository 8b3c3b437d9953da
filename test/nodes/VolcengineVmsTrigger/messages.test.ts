import { KINDS, classify, dedupKey, digitsPass, isRepushed, kindsOf, toItemJson } from '../../../nodes/VolcengineVmsTrigger/messages';
import { isoTime } from '../../../nodes/shared/records';

// Shapes of the VMS docs' samples (reference A.4).
const STATUS = {
	accountId: '123456789',
	callId: 'Dcc01',
	serviceType: 200,
	caller: '13800138000',
	callee: '13700000002',
	eventTime: '1607588903',
	allEventType: [1, 2, 3, 4],
	eventType: 3,
	phoneNoX: '13700000002',
	phoneNoA: '13800138000',
	phoneNoB: '13900139000',
	messageType: 1,
	userData: 'order-42',
	subscriptionId: 'S1',
};
const CDR = {
	accountId: '123456789',
	callId: 'Dcc01',
	serviceType: 200,
	subServiceType: 202,
	numberPoolNo: 'NP1',
	beginCallTime: 1607588903123,
	ringTime: 1607588905000,
	startTime: 1607588910000,
	endTime: 1607588952000,
	callDuration: 42,
	callResult: 1,
	cdrCreateTime: 1607588953000,
	secretCallType: 11,
	releaseType: 1,
	messageType: 2,
};
const SMS = { ...CDR, cdrType: 2, callResult: 1001, smsContent: 'hi' };
// A voice notification's CDR (reference A.4, C.3): the common CDR fields plus the notification's ids.
const NOTIFICATION = {
	...CDR,
	callId: 'VN01',
	serviceType: 100,
	subServiceType: 102,
	cdrType: 1,
	singleOpenId: 'alert-db1-0001',
	taskOpenId: '',
	ext: 'incident-77',
	digits: '1',
};
const RECORDING = {
	accountId: '123456789',
	callId: 'Dcc01',
	serviceType: 200,
	audioRecordUrl: 'https://lf3-audio-file-sign.volcvms.com/a/Dcc01.mp3?x-expires=1',
	audioRecordModel: 3,
	messageType: 3,
};
const NUMBER = { accountId: '1', number: '13700000002', numberPoolNo: 'NP1', numberType: 0, numberStatus: 2, reason: 'user' };
const RISK = { accountId: '1', controlType: 'frozen', customerNumber: '13800138000', startTime: '2021-06-01 10:00:00', status: 2 };
const REVIEW = { accountId: '1', name: 'greeting', resourceKey: 'R1', finalState: 1, timestamp: 1622539884000 };

describe('classify', () => {
	it.each([
		['callStatus', STATUS],
		['callStatus', { ...STATUS, messageType: '1' }],
		['callRecord', CDR],
		['callRecord', { ...CDR, cdrType: 1 }],
		['callRecord', { ...CDR, messageType: ' 2 ' }],
		['smsRecord', SMS],
		['smsRecord', { ...SMS, cdrType: '2' }],
		['recording', RECORDING],
		['numberStatus', NUMBER],
		['riskControl', RISK],
		['resourceReview', REVIEW],
		['unknown', { finalState: 1 }],
		['unknown', { messageType: 9, callId: 'x' }],
		['unknown', { numberStatus: '' }],
		['unknown', {}],
		['unknown', 'text'],
		['unknown', 42],
		['unknown', null],
		['unknown', [STATUS]],
	])('classifies as %s: %j', (kind, message) => {
		expect(classify(message)).toBe(kind);
	});

	it.each([
		['subServiceType 102', NOTIFICATION],
		['subServiceType "102" as text', { ...NOTIFICATION, subServiceType: ' 102 ' }],
		['a task call (taskOpenId, no singleOpenId)', { ...NOTIFICATION, singleOpenId: undefined, taskOpenId: 'T1' }],
		['a singleOpenId without subServiceType', { ...NOTIFICATION, subServiceType: undefined }],
	])('version 2 tells a voice notification record apart: %s', (_case, message) => {
		expect(classify(message, 2)).toBe('voiceNotificationRecord');
		expect(classify(message)).toBe('voiceNotificationRecord');
	});

	it('version 1 (frozen) keeps a voice notification CDR a callRecord, as saved version 1 triggers received it', () => {
		expect(classify(NOTIFICATION, 1)).toBe('callRecord');
		expect(classify({ ...NOTIFICATION, taskOpenId: 'T1' }, 1)).toBe('callRecord');
	});

	it('a privacy-number CDR, an SMS record and an empty id stay what they were in version 2', () => {
		expect(classify(CDR, 2)).toBe('callRecord');
		expect(classify({ ...CDR, singleOpenId: '', taskOpenId: null }, 2)).toBe('callRecord');
		expect(classify({ ...NOTIFICATION, cdrType: 2 }, 2)).toBe('smsRecord');
		expect(classify({ ...NOTIFICATION, messageType: 1 }, 2)).toBe('callStatus');
	});

	it('offers the voice notification record from version 2 only', () => {
		expect(kindsOf(1).map((k) => k.value)).not.toContain('voiceNotificationRecord');
		expect(kindsOf(2).map((k) => k.value)).toEqual(KINDS.map((k) => k.value));
		expect(kindsOf(2).length - kindsOf(1).length).toBe(1);
	});

	it('names every kind the node offers', () => {
		expect(KINDS.map((k) => k.value)).toEqual([
			'callStatus',
			'callRecord',
			'smsRecord',
			'voiceNotificationRecord',
			'recording',
			'numberStatus',
			'riskControl',
			'resourceReview',
			'unknown',
		]);
	});
});

describe('dedupKey', () => {
	const key = (message: object) => dedupKey(classify(message), message);

	it('is the same for a re-push, whatever else changed (call status: callId + eventType)', () => {
		expect(key(STATUS)).toBe(key({ ...STATUS, eventTime: '1607589999', userData: 'other' }));
		expect(key(STATUS)).toMatch(/^[0-9a-f]{16}$/);
	});

	it('tells apart the events of one call, and the two sides of a Click2Call', () => {
		expect(key(STATUS)).not.toBe(key({ ...STATUS, eventType: 4 }));
		expect(key({ ...STATUS, party: 1 })).not.toBe(key({ ...STATUS, party: 2 }));
	});

	it('keys a CDR by callId and cdrType, a recording by callId', () => {
		expect(key(CDR)).toBe(key({ ...CDR, cdrCreateTime: 1 }));
		expect(key(CDR)).not.toBe(key({ ...CDR, callId: 'Dcc02' }));
		expect(key(CDR)).not.toBe(key(SMS));
		expect(key(RECORDING)).toBe(key({ ...RECORDING, audioRecordUrl: 'https://x/Dcc01.mp3?x-expires=2' }));
	});

	it('never mixes kinds: a status, a CDR and a recording of one call have different keys', () => {
		expect(new Set([key(STATUS), key(CDR), key(RECORDING)]).size).toBe(3);
	});

	it('keys number status, risk and review pushes by their identifying fields', () => {
		expect(key(NUMBER)).toBe(key({ ...NUMBER, numberType: 1 }));
		expect(key(NUMBER)).not.toBe(key({ ...NUMBER, numberStatus: 1 }));
		expect(key(RISK)).not.toBe(key({ ...RISK, controlType: 'unFrozen' }));
		expect(key(REVIEW)).not.toBe(key({ ...REVIEW, timestamp: 1 }));
	});

	it('uses the whole message when the identifying field is missing', () => {
		const a = { messageType: 2, callResult: 1 };
		expect(key(a)).toBe(key({ ...a }));
		expect(key(a)).not.toBe(key({ ...a, callResult: 2 }));
		expect(dedupKey('unknown', { x: 1 })).not.toBe(dedupKey('unknown', { x: 2 }));
	});

	it('keys a voice notification record by callId, singleOpenId and taskOpenId: a ring-again call is another record', () => {
		expect(key(NOTIFICATION)).toBe(key({ ...NOTIFICATION, cdrCreateTime: 1, digits: '2' }));
		expect(key(NOTIFICATION)).not.toBe(key({ ...NOTIFICATION, callId: 'VN02' }));
		expect(key(NOTIFICATION)).not.toBe(key({ ...NOTIFICATION, singleOpenId: 'alert-db1-0002' }));
		expect(key(NOTIFICATION)).not.toBe(dedupKey('callRecord', NOTIFICATION));
		// Without a callId, the whole message: a re-push (the same bytes) is still caught.
		const bare = { ...NOTIFICATION, callId: undefined };
		expect(key(bare)).toBe(key({ ...bare }));
		expect(key(bare)).not.toBe(key({ ...bare, digits: '2' }));
	});

	it('stores only what VMS re-pushes: everything but call status', () => {
		expect(KINDS.filter((k) => !isRepushed(k.value)).map((k) => k.value)).toEqual(['callStatus']);
	});
});

describe('toItemJson', () => {
	it('keeps every field of a call status as pushed, adds the event name and the time in ISO 8601', () => {
		expect(toItemJson('callStatus', STATUS)).toEqual({
			kind: 'callStatus',
			...STATUS,
			eventTypeName: 'answered',
			eventTimeIso: '2020-12-10T16:28:23+08:00',
		});
	});

	it('names the call status events', () => {
		expect([1, 2, 3, 4].map((eventType) => toItemJson('callStatus', { ...STATUS, eventType }).eventTypeName)).toEqual([
			'start',
			'ringing',
			'answered',
			'ended',
		]);
	});

	it('adds names and millisecond ISO times to a CDR', () => {
		expect(toItemJson('callRecord', CDR)).toEqual({
			kind: 'callRecord',
			...CDR,
			callResultName: 'answered',
			subServiceTypeName: 'AXN',
			secretCallTypeName: 'A to B',
			beginCallTimeIso: '2020-12-10T16:28:23.123+08:00',
			ringTimeIso: '2020-12-10T16:28:25+08:00',
			startTimeIso: '2020-12-10T16:28:30+08:00',
			endTimeIso: '2020-12-10T16:29:12+08:00',
			cdrCreateTimeIso: '2020-12-10T16:29:13+08:00',
		});
	});

	it('gives a voice notification record the CDR names and times, and keeps its ids and digits as pushed', () => {
		expect(toItemJson('voiceNotificationRecord', NOTIFICATION)).toEqual({
			kind: 'voiceNotificationRecord',
			...NOTIFICATION,
			callResultName: 'answered',
			subServiceTypeName: 'voice notification',
			secretCallTypeName: 'A to B',
			beginCallTimeIso: '2020-12-10T16:28:23.123+08:00',
			ringTimeIso: '2020-12-10T16:28:25+08:00',
			startTimeIso: '2020-12-10T16:28:30+08:00',
			endTimeIso: '2020-12-10T16:29:12+08:00',
			cdrCreateTimeIso: '2020-12-10T16:29:13+08:00',
		});
	});

	it('names call results, and SMS results in an SMS record', () => {
		expect(toItemJson('callRecord', { ...CDR, callResult: 7 }).callResultName).toBe('no answer');
		expect(toItemJson('callRecord', { ...CDR, callResult: -1 }).callResultName).toBe('other');
		expect(toItemJson('smsRecord', SMS).callResultName).toBe('sent');
		expect(toItemJson('smsRecord', { ...SMS, callResult: 1006 }).callResultName).toBe('sensitive words');
	});

	it('adds no name for an unknown code and no ISO time for an empty or zero time', () => {
		const json = toItemJson('callRecord', { ...CDR, callResult: 99, ringTime: 0, startTime: '' });
		expect(json).not.toHaveProperty('callResultName');
		expect(json).not.toHaveProperty('ringTimeIso');
		expect(json).not.toHaveProperty('startTimeIso');
		expect(json).toMatchObject({ callResult: 99, ringTime: 0, startTime: '' });
	});

	it('names the recording model, number status, review state; reads risk times as Beijing time', () => {
		expect(toItemJson('recording', RECORDING)).toEqual({ kind: 'recording', ...RECORDING, audioRecordModelName: 'mixed' });
		expect(toItemJson('numberStatus', NUMBER)).toEqual({ kind: 'numberStatus', ...NUMBER, numberStatusName: 'stopped by the user' });
		expect(toItemJson('riskControl', RISK)).toEqual({ kind: 'riskControl', ...RISK, startTimeIso: '2021-06-01T10:00:00+08:00' });
		expect(toItemJson('resourceReview', REVIEW)).toEqual({
			kind: 'resourceReview',
			...REVIEW,
			finalStateName: 'approved',
			timestampIso: '2021-06-01T17:31:24+08:00',
		});
	});

	it('passes an unknown message on as it came, and a value that is not an object under "value"', () => {
		expect(toItemJson('unknown', { foo: [1, { bar: 2 }] })).toEqual({ kind: 'unknown', foo: [1, { bar: 2 }] });
		expect(toItemJson('unknown', 'text')).toEqual({ kind: 'unknown', value: 'text' });
	});

	it('keeps its own "kind" when the push has a field of that name', () => {
		expect(toItemJson('recording', { ...RECORDING, kind: 'x' }).kind).toBe('recording');
	});
});

describe('digitsPass (Digits Pressed)', () => {
	const pressed = (digits: unknown) => ({ ...NOTIFICATION, digits });

	it('passes every record when empty', () => {
		for (const accepted of ['', ' ', ',']) {
			expect(digitsPass(pressed('1'), accepted)).toBe(true);
			expect(digitsPass(pressed(undefined), accepted)).toBe(true);
		}
	});

	it('passes the keys listed, compared as trimmed text, and nothing else', () => {
		expect(digitsPass(pressed('1'), '1')).toBe(true);
		expect(digitsPass(pressed(1), '1')).toBe(true);
		expect(digitsPass(pressed(' 2 '), '1, 2')).toBe(true);
		expect(digitsPass(pressed('2'), '1')).toBe(false);
		expect(digitsPass(pressed('12'), '1,2')).toBe(false);
		expect(digitsPass(pressed(''), '1')).toBe(false);
		expect(digitsPass(pressed(undefined), '1')).toBe(false);
		expect(digitsPass('text', '1')).toBe(false);
	});
});

describe('isoTime', () => {
	it('reads seconds (also in a string) and milliseconds', () => {
		expect(isoTime('1607588903', 'seconds')).toBe('2020-12-10T16:28:23+08:00');
		expect(isoTime(1607588903, 'seconds')).toBe('2020-12-10T16:28:23+08:00');
		expect(isoTime(1607588903456, 'milliseconds')).toBe('2020-12-10T16:28:23.456+08:00');
	});

	it('gives nothing for what is not a time, or a time in the wrong unit', () => {
		for (const value of ['', ' ', '0', 0, -5, 'abc', '2021-13', null, undefined, {}, Number.NaN]) {
			expect(isoTime(value, 'seconds')).toBeUndefined();
		}
		expect(isoTime(1607588903456, 'seconds')).toBeUndefined();
		expect(isoTime(1607588903, 'milliseconds')).toBeUndefined();
	});
});
