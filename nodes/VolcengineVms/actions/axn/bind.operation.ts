import type { VmsOperation } from '../operation';
import {
	audioRecordFlag,
	callDisplayType,
	createsBinding,
	expireTime,
	numberPoolNo,
	outId,
	phoneNoA,
	phoneNoB,
	phoneNoX,
	userData,
} from '../common';

export const bind: VmsOperation = {
	value: 'bind',
	name: 'Bind (Specified X)',
	description: 'Bind A (and optionally B) to an X number you choose',
	action: 'Bind A (and B) to privacy number X you choose (AXN); returns its Sub ID',
	apiAction: 'BindAXN',
	result: ['SubId'],
	creates: createsBinding('Phone No A and Phone No X, or your Out ID'),
	fields: [
		...numberPoolNo(),
		phoneNoX(),
		phoneNoA(),
		phoneNoB({
			hint: 'Recommended: without B, VMS binds a placeholder number that may be blacklisted, and then the binding fails',
		}),
		expireTime(),
		audioRecordFlag(),
	],
	optional: [userData(), outId(), callDisplayType()],
};
