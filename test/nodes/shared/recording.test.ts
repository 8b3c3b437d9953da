/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): a loopback node:http server with timers, and n8n's own DI and network modules */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { OutboundHttp } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import type { IBinaryData, IHttpRequestOptions } from 'n8n-workflow';

import {
	DEFAULT_MAX_RECORDING_BYTES,
	DOWNLOAD_CONCURRENCY,
	Limiter,
	downloadRecording,
	downloadRecordingFiles,
	type Download,
	fileNameOf,
	mimeTypeOf,
} from '../../../nodes/shared/recording';

// n8n's own `helpers.httpRequest` is this call (n8n-core request-helpers/factory.js); binary data is kept in memory.
const helpers = {
	httpRequest: async (options: IHttpRequestOptions) => await Container.get(OutboundHttp).requests().request(options),
	prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({
		data: data.toString('base64'),
		fileName,
		mimeType: mimeType ?? 'application/octet-stream',
	}),
};

const MP3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x64]);

let server: http.Server;
let base: string;
/** What the server saw: downloads running now and at most, bytes written into endless bodies, whether those closed. */
const seen = { active: 0, maxActive: 0, endlessBytes: 0, endlessClosed: false };

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		if (path === '/rec/Dcc01.mp3') {
			res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(MP3);
		} else if (path === '/expired/Dcc01.mp3') {
			res.writeHead(403).end('<Error>AccessDenied</Error>');
		} else if (path === '/bad/a%zz.mp3') {
			res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(MP3);
		} else if (path === '/noname/') {
			res.writeHead(200, { 'content-type': 'audio/wav' }).end(MP3);
		} else if (path.startsWith('/slow/')) {
			// Each file takes a moment, so downloads that are allowed to overlap do.
			seen.active++;
			seen.maxActive = Math.max(seen.maxActive, seen.active);
			res.on('close', () => seen.active--);
			setTimeout(() => res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(MP3), 20);
		} else if (path === '/endless/Dcc01.mp3') {
			// No length, and a body that never ends: written as fast as the client takes it (respecting backpressure).
			res.writeHead(200, { 'content-type': 'audio/mpeg' });
			const chunk = Buffer.alloc(64 * 1024, 1);
			const pump = () => {
				while (!res.destroyed) {
					seen.endlessBytes += chunk.length;
					if (!res.write(chunk)) return void res.once('drain', pump);
				}
			};
			res.on('close', () => (seen.endlessClosed = true));
			pump();
		} else if (path === '/huge/Dcc01.mp3') {
			// Announces 5 GB: refused from the header, before any byte is read.
			res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(5 * 1024 ** 3) });
			res.write(Buffer.alloc(1024));
		} else if (path === '/trickle/Dcc01.mp3') {
			// Headers at once, then a byte every 100 ms: only a deadline on the whole body stops this.
			res.writeHead(200, { 'content-type': 'audio/mpeg' });
			const timer = setInterval(() => res.write(Buffer.from([0])), 100);
			res.on('close', () => clearInterval(timer));
		} else {
			res.writeHead(404).end();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

describe('fileNameOf / mimeTypeOf', () => {
	it('takes the file name from the URL path, ignoring the signed query', () => {
		expect(fileNameOf('https://lf3-audio-file-sign.volcvms.com/a/Dcc01-left.wav?x-expires=1&x-signature=abc', 'x.mp3')).toBe(
			'Dcc01-left.wav',
		);
	});

	it('falls back when the URL has no file name', () => {
		expect(fileNameOf('https://example.com/', 'D1.mp3')).toBe('D1.mp3');
		expect(fileNameOf('not a url', 'D1.mp3')).toBe('D1.mp3');
	});

	it('falls back, never throws, on a malformed escape or an escaped slash', () => {
		expect(fileNameOf('https://example.com/a%zz.mp3', 'D1.mp3')).toBe('D1.mp3');
		expect(fileNameOf('https://example.com/a%2Fb.mp3', 'D1.mp3')).toBe('D1.mp3');
		expect(fileNameOf('https://example.com/%E5%BD%95%E9%9F%B3.mp3', 'D1.mp3')).toBe('录音.mp3');
	});

	it('maps audio extensions, else uses the response type, else a generic type', () => {
		expect(mimeTypeOf('a.mp3')).toBe('audio/mpeg');
		expect(mimeTypeOf('a.WAV')).toBe('audio/wav');
		expect(mimeTypeOf('a.bin', 'audio/x-custom; charset=binary')).toBe('audio/x-custom');
		expect(mimeTypeOf('a.bin')).toBe('application/octet-stream');
	});
});

function binaryOf(download: Download): IBinaryData {
	if ('error' in download) throw new Error(`expected a file, got: ${download.error}`);
	return download.binary;
}

describe('downloadRecording', () => {
	it('returns the exact bytes, named and typed after the URL', async () => {
		const binary = binaryOf(
			await downloadRecording(helpers, `${base}/rec/Dcc01.mp3?x-expires=123`, { fallbackName: 'fallback.mp3', timeoutMs: 5000 }),
		);
		expect(Buffer.from(binary.data, 'base64')).toEqual(MP3);
		expect(binary.fileName).toBe('Dcc01.mp3');
		expect(binary.mimeType).toBe('audio/mpeg');
	});

	it('uses the fallback name and the response content type for a URL without a file name', async () => {
		const binary = binaryOf(await downloadRecording(helpers, `${base}/noname/`, { fallbackName: 'D9.wav', timeoutMs: 5000 }));
		expect(binary.fileName).toBe('D9.wav');
		expect(binary.mimeType).toBe('audio/wav');
	});

	it('a link with a malformed escape still gives the file, under the fallback name', async () => {
		const binary = binaryOf(await downloadRecording(helpers, `${base}/bad/a%zz.mp3`, { fallbackName: 'D9.mp3', timeoutMs: 5000 }));
		expect(Buffer.from(binary.data, 'base64')).toEqual(MP3);
		expect(binary.fileName).toBe('D9.mp3');
	});

	it('says so when n8n cannot store the file, instead of throwing', async () => {
		const failing = { ...helpers, prepareBinaryData: async () => Promise.reject(new Error('disk full')) };
		expect(await downloadRecording(failing, `${base}/rec/Dcc01.mp3`, { fallbackName: 'x.mp3', timeoutMs: 5000 })).toEqual({
			error: 'The recording could not be stored as binary data: disk full',
		});
	});

	it('says the link probably expired on HTTP 403', async () => {
		expect(await downloadRecording(helpers, `${base}/expired/Dcc01.mp3`, { fallbackName: 'x.mp3', timeoutMs: 5000 })).toEqual({
			error: 'The recording server answered HTTP 403: the link has probably expired; get a fresh one with Call → Get Recording',
		});
	});

	it('stops a body that trickles in at the deadline', async () => {
		// Without a deadline on the whole body this never settles (jest's timeout would fail the test).
		expect(await downloadRecording(helpers, `${base}/trickle/Dcc01.mp3`, { fallbackName: 'x.mp3', timeoutMs: 800 })).toEqual({
			error: 'The recording download did not finish within 1 s',
		});
	});

	it('refuses a URL that is not http(s) without sending anything', async () => {
		expect(await downloadRecording(helpers, 'file:///etc/passwd', { fallbackName: 'x', timeoutMs: 1000 })).toEqual({
			error: 'The recording URL "file:///etc/passwd" is not an http(s) URL',
		});
	});
});

describe('bounded downloads', () => {
	it('a Limiter runs at most its size at once, the others in order as slots free up', async () => {
		const limiter = new Limiter(2);
		let running = 0;
		let most = 0;
		const order: number[] = [];
		const gates: Array<() => void> = [];
		const tasks = [0, 1, 2, 3, 4].map((i) =>
			limiter.run(async () => {
				running++;
				most = Math.max(most, running);
				await new Promise<void>((resolve) => gates.push(resolve));
				order.push(i);
				running--;
				return i;
			}),
		);
		// Release whatever waits until all are done; only 2 ever wait at once.
		while (order.length < 5) {
			await new Promise((resolve) => setImmediate(resolve));
			expect(gates.length).toBeLessThanOrEqual(2);
			gates.shift()?.();
		}
		expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
		expect(order).toEqual([0, 1, 2, 3, 4]);
		expect(most).toBe(2);
	});

	it('a limiter also holds a task that throws to its slot, and frees it', async () => {
		const limiter = new Limiter(1);
		await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await limiter.run(async () => 'next')).toBe('next');
	});

	it('200 recordings with 3 files each, sharing one limiter: never more than 4 downloads at once, all 600 done', async () => {
		seen.maxActive = 0;
		const limiter = new Limiter(DOWNLOAD_CONCURRENCY);
		const results = await Promise.all(
			Array.from({ length: 200 }, async (_, i) =>
				downloadRecordingFiles(
					helpers,
					{
						audioRecordUrl: `${base}/slow/D${i}.mp3`,
						audioRecordLeftUrl: `${base}/slow/D${i}-left.wav`,
						audioRecordRightUrl: `${base}/slow/D${i}-right.wav`,
					},
					{ fields: 'pushField', callId: `D${i}`, timeoutMs: 60000, limiter },
				),
			),
		);
		expect(DOWNLOAD_CONCURRENCY).toBe(4);
		expect(seen.maxActive).toBeGreaterThan(1);
		expect(seen.maxActive).toBeLessThanOrEqual(DOWNLOAD_CONCURRENCY);
		expect(results.every((r) => r.failed.length === 0 && Object.keys(r.binary).length === 3)).toBe(true);
	}, 60000);

	it('without a limiter, one recording still downloads at most 4 at once (its 3 files)', async () => {
		seen.maxActive = 0;
		const record = { AudioRecordFileUrl: `${base}/slow/a.mp3`, AudioRecordLeftFileUrl: `${base}/slow/a-left.wav` };
		const { binary } = await downloadRecordingFiles(helpers, record, { fields: 'queryField', callId: 'a', timeoutMs: 5000 });
		expect(Object.keys(binary)).toEqual(['data', 'dataLeft']);
	});

	it('stops a body that never ends at the size limit, says so, and reads no more than that', async () => {
		const maxBytes = 1024 * 1024;
		const download = await downloadRecording(helpers, `${base}/endless/Dcc01.mp3`, { fallbackName: 'x.mp3', timeoutMs: 30000, maxBytes });
		expect(download).toEqual({
			error: 'The recording is larger than the limit of 1 MB and was not downloaded; raise Max Recording Size to keep it',
		});
		// The connection is dropped at once, and with backpressure the server got only the limit plus socket buffers
		// out (before the fix: 1.2 GB in 8 s, all buffered in the process).
		for (let i = 0; i < 100 && !seen.endlessClosed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(seen.endlessClosed).toBe(true);
		expect(seen.endlessBytes).toBeLessThan(maxBytes + 32 * 1024 * 1024);
	}, 40000);

	it('refuses a file whose Content-Length is over the limit before reading it; the default limit is 100 MB', async () => {
		expect(DEFAULT_MAX_RECORDING_BYTES).toBe(100 * 1024 * 1024);
		expect(await downloadRecording(helpers, `${base}/huge/Dcc01.mp3`, { fallbackName: 'x.mp3', timeoutMs: 30000 })).toEqual({
			error: 'The recording is larger than the limit of 100 MB and was not downloaded; raise Max Recording Size to keep it',
		});
	});

	it('keeps a file of exactly the limit, refuses one byte more', async () => {
		const exact = await downloadRecording(helpers, `${base}/rec/Dcc01.mp3`, { fallbackName: 'x.mp3', timeoutMs: 5000, maxBytes: MP3.length });
		expect(Buffer.from(binaryOf(exact).data, 'base64')).toEqual(MP3);
		const over = await downloadRecording(helpers, `${base}/rec/Dcc01.mp3`, { fallbackName: 'x.mp3', timeoutMs: 5000, maxBytes: MP3.length - 1 });
		expect(over).toEqual({ error: expect.stringMatching(/^The recording is larger than the limit of 1 KB/) });
	});

	it('still bounds a helper that answers a buffer instead of a stream', async () => {
		const buffering = { ...helpers, httpRequest: async () => ({ statusCode: 200, headers: {}, body: Buffer.alloc(2048) }) };
		expect(await downloadRecording(buffering, `${base}/rec/Dcc01.mp3`, { fallbackName: 'x.mp3', timeoutMs: 5000, maxBytes: 1024 })).toEqual({
			error: expect.stringMatching(/larger than the limit of 1 KB/),
		});
	});
});
