import type { VmsResource } from '../operation';
import { add } from './add.operation';
import { addScene } from './addScene.operation';
import { getANumberRegistration } from './getANumberRegistration.operation';
import { getMany } from './getMany.operation';
import { registerANumber } from './registerANumber.operation';
import { update } from './update.operation';
import { updateScene } from './updateScene.operation';
import { uploadFile } from './uploadFile.operation';

export const qualification: VmsResource = {
	value: 'qualification',
	name: 'Qualification',
	description: 'Company qualifications, their documents and calling scenarios, and A-number registration',
	operations: [uploadFile, add, update, addScene, updateScene, getMany, registerANumber, getANumberRegistration],
};
