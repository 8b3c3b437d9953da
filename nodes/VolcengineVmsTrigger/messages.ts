import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import {
	CALL_EVENTS,
	NUMBER_STATUSES,
	RECORDING_MODELS,
	REVIEW_STATES,
	SUB_SERVICE_TYPES,
	isObject,
	nameOf,
	setOwn,
	withCdrReadings,
	withReadings,
	type Reading,
} from '../shared/records';

/**
 * What VMS pushes, told apart as in the docs: `messageType` 1/2/3 on call pushes (a CDR with
 * `cdrType` 2 is an SMS; from trigger version 2 a CDR of a voice notification has its own kind);
 * number status, risk control and resource review pushes have no `messageType` and are known by
 * their fields. `action` names the trigger's entries in n8n's node panel (each adds the trigger with
 * Events set to its kind). `from`: the first trigger version that has the kind.
 */
export const KINDS = [
	{ value: 'callStatus', name: 'Call Status', action: 'On call status', description: 'A call started, rang, was answered or ended (never re-pushed)' },
	{ value: 'callRecord', name: 'Call Record (CDR)', action: 'On call record (CDR)', description: 'The record of a finished call: times, duration, result' },
	{ value: 'smsRecord', name: 'SMS Record', action: 'On SMS record', description: 'The record of an SMS sent through a middle number' },
	{
		value: 'voiceNotificationRecord',
		name: 'Voice Notification Record',
		action: 'On voice notification call record',
		description: 'The record of a voice notification call: result, digits pressed, singleOpenId, taskOpenId, ext',
		from: 2,
	},
	{ value: 'recording', name: 'Recording', action: 'On recording ready', description: 'The recording of a call is ready: links valid for about 6 hours' },
	{ value: 'numberStatus', name: 'Number Status', action: 'On number status change', description: 'A number of a pool changed status' },
	{ value: 'riskControl', name: 'Risk Control', action: 'On risk control', description: 'A number was frozen or unfrozen by risk control' },
	{ value: 'resourceReview', name: 'Resource Review', action: 'On resource review', description: 'An audio or script resource was approved or rejected' },
	{ value: 'unknown', name: 'Unknown', action: 'On any other push', description: 'Anything else VMS pushes, passed on as it came' },
] as const;

export type Kind = (typeof KINDS)[number]['value'];

/** The newest trigger version (`version` and `defaultVersion` of the node). */
export const TRIGGER_VERSION = 2;

/** The kinds a trigger version offers and tells apart. */
export function kindsOf(version: number) {
	return KINDS.filter((kind) => !('from' in kind) || version >= kind.from);
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * A CDR of a voice notification (subServiceType 102), or one carrying a notification's ids (the
 * platform's record model has them for notifications only; reference A.4 and C.3).
 */
function isVoiceNotification(message: IDataObject): boolean {
	return String(message.subServiceType ?? '').trim() === '102' || present(message.singleOpenId) || present(message.taskOpenId);
}

/**
 * The kind of a message for a trigger `version`. Version 1 is frozen: there a voice notification's
 * CDR stays a `callRecord`, as saved version 1 triggers (Events = Call Record) received it.
 */
export function classify(message: unknown, version = TRIGGER_VERSION): Kind {
	if (!isObject(message)) return 'unknown';
	switch (String(message.messageType ?? '').trim()) {
		case '1':
			return 'callStatus';
		case '2':
			if (String(message.cdrType ?? '').trim() === '2') return 'smsRecord';
			return version >= 2 && isVoiceNotification(message) ? 'voiceNotificationRecord' : 'callRecord';
		case '3':
			return 'recording';
	}
	if (present(message.numberStatus)) return 'numberStatus';
	if (present(message.controlType)) return 'riskControl';
	if (present(message.finalState) && present(message.resourceKey)) return 'resourceReview';
	return 'unknown';
}

/** VMS re-pushes every kind it pushes except call status (docs 6358/173360), as far as anyone knows. */
export function isRepushed(kind: Kind): boolean {
	return kind !== 'callStatus';
}

/** The fields that identify one message of a kind: a re-push repeats them all. */
const IDENTITY: Record<Kind, string[]> = {
	// Click2Call pushes each side's events apart (`party` 1 caller, 2 callee).
	callStatus: ['callId', 'eventType', 'party'],
	callRecord: ['callId', 'cdrType'],
	smsRecord: ['callId', 'cdrType'],
	// One notification may ring again (Ring Again Times): each call has its own callId and record.
	voiceNotificationRecord: ['callId', 'singleOpenId', 'taskOpenId'],
	recording: ['callId'],
	numberStatus: ['number', 'numberStatus', 'reason'],
	riskControl: ['customerNumber', 'controlType', 'startTime'],
	resourceReview: ['resourceKey', 'finalState', 'timestamp'],
	unknown: [],
};

/**
 * The de-duplication key of a message (as in the reference: call status `callId|1|eventType`,
 * CDR `callId|2|cdrType`, recording `callId|3`, …), hashed to 16 hex characters so that stored
 * keys have one small size. Without its first identifying field, the whole message is the key.
 */
export function dedupKey(kind: Kind, message: unknown): string {
	const fields = IDENTITY[kind];
	const identity =
		isObject(message) && fields.length > 0 && present(message[fields[0]])
			? `${kind}|${fields.map((f) => String(message[f] ?? '')).join('|')}`
			: `content|${JSON.stringify(message)}`;
	return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

/** The call status event name (`start`, `ringing`, `answered`, `ended`), or undefined for another code. */
export function callEventOf(message: unknown): string | undefined {
	return isObject(message) ? nameOf(CALL_EVENTS, message.eventType) : undefined;
}

/**
 * Whether a voice notification record passes Digits Pressed: `accepted` lists keys separated by
 * commas (`1` or `1,2`); empty accepts every record. The pushed `digits` is compared as text,
 * trimmed (a number 1 is "1").
 */
export function digitsPass(message: unknown, accepted: string): boolean {
	const wanted = accepted
		.split(',')
		.map((d) => d.trim())
		.filter((d) => d !== '');
	if (wanted.length === 0) return true;
	const digits = isObject(message) && present(message.digits) ? String(message.digits).trim() : '';
	return wanted.includes(digits);
}

/** What to name and read as a time in each kind of message (CDRs: `withCdrReadings`). */
const READINGS: Partial<Record<Kind, Record<string, Reading>>> = {
	callStatus: { eventType: CALL_EVENTS, eventTime: 'seconds' },
	recording: { audioRecordModel: RECORDING_MODELS },
	numberStatus: { numberStatus: NUMBER_STATUSES, subServiceType: SUB_SERVICE_TYPES },
	riskControl: { startTime: 'seconds', expiryTime: 'seconds' },
	resourceReview: { finalState: REVIEW_STATES, timestamp: 'milliseconds' },
};

/** The item of a message: `kind`, every field as pushed, readable names and ISO times next to them. */
export function toItemJson(kind: Kind, message: unknown): IDataObject {
	if (!isObject(message)) return { kind, value: message as IDataObject['value'] };
	// Key by key as own fields: a pushed "__proto__" stays a field (setOwn), never the prototype.
	const json: IDataObject = { kind };
	for (const [key, value] of Object.entries(message)) if (key !== 'kind') setOwn(json, key, value);
	if (kind === 'callRecord' || kind === 'smsRecord' || kind === 'voiceNotificationRecord') return withCdrReadings(json);
	return withReadings(json, READINGS[kind] ?? {});
}
