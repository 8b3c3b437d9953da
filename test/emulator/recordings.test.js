'use strict';
// Generated audio files are well-formed, and their links expire and resist tampering.
const http = require('node:http');
const { createRecordings, makeWav, makeMp3, MP3_FRAME_BYTES } = require('./recordings');

describe('generated audio', () => {
	test('WAV: RIFF/WAVE, PCM mono 16-bit 8 kHz, the data chunk holds a tone', () => {
		const wav = makeWav({ seconds: 0.5, frequency: 440 });
		expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
		expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
		expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
		expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 1, 8000, 16]);
		expect(wav.toString('ascii', 36, 40)).toBe('data');
		expect(wav.readUInt32LE(40)).toBe(4000 * 2);
		const samples = Array.from({ length: 4000 }, (_, i) => wav.readInt16LE(44 + i * 2));
		expect(Math.max(...samples)).toBeGreaterThan(9000); // not silence
		// A 440 Hz sine crosses zero upwards 440 times a second: 220 in half a second.
		const upward = samples.filter((v, i) => i > 0 && samples[i - 1] < 0 && v >= 0).length;
		expect(Math.abs(upward - 220)).toBeLessThanOrEqual(1);
	});

	test('MP3: a chain of valid MPEG-1 Layer III frame headers, each frame as long as its header says', () => {
		const mp3 = makeMp3({ seconds: 1 });
		const BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]; // kbit/s, MPEG-1 Layer III
		const RATES = [44100, 48000, 32000];
		let offset = 0;
		let frames = 0;
		while (offset < mp3.length) {
			const h = mp3.readUInt32BE(offset);
			expect(h >>> 21).toBe(0x7ff); // frame sync
			expect((h >>> 19) & 3).toBe(3); // MPEG-1
			expect((h >>> 17) & 3).toBe(1); // Layer III
			const bitrate = BITRATES[(h >>> 12) & 15] * 1000;
			const rate = RATES[(h >>> 10) & 3];
			const length = Math.floor((144 * bitrate) / rate) + ((h >>> 9) & 1);
			expect(length).toBe(MP3_FRAME_BYTES);
			offset += length;
			frames++;
		}
		expect(offset).toBe(mp3.length);
		expect(frames * 1152 / 32000).toBeGreaterThanOrEqual(1); // at least a second of audio
	});
});

describe('expiring links', () => {
	let clock = new Date('2026-03-01T08:00:00Z');
	const recordings = createRecordings({ now: () => clock });
	let server;
	let base;
	beforeAll(async () => {
		server = http.createServer((req, res) => {
			const [path, query = ''] = req.url.split('?');
			recordings.serve(req, res, path, query);
		});
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${server.address().port}`;
		recordings.add('Dabc.mp3', makeMp3());
		recordings.add('Dabc-left.wav', makeWav());
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));

	const get = async (url) => {
		const res = await fetch(url);
		return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
	};

	test('a fresh link serves the file with its MIME type', async () => {
		const url = recordings.url(base, 'Dabc.mp3', 3 * 3600);
		expect(url).toMatch(/\/recordings\/Dabc\.mp3\?x-expires=\d+&x-signature=[0-9a-f]{64}$/);
		expect(new URL(url).searchParams.get('x-expires')).toBe(String(clock.getTime() / 1000 + 3 * 3600));
		const res = await get(url);
		expect(res).toMatchObject({ status: 200, type: 'audio/mpeg' });
		expect(res.body.equals(recordings.files.get('Dabc.mp3'))).toBe(true);
		expect((await get(recordings.url(base, 'Dabc-left.wav', 60))).type).toBe('audio/wav');
	});

	test('expired, tampered or unsigned links answer 403; a signed link to a missing file 404', async () => {
		const url = recordings.url(base, 'Dabc.mp3', 3600);
		clock = new Date(clock.getTime() + 3601 * 1000);
		expect((await get(url)).status).toBe(403);
		clock = new Date('2026-03-01T08:00:00Z');
		expect((await get(url)).status).toBe(200);
		const later = url.replace(/x-expires=(\d+)/, (_, s) => `x-expires=${Number(s) + 3600}`);
		expect((await get(later)).status).toBe(403);
		expect((await get(url.replace('Dabc.mp3', 'Dabc-left.wav'))).status).toBe(403);
		expect((await get(url.split('?')[0])).status).toBe(403);
		expect((await get(recordings.url(base, 'Dnone.mp3', 60))).status).toBe(404);
		expect((await get(recordings.url(base, 'Dabc.mp3', -1))).status).toBe(403);
	});
});
