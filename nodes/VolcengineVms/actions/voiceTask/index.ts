import type { VmsResource } from '../operation';
import { append } from './append.operation';
import { create } from './create.operation';
import { getMany } from './getMany.operation';
import { pause } from './pause.operation';
import { resume } from './resume.operation';
import { stop } from './stop.operation';
import { update } from './update.operation';

export const voiceTask: VmsResource = {
	value: 'voiceTask',
	name: 'Voice Notification Task',
	description: 'Notification campaigns: many numbers, one audio, TTS or IVR resource, a time window and a concurrency',
	operations: [create, append, update, pause, resume, stop, getMany],
};
