import type { VmsResource } from '../operation';
import { createTts } from './createTts.operation';
import { fetchFromUrl } from './fetchFromUrl.operation';
import { getMany } from './getMany.operation';
import { upload } from './upload.operation';

export const voiceResource: VmsResource = {
	value: 'voiceResource',
	name: 'Voice Resource',
	description: 'Audio files, TTS templates and IVR flows that voice notifications play, and their review',
	operations: [getMany, createTts, upload, fetchFromUrl],
};
