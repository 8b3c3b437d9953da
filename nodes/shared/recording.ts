import type { IBinaryData, IBinaryKeyData, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * Call recordings: VMS hands out signed CDN links that expire (6 h when pushed, 3 h when queried),
 * so both the node and the trigger can fetch the file into n8n binary data while the link works.
 * No credential: the link itself is the authorization.
 */

/** The helpers this needs; every n8n execute and webhook context has them. */
export interface DownloadHelpers {
	httpRequest(options: IHttpRequestOptions): Promise<unknown>;
	prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData>;
}

const MIME_TYPES: Record<string, string> = {
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	ogg: 'audio/ogg',
	m4a: 'audio/mp4',
	txt: 'text/plain',
	json: 'application/json',
};

/** The file as binary data, or why it could not be fetched (said so that a user knows what to do). */
export type Download = { binary: IBinaryData } | { error: string };

/** The file name a URL points at (`…/Dcc01.mp3?x-expires=…` → `Dcc01.mp3`), or `fallback` (also for `a%zz.mp3`). */
export function fileNameOf(url: string, fallback: string): string {
	const path = URL.canParse(url) ? new URL(url).pathname : '';
	let last: string;
	try {
		last = decodeURIComponent(path.split('/').pop() ?? '');
	} catch {
		return fallback; // a malformed escape
	}
	return /^[^\\/]+\.[A-Za-z0-9]{2,4}$/.test(last) ? last : fallback;
}

/** MIME type from the file name's extension, else from the response, else a generic one. */
export function mimeTypeOf(fileName: string, contentType?: string): string {
	const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
	return MIME_TYPES[extension] ?? contentType?.split(';')[0].trim() ?? 'application/octet-stream';
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

interface DownloadOptions {
	timeoutMs: number;
	/** The execution's cancel signal: a cancelled execution stops its downloads. */
	cancel?: AbortSignal;
}

/**
 * Fetches `url` within `timeoutMs` (the whole body, not just the first byte) as binary data named
 * after the URL (`fallbackName` when it has none). Never throws: a trigger still emits its item.
 */
export async function downloadRecording(
	helpers: DownloadHelpers,
	url: string,
	{ fallbackName, timeoutMs, cancel }: DownloadOptions & { fallbackName: string },
): Promise<Download> {
	if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
		return { error: `The recording URL "${url.slice(0, 200)}" is not an http(s) URL` };
	}
	if (cancel?.aborted) return { error: 'The execution was cancelled before the recording was downloaded' };
	const deadline = AbortSignal.timeout(timeoutMs);
	let response: FullResponse;
	try {
		response = (await helpers.httpRequest({
			url,
			method: 'GET',
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			abortSignal: cancel ? AbortSignal.any([deadline, cancel]) : deadline,
		})) as FullResponse;
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return {
			error: cancel?.aborted
				? 'The execution was cancelled during the recording download'
				: deadline.aborted
				? `The recording download did not finish within ${Math.round(timeoutMs / 1000)} s`
				: `The recording could not be downloaded: ${reason}`,
		};
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const expired = response.statusCode === 403 || response.statusCode === 404 || response.statusCode === 410;
		return {
			error: `The recording server answered HTTP ${response.statusCode}${
				expired ? ': the link has probably expired; get a fresh one with Call → Get Recording' : ''
			}`,
		};
	}
	const body = response.body;
	const data = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
	const fileName = fileNameOf(url, fallbackName);
	const header = response.headers['content-type'];
	const mimeType = mimeTypeOf(fileName, Array.isArray(header) ? header[0] : header);
	try {
		return { binary: await helpers.prepareBinaryData(data, fileName, mimeType) };
	} catch (error) {
		return { error: `The recording could not be stored as binary data: ${error instanceof Error ? error.message : String(error)}` };
	}
}

/**
 * The files of a recording: the link's field in a push and in QueryAudioRecordFileUrl's answer, the
 * binary property the file goes into, and its name when the link has none (`<callId><suffix>`).
 */
export const RECORDING_FILES = [
	{ pushField: 'audioRecordUrl', queryField: 'AudioRecordFileUrl', property: 'data', suffix: '.mp3', what: 'recording' },
	{ pushField: 'audioRecordLeftUrl', queryField: 'AudioRecordLeftFileUrl', property: 'dataLeft', suffix: '-left.wav', what: 'left channel' },
	{ pushField: 'audioRecordRightUrl', queryField: 'AudioRecordRightFileUrl', property: 'dataRight', suffix: '-right.wav', what: 'right channel' },
] as const;

export type RecordingFile = (typeof RECORDING_FILES)[number];

/** The files `record` has a link for (push or query field names, per `fields`), in RECORDING_FILES order. */
export function recordingFilesIn(record: IDataObject, fields: 'pushField' | 'queryField'): RecordingFile[] {
	return RECORDING_FILES.filter((file) => typeof record[file[fields]] === 'string' && record[file[fields]] !== '');
}

/**
 * Downloads, at the same time, every file whose link is in `record` (push or query field names, per
 * `fields`): the files by binary property, and why the others failed, in RECORDING_FILES order.
 * Never throws; what to do with a failure is the caller's choice.
 */
export async function downloadRecordingFiles(
	helpers: DownloadHelpers,
	record: IDataObject,
	{ fields, callId, ...options }: DownloadOptions & { fields: 'pushField' | 'queryField'; callId: string },
): Promise<{ binary: IBinaryKeyData; failed: Array<{ file: RecordingFile; error: string }> }> {
	const files = recordingFilesIn(record, fields);
	const downloads = await Promise.all(
		files.map(async (file) => ({
			file,
			download: await downloadRecording(helpers, record[file[fields]] as string, { fallbackName: `${callId}${file.suffix}`, ...options }),
		})),
	);
	const binary: IBinaryKeyData = {};
	const failed: Array<{ file: RecordingFile; error: string }> = [];
	for (const { file, download } of downloads) {
		if ('binary' in download) binary[file.property] = download.binary;
		else failed.push({ file, error: download.error });
	}
	return { binary, failed };
}
