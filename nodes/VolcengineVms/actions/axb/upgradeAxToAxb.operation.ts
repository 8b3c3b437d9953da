import type { VmsOperation } from '../operation';
import { callDisplayType, numberPoolNo, outId, phoneNoB, subId, userData } from '../common';

export const upgradeAxToAxb: VmsOperation = {
	value: 'upgradeAxToAxb',
	name: 'Upgrade AX to AXB',
	description: 'Add B to an AX binding (one made without B)',
	action: 'Upgrade AX binding (made without B) to AXB by adding B, by its Sub ID',
	apiAction: 'UpgradeAXToAXB',
	result: ['SubId'],
	fields: [...numberPoolNo(), subId(), phoneNoB({ required: true })],
	optional: [userData(), outId(), callDisplayType()],
};
