import type { VmsOperation } from '../operation';
import {
	audioRecordFlag,
	callDisplayType,
	CREATES_BINDING,
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
	action: 'Bind an AXB number with an auto-selected X',
	apiAction: 'SelectNumberAndBindAXB',
	result: ['SubId'],
	creates: CREATES_BINDING,
	fields: [numberPoolNo(), phoneNoA(), phoneNoB({ hint: 'Leave empty for an AX binding' }), expireTime(), audioRecordFlag()],
	optional: [...numberSelection(), userData(), outId(), orderId(), callDisplayType()],
};
