import type { VmsOperation } from '../operation';
import {
	audioRecordFlag,
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
	action: 'Bind an AXN number with an auto-selected X',
	apiAction: 'SelectNumberAndBindAXN',
	fields: [numberPoolNo(), phoneNoA(), phoneNoB({ hint: phoneNoBHint }), expireTime(), audioRecordFlag()],
	optional: [...numberSelection(), userData(), outId()],
};
