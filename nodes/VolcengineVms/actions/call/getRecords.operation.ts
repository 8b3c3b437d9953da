import { withCdrReadings } from '../../../shared/records';
import { recordsOf, VMS_VERSION, type VmsOperation } from '../operation';
import { callIds } from '../common';

export const getRecords: VmsOperation = {
	value: 'getRecords',
	name: 'Get Records',
	description:
		'Get the call records (CDRs) of calls by call ID, with ISO 8601 times (Beijing time) next to the Unix ones and names next to the result and service codes',
	action: 'Get call records',
	apiAction: 'QueryCallRecordMsg',
	// 2022-01-01 answers times in Unix milliseconds (2021-01-01 used strings).
	version: VMS_VERSION,
	fields: [callIds()],
	chunk: { param: 'CallIdList', size: 100 },
	result: 'records',
	output: (result) => recordsOf(result).map(withCdrReadings),
};
