import type { VmsOperation } from '../operation';
import {
	audioRecordFlag,
	callDisplayType,
	createsBinding,
	expireTime,
	numberPoolNo,
	numberSelection,
	outId,
	phoneNoA,
	phoneNoB,
	phoneNoBHint,
	userData,
} from '../common';

export const selectNumberAndBind: VmsOperation = {
	value: 'selectNumberAndBind',
	name: 'Bind (Auto-Select X)',
	description: 'Let VMS pick a free X from the pool (by city) and bind A, optionally with B',
	action: 'Bind A (and B) to free privacy number X picked by VMS (AXN); returns X and its Sub ID',
	apiAction: 'SelectNumberAndBindAXN',
	result: ['SubId'],
	creates: createsBinding('your Out ID, or Phone No A and Phone No B'),
	fields: [...numberPoolNo(), phoneNoA(), phoneNoB({ hint: phoneNoBHint }), expireTime(), audioRecordFlag()],
	optional: [...numberSelection(), userData(), outId(), callDisplayType()],
};
