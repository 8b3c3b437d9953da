import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { downloadRecordingFiles, recordingFilesIn } from '../../../shared/recording';
import { isObject, type VmsOperation } from '../operation';
import { callId } from '../common';

/** Per file, for the whole body: a long call's recording is a few MB. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

export const getRecording: VmsOperation = {
	value: 'getRecording',
	name: 'Get Recording',
	description: 'Get the links to a call’s recording (valid 3 hours), and optionally download it',
	action: 'Get call recording',
	apiAction: 'QueryAudioRecordFileUrl',
	fields: [callId()],
	result: 'objectOrList',
	// An object in the docs and most SDKs, a one-element list in the Java SDK's model: both are accepted.
	// `hasRecording` says whether any link came back (none: not answered, not recorded, or not ready yet).
	output: (result, params) => {
		const found = (Array.isArray(result) ? result : [result]).filter(isObject);
		return (found.length ? found : [{}]).map(
			(record): IDataObject => ({ CallId: params.CallId, ...record, hasRecording: recordingFilesIn(record, 'queryField').length > 0 }),
		);
	},
	followUp: {
		properties: [
			{
				displayName: 'Download',
				name: 'download',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the recording into binary property "data" (and split channels, when recorded so, into "dataLeft" and "dataRight"). The links stay in the item either way.',
			},
		],
		async run(records, itemIndex) {
			const items: INodeExecutionData[] = records.map((json) => ({ json }));
			if (!(this.getNodeParameter('download', itemIndex, false) as boolean)) return items;
			const cancel = this.getExecutionCancelSignal?.();
			for (const item of items) {
				const call = String(item.json.CallId);
				const { binary, failed } = await downloadRecordingFiles(this.helpers, item.json, {
					fields: 'queryField',
					callId: call,
					timeoutMs: DOWNLOAD_TIMEOUT_MS,
					cancel,
				});
				// The user asked for the files: a missing one fails the item (Continue On Fail keeps the others going).
				if (failed.length > 0) {
					const [{ file, error }] = failed;
					throw new NodeOperationError(this.getNode(), `Could not download the ${file.what} of call ${call}: ${error}`, {
						itemIndex,
						description: 'The links are valid for 3 hours after this query; run the step again for fresh ones. Turn off Download to get only the links.',
					});
				}
				if (Object.keys(binary).length === 0) {
					throw new NodeOperationError(this.getNode(), `Call ${call} has no recording to download`, {
						itemIndex,
						description:
							'VMS returned no recording link: the call was not answered, recording was off for it, or the recording is not ready yet (it is, once the recording event has been pushed).',
					});
				}
				item.binary = binary;
			}
			return items;
		},
	},
};
