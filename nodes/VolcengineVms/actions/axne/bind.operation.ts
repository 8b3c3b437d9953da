import type { VmsOperation } from '../operation';
import { textField } from '../fields';
import {
	audioRecordFlag,
	autoCreateFlag,
	CREATES_BINDING,
	expireTime,
	numberPoolNo,
	numberSelection,
	outId,
	phoneNoA,
	phoneNoB,
	phoneNoX,
	userData,
} from '../common';

export const bind: VmsOperation = {
	value: 'bind',
	name: 'Bind',
	description: 'Bind A to X plus an extension E; callers dial X, then E',
	action: 'Bind A to privacy number X plus extension E (AXNE); returns X, E and its Sub ID',
	apiAction: 'BindAXNE',
	result: ['SubId'],
	creates: CREATES_BINDING,
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
	],
};
