'use strict';
// Recording files of the calls the emulator makes: small real audio generated here (a WAV with a tone,
// an MP3 of silent MPEG-1 Layer III frames), served like VMS's CDN links: signed URLs that expire
// (`x-expires` = unix seconds, `x-signature`); an expired or tampered link answers 403.
const crypto = require('node:crypto');

const PREFIX = '/recordings/';

const CONTENT_TYPES = { mp3: 'audio/mpeg', wav: 'audio/wav', txt: 'text/plain; charset=utf-8' };

/** 16-bit PCM mono WAV: `seconds` of a sine tone at `frequency` Hz. */
function makeWav({ seconds = 1, rate = 8000, frequency = 440, amplitude = 0.3 } = {}) {
	const samples = Math.round(seconds * rate);
	const data = Buffer.alloc(samples * 2);
	for (let i = 0; i < samples; i++) {
		data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / rate) * amplitude * 32767), i * 2);
	}
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16); // fmt chunk size
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(rate, 24);
	header.writeUInt32LE(rate * 2, 28); // byte rate
	header.writeUInt16LE(2, 32); // block align
	header.writeUInt16LE(16, 34); // bits per sample
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(data.length, 40);
	return Buffer.concat([header, data]);
}

// MPEG-1 Layer III, no CRC (FF FB), 32 kbit/s at 32 kHz (0x18), mono (0xC0): 144-byte frames of
// 1152 samples. All-zero side info and main data decode as silence.
const MP3_FRAME_HEADER = Buffer.from([0xff, 0xfb, 0x18, 0xc0]);
const MP3_FRAME_BYTES = 144;
const MP3_FRAME_SECONDS = 1152 / 32000;

function makeMp3({ seconds = 1 } = {}) {
	const frames = Math.max(1, Math.ceil(seconds / MP3_FRAME_SECONDS));
	const out = Buffer.alloc(frames * MP3_FRAME_BYTES);
	for (let i = 0; i < frames; i++) MP3_FRAME_HEADER.copy(out, i * MP3_FRAME_BYTES);
	return out;
}

/** Files by name (`<callId>.mp3`, `<callId>-left.wav`, …) and their signed links. */
function createRecordings({ now }) {
	const secret = crypto.randomBytes(32);
	const files = new Map();
	const sign = (path, expires) => crypto.createHmac('sha256', secret).update(`${path}\n${expires}`).digest('hex');

	return {
		files,

		add(name, data) {
			if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`Bad recording file name ${name}`);
			files.set(name, data);
			return name;
		},

		/** A link to `name` on `baseUrl` that works for `ttlSeconds` (negative: already expired). */
		url(baseUrl, name, ttlSeconds) {
			const path = PREFIX + name;
			const expires = Math.floor(now().getTime() / 1000) + ttlSeconds;
			return `${baseUrl}${path}?x-expires=${expires}&x-signature=${sign(path, expires)}`;
		},

		/** Serves `GET /recordings/<name>?x-expires=…&x-signature=…`. */
		serve(req, res, path, rawQuery) {
			const deny = (status, code, message) => {
				const text = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
				res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text) });
				res.end(text);
			};
			if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'MethodNotAllowed', 'Use GET');
			const query = new URLSearchParams(rawQuery);
			const expires = query.get('x-expires') || '';
			const given = Buffer.from(query.get('x-signature') || '');
			const expected = Buffer.from(sign(path, expires));
			if (!/^\d+$/.test(expires) || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
				return deny(403, 'AccessDenied', 'Signature does not match');
			}
			if (Number(expires) < Math.floor(now().getTime() / 1000)) return deny(403, 'AccessDenied', 'Request has expired');
			const name = decodeURIComponent(path.slice(PREFIX.length));
			const data = files.get(name);
			if (!data) return deny(404, 'NoSuchKey', 'The specified key does not exist');
			const extension = name.split('.').pop();
			res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extension] || 'application/octet-stream', 'Content-Length': data.length });
			res.end(req.method === 'HEAD' ? undefined : data);
		},

		reset() {
			files.clear();
		},
	};
}

module.exports = { createRecordings, makeWav, makeMp3, PREFIX, MP3_FRAME_BYTES, MP3_FRAME_HEADER };
