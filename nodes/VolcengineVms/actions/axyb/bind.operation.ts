import type { VmsOperation } from '../operation';
import { flagField, integerField, inVersions } from '../fields';
import {
	audioRecordFlag,
	autoCreateFlag,
	createsBinding,
	expireTime,
	numberPoolNo,
	numberSelection,
	orderId,
	outId,
	phoneNoA,
	phoneNoB,
	phoneNoX,
	phoneNoY,
	secondSelection,
	userData,
} from '../common';

const yPool = (required: boolean) =>
	numberPoolNo({ required, name: 'numberPoolNoY', displayName: 'Y Number Pool No', description: 'The pool to take Y from' });
const ybEnableDuration = (required: boolean) =>
	integerField('ybEnableDuration', 'YB Enable Duration (Seconds)', {
		min: 60,
		max: 3 * 365 * 24 * 3600,
		default: 3600,
		required,
		description: 'How long the YB binding lasts, in seconds from now',
	});

/**
 * Version 2 follows the SDKs (the generated SDK requires NumberPoolNoY and YbEnableDuration; no SDK has OutId on
 * BindAXYB). Version 1 keeps them as it had them: optional, with Out ID (frozen).
 */
export const bind: VmsOperation = {
	value: 'bind',
	name: 'Bind',
	description: 'Bind A to X; with B, VMS also binds B to a second number Y so each side has its own privacy number',
	action: 'Bind A to privacy number X and B to second number Y (AXYB); returns numbers and Sub ID',
	apiAction: 'BindAXYB',
	result: ['SubId'],
	creates: createsBinding('Phone No A (with Phone No X if you gave one; no SDK sends an Out ID with AXYB, so VMS may not keep it)'),
	fields: [
		...numberPoolNo(),
		phoneNoA(),
		expireTime(),
		audioRecordFlag(),
		...inVersions({ from: 2 }, [...yPool(true), ybEnableDuration(true)]),
	],
	optional: [
		phoneNoX({ required: false, description: 'The X number to use; leave empty to let VMS select one' }),
		phoneNoB({ description: 'Party B; with it (and Auto Create on) the YB side is created too' }),
		phoneNoY({ description: 'The Y number to use; leave empty to let VMS select one' }),
		...inVersions({ to: 1 }, [...yPool(false), ybEnableDuration(false)]),
		flagField('ybAudioRecordFlag', 'Record YB Calls', { default: true, description: 'Whether calls through Y are recorded' }),
		...secondSelection('y', 'Y', true),
		...numberSelection(),
		autoCreateFlag({ default: true }),
		userData(),
		...inVersions({ to: 1 }, [outId()]),
		orderId(),
	],
};
