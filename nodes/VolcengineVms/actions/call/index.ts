import type { VmsResource } from '../operation';
import { cancelClick2Call } from './cancelClick2Call.operation';
import { click2Call } from './click2Call.operation';
import { click2CallLite } from './click2CallLite.operation';
import { getRecording } from './getRecording.operation';
import { getRecords } from './getRecords.operation';
import { getTranscript } from './getTranscript.operation';

export const call: VmsResource = {
	value: 'call',
	name: 'Call',
	description: 'Dual calls, call records, recordings and transcripts',
	operations: [click2Call, click2CallLite, cancelClick2Call, getRecords, getRecording, getTranscript],
};
