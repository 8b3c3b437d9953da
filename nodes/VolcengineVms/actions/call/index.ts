import type { VmsResource } from '../operation';
import { cancelClick2Call } from './cancelClick2Call.operation';
import { click2Call } from './click2Call.operation';
import { click2CallLite } from './click2CallLite.operation';
import { companyAuth } from './companyAuth.operation';
import { getRecording } from './getRecording.operation';
import { getRecords } from './getRecords.operation';
import { getTranscript } from './getTranscript.operation';
import { numberAuth } from './numberAuth.operation';

export const call: VmsResource = {
	value: 'call',
	name: 'Call',
	description: 'Dual calls, call records, recordings and transcripts, and the authorisations Click2Call Lite needs',
	operations: [click2Call, click2CallLite, cancelClick2Call, getRecords, getRecording, getTranscript, companyAuth, numberAuth],
};
