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

/** The largest recording file kept, by default: hours of mono MP3 or about 50 min of 16 kHz stereo WAV. */
export const DEFAULT_MAX_RECORDING_BYTES = 100 * 1024 * 1024;

/** How many recording files one push (or one item of Get Recording) downloads at the same time. */
export const DOWNLOAD_CONCURRENCY = 4;

interface DownloadOptions {
	timeoutMs: number;
	/** The execution's cancel signal: a cancelled execution stops its downloads. */
	cancel?: AbortSignal;
	/** A file larger than this (bytes, after decompression) is not kept; default DEFAULT_MAX_RECORDING_BYTES. */
	maxBytes?: number;
	/** Shared by the downloads that must not all run at once; default: one of DOWNLOAD_CONCURRENCY per call. */
	limiter?: Limiter;
}

/** Runs at most `size` tasks at the same time, the others in the order they came (no timers). */
export class Limiter {
	private running = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(private readonly size: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.running++;
		try {
			return await task();
		} finally {
			// Hand the slot straight to the next task, or free it.
			const next = this.waiting.shift();
			if (next) next();
			else this.running--;
		}
	}
}

/** The size as people read it: `100 MB`, `512 KB`. */
function sizeText(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

interface BodyStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
	on(event: 'error', listener: (error: Error) => void): unknown;
}

const isStream = (body: unknown): body is BodyStream =>
	typeof body === 'object' &&
	body !== null &&
	typeof (body as BodyStream).destroy === 'function' &&
	typeof (body as BodyStream).on === 'function' &&
	Symbol.asyncIterator in body;

/**
 * Reads `body` (a stream, or a buffer from a helper that buffers) up to `maxBytes`: the bytes, or
 * undefined as soon as there are more (the stream is then destroyed, so nothing more is buffered).
 */
async function readAtMost(body: unknown, maxBytes: number): Promise<Buffer | undefined> {
	if (!isStream(body)) {
		const data = Buffer.isBuffer(body)
			? body
			: body instanceof ArrayBuffer
				? Buffer.from(body)
				: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
		return data.length > maxBytes ? undefined : data;
	}
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of body) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
		total += bytes.length;
		if (total > maxBytes) {
			body.destroy();
			return undefined;
		}
		chunks.push(bytes);
	}
	return Buffer.concat(chunks, total);
}

/**
 * Fetches `url` within `timeoutMs` (the whole body, not just the first byte) and at most `maxBytes`
 * as binary data named after the URL (`fallbackName` when it has none). Never throws: a trigger
 * still emits its item.
 */
export async function downloadRecording(
	helpers: DownloadHelpers,
	url: string,
	{ fallbackName, timeoutMs, cancel, maxBytes = DEFAULT_MAX_RECORDING_BYTES }: DownloadOptions & { fallbackName: string },
): Promise<Download> {
	if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
		return { error: `The recording URL "${url.slice(0, 200)}" is not an http(s) URL` };
	}
	if (cancel?.aborted) return { error: 'The execution was cancelled before the recording was downloaded' };
	const deadline = AbortSignal.timeout(timeoutMs);
	const signal = cancel ? AbortSignal.any([deadline, cancel]) : deadline;
	const stopped = (reason: string) =>
		cancel?.aborted
			? 'The execution was cancelled during the recording download'
			: deadline.aborted
				? `The recording download did not finish within ${Math.round(timeoutMs / 1000)} s`
				: `The recording could not be downloaded: ${reason}`;
	const tooLarge = `The recording is larger than the limit of ${sizeText(maxBytes)} and was not downloaded; raise Max Recording Size to keep it`;
	let response: FullResponse;
	try {
		// A stream, read here up to the limit: a body that never ends is cut off, not buffered.
		response = (await helpers.httpRequest({
			url,
			method: 'GET',
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			abortSignal: signal,
		})) as FullResponse;
	} catch (error) {
		return { error: stopped(error instanceof Error ? error.message : String(error)) };
	}
	const { body } = response;
	// A stream destroyed while nothing reads it (an answer not read, a deadline during storing) must not throw.
	if (isStream(body)) body.on('error', () => {});
	// The request's signal may not reach a body already streaming: stop it here too.
	const stop = () => (isStream(body) ? body.destroy(new Error('aborted')) : undefined);
	signal.addEventListener('abort', stop, { once: true });
	try {
		if (response.statusCode < 200 || response.statusCode >= 300) {
			const expired = response.statusCode === 403 || response.statusCode === 404 || response.statusCode === 410;
			return {
				error: `The recording server answered HTTP ${response.statusCode}${
					expired ? ': the link has probably expired; get a fresh one with Call → Get Recording' : ''
				}`,
			};
		}
		const length = Number(response.headers['content-length']);
		if (Number.isFinite(length) && length > maxBytes) return { error: tooLarge };
		let data: Buffer | undefined;
		try {
			data = await readAtMost(body, maxBytes);
		} catch (error) {
			return { error: stopped(error instanceof Error ? error.message : String(error)) };
		}
		if (data === undefined) return { error: tooLarge };
		const fileName = fileNameOf(url, fallbackName);
		const header = response.headers['content-type'];
		const mimeType = mimeTypeOf(fileName, Array.isArray(header) ? header[0] : header);
		try {
			return { binary: await helpers.prepareBinaryData(data, fileName, mimeType) };
		} catch (error) {
			return { error: `The recording could not be stored as binary data: ${error instanceof Error ? error.message : String(error)}` };
		}
	} finally {
		signal.removeEventListener('abort', stop);
		// Whatever was not read (an error page, a body over the limit) is dropped with its connection.
		if (isStream(body)) body.destroy();
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
 * Downloads every file whose link is in `record` (push or query field names, per `fields`), as many
 * at once as `limiter` lets through: the files by binary property, and why the others failed, in
 * RECORDING_FILES order. Never throws; what to do with a failure is the caller's choice.
 */
export async function downloadRecordingFiles(
	helpers: DownloadHelpers,
	record: IDataObject,
	{ fields, callId, limiter = new Limiter(DOWNLOAD_CONCURRENCY), ...options }: DownloadOptions & { fields: 'pushField' | 'queryField'; callId: string },
): Promise<{ binary: IBinaryKeyData; failed: Array<{ file: RecordingFile; error: string }> }> {
	const files = recordingFilesIn(record, fields);
	const downloads = await Promise.all(
		files.map(async (file) => ({
			file,
			// The deadline starts when the download does, not while it waits for a slot.
			download: await limiter.run(
				async () => await downloadRecording(helpers, record[file[fields]] as string, { fallbackName: `${callId}${file.suffix}`, ...options }),
			),
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
