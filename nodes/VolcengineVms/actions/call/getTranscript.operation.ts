import { recordsOf, type VmsOperation } from '../operation';
import { callIds } from '../common';

export const getTranscript: VmsOperation = {
	value: 'getTranscript',
	name: 'Get Transcript',
	description: 'Get links to the speech-to-text transcripts of recorded calls, one item per call',
	action: 'Get call transcripts',
	apiAction: 'QueryAudioRecordToTextFileUrl',
	fields: [callIds()],
	chunk: { param: 'CallIdList', size: 100 },
	result: 'records',
	output: (result) => recordsOf(result),
};
