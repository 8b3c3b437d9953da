import type { VmsResource } from '../operation';
import { createTts } from './createTts.operation';
import { deleteResource } from './delete.operation';
import { fetchFromUrl } from './fetchFromUrl.operation';
import { getMany } from './getMany.operation';
import { getUsable } from './getUsable.operation';
import { rename } from './rename.operation';
import { upload } from './upload.operation';

export const voiceResource: VmsResource = {
	value: 'voiceResource',
	name: 'Voice Resource',
	description: 'Audio files, TTS templates and IVR flows that voice notifications play, and their review',
	operations: [getMany, getUsable, createTts, upload, fetchFromUrl, rename, deleteResource],
};
