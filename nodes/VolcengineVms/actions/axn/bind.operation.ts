import type { VmsOperation } from '../operation';
import {
	audioRecordFlag,
	CREATES_BINDING,
	expireTime,
	numberPoolNo,
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
	creates: CREATES_BINDING,
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
	optional: [userData()],
};
