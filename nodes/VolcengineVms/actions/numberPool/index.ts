import type { VmsResource } from '../operation';
import { applyForNumbers } from './applyForNumbers.operation';
import { create } from './create.operation';
import { getApplications } from './getApplications.operation';
import { getMany } from './getMany.operation';
import { getNumbers } from './getNumbers.operation';
import { registerIndustrialId } from './registerIndustrialId.operation';
import { scrollNumbers } from './scrollNumbers.operation';
import { selectNumber } from './selectNumber.operation';
import { setNumberStatus } from './setNumberStatus.operation';
import { update } from './update.operation';

export const numberPool: VmsResource = {
	value: 'numberPool',
	name: 'Number Pool',
	description: 'Number pools and their numbers: list, create, apply for and enable numbers',
	operations: [
		getMany,
		getNumbers,
		selectNumber,
		create,
		update,
		scrollNumbers,
		setNumberStatus,
		applyForNumbers,
		getApplications,
		registerIndustrialId,
	],
};
