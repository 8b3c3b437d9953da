import type { VmsOperation } from '../operation';
import { flagField, integerField, textField } from '../fields';
import {
	audioRecordFlag,
	autoCreateFlag,
	createsBinding,
	expireTime,
	numberPoolNo,
	numberSelection,
	outId,
	phoneNoA,
	phoneNoB,
	phoneNoX,
	secondSelection,
	userData,
} from '../common';

export const bind: VmsOperation = {
	value: 'bind',
	name: 'Bind',
	description: 'Bind A to X plus an extension E; callers dial X, then E',
	action: 'Bind A to privacy number X plus extension E (AXNE); returns X, E and its Sub ID',
	apiAction: 'BindAXNE',
	result: ['SubId'],
	creates: createsBinding('your Out ID, or Phone No A (with Phone No X if you gave one)'),
	fields: [...numberPoolNo(), phoneNoA(), expireTime(), audioRecordFlag()],
	optional: [
		phoneNoX({ required: false, description: 'The X number to use; leave empty to let VMS select one' }),
		textField('phoneNoE', 'Extension (Phone No E)', {
			pattern: /^\d{1,8}$/,
			patternHint: 'digits only, e.g. 1234',
			description: 'The extension to use; leave empty to let VMS assign one',
		}),
		phoneNoB(),
		...numberSelection(),
		autoCreateFlag(),
		userData(),
		outId(),
		// The AXB that VMS creates when B calls (Auto Create): its pool, length, recording and X selection.
		...numberPoolNo({
			required: false,
			name: 'axbNumberPoolNo',
			displayName: 'AXB Number Pool No',
			description: 'The pool of the AXB binding VMS creates when B calls (Auto Create)',
		}),
		integerField('axbEnableDuration', 'AXB Enable Duration (Seconds)', {
			min: 60,
			max: 3 * 365 * 24 * 3600,
			default: 3600,
			description: 'How long the auto-created AXB binding lasts, in seconds from its creation',
		}),
		flagField('axbAudioRecordFlag', 'Record AXB Calls', { default: true, description: 'Whether calls through the auto-created AXB are recorded' }),
		...secondSelection('axb', 'AXB X'),
	],
};
