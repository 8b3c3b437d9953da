import type { VmsOperation } from '../operation';
import {
	audioRecordFlag,
	callDisplayType,
	createsBinding,
	expireTime,
	numberPoolNo,
	numberSelection,
	orderId,
	outId,
	phoneNoA,
	phoneNoB,
	userData,
} from '../common';

export const selectNumberAndBind: VmsOperation = {
	value: 'selectNumberAndBind',
	name: 'Bind (Auto-Select X)',
	description: 'Let VMS pick a free X from the pool (by city) and bind A and B',
	action: 'Bind A and B to free privacy number X picked by VMS, only for each other (AXB); returns X and its Sub ID',
	apiAction: 'SelectNumberAndBindAXB',
	result: ['SubId'],
	creates: createsBinding('your Out ID, or Phone No A and Phone No B'),
	fields: [...numberPoolNo(), phoneNoA(), phoneNoB({ hint: 'Leave empty for an AX binding' }), expireTime(), audioRecordFlag()],
	optional: [...numberSelection(), userData(), outId(), orderId(), callDisplayType()],
};
