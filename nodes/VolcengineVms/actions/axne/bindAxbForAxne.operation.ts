import type { VmsOperation } from '../operation';
import {
	audioRecordFlag,
	cityCode,
	cityCodeByPhoneNo,
	createsBinding,
	degradeCityList,
	duration,
	numberPoolNo,
	outId,
	parentSubId,
	phoneNoB,
	phoneNoX,
	userData,
} from '../common';

export const bindAxbForAxne: VmsOperation = {
	value: 'bindAxbForAxne',
	name: 'Bind AXB for AXNE',
	description: 'Add a temporary AXB binding under an AXNE binding, so B can call A back directly',
	action: 'Bind temporary AXB under AXNE binding (by its Sub ID) so B can call A back',
	apiAction: 'BindAXBForAXNE',
	result: ['SubId'],
	creates: createsBinding('your Out ID, or Phone No B (with Phone No X if you gave one)'),
	fields: [
		...numberPoolNo(),
		parentSubId(),
		phoneNoB({ required: true }),
		duration('enableDuration', 'Enable Duration (Seconds)', 'the AXB binding'),
		audioRecordFlag(),
	],
	optional: [
		phoneNoX({ required: false, description: 'The X number to use; leave empty to let VMS select one' }),
		cityCode(),
		cityCodeByPhoneNo(),
		degradeCityList(),
		userData(),
		outId(),
	],
};
