import type { VmsOperation } from '../operation';
import {
	audioRecordFlag,
	createsBinding,
	duration,
	numberPoolNo,
	numberSelection,
	parentSubId,
	phoneNoB,
	phoneNoY,
	userData,
} from '../common';

export const bindYbForAxyb: VmsOperation = {
	value: 'bindYbForAxyb',
	name: 'Bind YB for AXYB',
	description: 'Add the YB side to an AXYB binding: B gets its own privacy number Y to reach A',
	action: 'Bind YB side of AXYB binding (by its Sub ID): B gets own privacy number Y',
	apiAction: 'BindYBForAXYB',
	result: ['SubId'],
	creates: createsBinding('Phone No B (with Phone No Y if you gave one)'),
	fields: [
		...numberPoolNo({ description: 'The pool to take Y from (the Y number pool)' }),
		parentSubId(),
		phoneNoB({ required: true }),
		duration('enableDuration', 'Enable Duration (Seconds)', 'the YB binding'),
		audioRecordFlag(),
	],
	optional: [phoneNoY({ description: 'The Y number to use; leave empty to let VMS select one' }), ...numberSelection(), userData()],
};
