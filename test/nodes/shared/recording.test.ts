/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): a loopback node:http server with timers, and n8n's own DI and network modules */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { OutboundHttp } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import type { IBinaryData, IHttpRequestOptions } from 'n8n-workflow';

import { downloadRecording, type Download, fileNameOf, mimeTypeOf } from '../../../nodes/shared/recording';

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
