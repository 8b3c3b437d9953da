import type { VmsOperation } from '../operation';
import {
	audioRecordFlag,
	callDisplayType,
	createsBinding,
	expireTime,
	numberPoolNo,
	orderId,
	outId,
	phoneNoA,
	phoneNoB,
	phoneNoX,
	userData,
} from '../common';

export const bind: VmsOperation = {
	value: 'bind',
	name: 'Bind (Specified X)',
	description: 'Bind A and B to an X number you choose; without B it is an AX binding',
	action: 'Bind A and B to privacy number X you choose, only for each other (AXB); returns its Sub ID',
	apiAction: 'BindAXB',
	result: ['SubId'],
	creates: createsBinding('Phone No A, B and X, or your Out ID'),
	fields: [
		...numberPoolNo(),
		phoneNoX(),
		phoneNoA(),
		phoneNoB({ hint: 'Leave empty for an AX binding; add B later with "Upgrade AX to AXB"' }),
		expireTime(),
		audioRecordFlag(),
	],
	optional: [userData(), outId(), orderId(), callDisplayType()],
};
