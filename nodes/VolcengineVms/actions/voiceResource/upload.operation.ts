import { NodeApiError, type IDataObject, type IHttpRequestOptions, type JsonObject } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS, vmsApiRequest } from '../../transport';
import { FieldError, textField } from '../fields';
import { VMS_VERSION, type VmsOperation } from '../operation';
import { checkResult } from '../result';
import { createsResource, REQ_SOURCE_TYPE } from './shared';

/** The audio files VMS takes, and the Content-Type the presigned upload URL expects for each. */
const CONTENT_TYPES: Record<string, string> = { mp3: 'audio/mpeg', wav: 'audio/wav' };
/** Uploading a few MB can take longer than an API call: at least this long, or the Timeout option when longer. */
const MIN_UPLOAD_TIMEOUT_MS = 60_000;

const CREATES = createsResource('the audio resource');

function binaryField(this: { getNodeParameter(name: string, i: number, fallback?: unknown): unknown }, itemIndex: number): string {
	return String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
}

/**
 * Three steps, all or nothing as far as the node can tell: GetResourceUploadUrl (a presigned URL for the file
 * name), PUT the bytes there with the Content-Type of the extension (not signed: the URL carries its own
 * signature), CommitResourceUpload (the file becomes a resource under review). A refused PUT commits nothing.
 */
export const upload: VmsOperation = {
	value: 'upload',
	name: 'Upload Audio File',
	description: 'Upload an MP3 or WAV file from the input binary data as an audio resource; it can be played once approved',
	action: 'Upload an audio file as a voice resource',
	apiAction: 'GetResourceUploadUrl',
	versions: { from: 2 },
	encoding: 'json',
	creates: CREATES,
	fields: [],
	optional: [
		textField('fileName', 'File Name', {
			maxLength: 128,
			placeholder: 'e.g. reminder.mp3',
			description: "The resource's file name, ending in .mp3 or .wav; default: the binary file's name. It becomes the resource's name.",
		}),
	],
	result: ['UploadUrl'],
	// The file name as sent travels to the follow-up, which PUTs and commits under that name.
	output: (result, params) => [{ ...(result as IDataObject), FileName: params.FileName }],
	async prepare(params, itemIndex) {
		const property = binaryField.call(this, itemIndex);
		let binary;
		try {
			binary = this.helpers.assertBinaryData(itemIndex, property);
		} catch {
			throw Object.assign(
				new FieldError(
					`Input Binary Field (binaryPropertyName): the item has no binary field "${property}"`,
					'Set the name of the binary field with the audio file, e.g. data, or read the file first (Read/Write Files from Disk, HTTP Request).',
				),
				{ field: 'binaryPropertyName', value: property },
			);
		}
		const fileName = String(params.FileName ?? binary.fileName ?? '').trim();
		const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
		if (!fileName || !extension || !CONTENT_TYPES[extension]) {
			throw Object.assign(
				new FieldError(
					`File Name (fileName): ${fileName ? `"${fileName}"` : 'the binary file has no name, so nothing'} is not an .mp3 or .wav file name`,
					'VMS takes MP3 and WAV audio files. Set File Name under Additional Fields, e.g. reminder.mp3, when the binary file has no such name.',
				),
				{ field: 'fileName', value: fileName },
			);
		}
		const ready: IDataObject = { FileName: fileName, ReqSourceType: REQ_SOURCE_TYPE };
		return ready;
	},
	followUp: {
		properties: [
			{
				displayName: 'Input Binary Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				required: true,
				hint: 'The name of the input binary field holding the audio file',
				description: 'The binary field of the input item with the MP3 or WAV file, e.g. data',
			},
		],
		async run(records, itemIndex) {
			const node = this.getNode();
			const { UploadUrl: uploadUrl, FileName: sentName } = records[0] ?? {};
			const property = binaryField.call(this, itemIndex);
			const fileName = String(sentName);
			const contentType = CONTENT_TYPES[fileName.split('.').pop()!.toLowerCase()];
			const bytes = await this.helpers.getBinaryDataBuffer(itemIndex, property);
			const url = String(uploadUrl);
			if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
				throw new NodeApiError(node, { message: 'not an http(s) URL' } as JsonObject, {
					itemIndex,
					message: 'VMS answered GetResourceUploadUrl with an upload URL that is not http(s)',
					description: `Nothing was uploaded or committed for ${fileName}. Run the step again; if it persists, ask Volcengine support.`,
				});
			}
			const option = Number((this.getNodeParameter('options', 0, {}) as IDataObject).timeout);
			const timeout = Math.max(MIN_UPLOAD_TIMEOUT_MS, Number.isInteger(option) ? option : DEFAULT_TIMEOUT_MS);
			// axios's own timeout only bounds a silent socket: the deadline bounds the whole upload.
			const deadline = AbortSignal.timeout(timeout);
			const cancel = this.getExecutionCancelSignal?.();
			const put: IHttpRequestOptions = {
				method: 'PUT',
				url,
				body: bytes,
				headers: { 'Content-Type': contentType },
				timeout,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				json: false,
				abortSignal: cancel ? AbortSignal.any([deadline, cancel]) : deadline,
			};
			let response: { statusCode: number; body: unknown };
			try {
				response = (await this.helpers.httpRequest(put)) as { statusCode: number; body: unknown };
			} catch (error) {
				const reason = cancel?.aborted
					? 'the execution was cancelled'
					: deadline.aborted
						? `it did not finish within ${Math.round(timeout / 1000)} s`
						: (error as Error).message;
				const message = `The audio file could not be uploaded to the upload URL: ${reason}`;
				const failure = new NodeApiError(node, { message: reason } as JsonObject, {
					itemIndex,
					message,
					description: `Nothing was committed, so no resource was created from ${fileName}. Run the step again (a longer Timeout option gives a large file more time).`,
				});
				failure.message = message; // NodeApiError swaps messages with network codes for a generic text
				throw failure;
			}
			if (response.statusCode < 200 || response.statusCode >= 300) {
				const text = Buffer.isBuffer(response.body) ? response.body.toString('utf8') : String(response.body ?? '');
				throw new NodeApiError(node, { message: text.slice(0, 200) } as JsonObject, {
					itemIndex,
					httpCode: String(response.statusCode),
					message: `The upload URL refused the audio file with HTTP ${response.statusCode}`,
					description: `${text.slice(0, 200)} Nothing was committed, so no resource was created from ${fileName}. A 403 usually means an expired URL or a Content-Type (${contentType}) that does not match the file; run the step again.`,
				});
			}
			const { result } = await vmsApiRequest.call(this, {
				action: 'CommitResourceUpload',
				version: VMS_VERSION,
				encoding: 'json',
				params: { FileName: fileName, ReqSourceType: REQ_SOURCE_TYPE },
				check: (answer) => checkResult(answer, ['ResourceKey']),
				creates: CREATES,
			});
			return [
				{
					json: { ...(result as IDataObject), fileName, contentType, fileSize: bytes.length },
				},
			];
		},
	},
};
