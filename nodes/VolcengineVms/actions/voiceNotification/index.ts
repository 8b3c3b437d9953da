import type { VmsResource } from '../operation';
import { cancel } from './cancel.operation';
import { get } from './get.operation';
import { send } from './send.operation';

export const voiceNotification: VmsResource = {
	value: 'voiceNotification',
	name: 'Voice Notification',
	description: 'Call a person and play a recording, a text-to-speech template or an IVR flow; look it up; cancel it',
	operations: [send, get, cancel],
};
