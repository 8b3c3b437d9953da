'use strict';
// The sandbox's call commands, run as a separate process against a running emulator.
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { createEmulator } = require('./server');
const { callAction } = require('./client');
const { startReceiver } = require('./receiver');
const { AXN_POOL } = require('./state');

const CLI = path.join(__dirname, 'cli.js');
const TOKEN = 'token-0123456789';
const emulator = createEmulator();
let receiver;

beforeAll(async () => {
	await emulator.start();
	receiver = await startReceiver({ authToken: TOKEN });
});
afterAll(async () => {
	await emulator.stop();
	await receiver.stop();
});

const cli = async (...args) => (await promisify(execFile)(process.execPath, [CLI, ...args, '--emulator', emulator.url])).stdout;

test('push-target, call, pushes and repush drive a running sandbox', async () => {
	expect(await cli('push-target', '--url', receiver.url, '--token', TOKEN)).toBe(`Pushing to ${receiver.url}\n`);
	const { body } = await callAction(emulator.url, 'BindAXN', {
		PhoneNoA: '13900000000',
		PhoneNoB: '13900000001',
		PhoneNoX: '13700000002',
		NumberPoolNo: AXN_POOL,
		ExpireTime: Math.floor(Date.now() / 1000) + 3600,
	});
	const out = await cli('call', '--sub', body.Result.SubId, '--duration', '30', '--duplicate', 'cdr', '--split');
	const callId = emulator.calls.pusher.log[0].callId;
	expect(out.split('\n')).toEqual([
		`Call ${callId}: 6 messages`,
		'  #1 status start → HTTP 200',
		'  #2 status ringing → HTTP 200',
		'  #3 status answered → HTTP 200',
		'  #4 status ended → HTTP 200',
		'  #5 cdr → HTTP 200',
		'  #6 cdr (repeat of #5) → HTTP 200',
		'  #7 recording → HTTP 200',
		'',
	]);
	expect(receiver.pushes.map((p) => p.verified)).toEqual(Array(7).fill(true));
	expect(receiver.pushes[4].json).toMatchObject({ callId, callDuration: 30, audioRecordFlag: 1 });

	expect(await cli('repush', '--seq', '5', '--bad', 'wrongToken')).toBe('#8 cdr (repeat of #5, bad: wrongToken) → HTTP 401\n');
	const log = (await cli('pushes')).trim().split('\n');
	expect(log).toHaveLength(8);
	expect(log[7]).toMatch(/^\S+Z {2}#8 cdr \(repeat of #5, bad: wrongToken\) → HTTP 401$/);
});

test('a call the sandbox cannot place fails with the reason', async () => {
	await expect(cli('call', '--sub', 'S0')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('HTTP 404: No binding S0') });
	await expect(cli('dial')).rejects.toMatchObject({ stderr: expect.stringContaining('Unknown command "dial"') });
});

test('resources lists the voice resources and the blacklist; review approves one and pushes the result', async () => {
	await cli('push-target', '--url', receiver.url, '--token', TOKEN);
	const listed = (await cli('resources')).split('\n');
	expect(listed).toContain('RT0002PENDING     tts    pending   Appointment reminder');
	expect(listed).toContain('Blacklist: 13999999999');
	const before = receiver.pushes.length;
	const out = await cli('review', '--key', 'RT0002PENDING', '--state', 'approved');
	expect(out).toMatch(/^RT0002PENDING is approved; #\d+ resourceReview → HTTP 200\n$/);
	expect(receiver.pushes.slice(before).map((p) => p.json)).toEqual([expect.objectContaining({ resourceKey: 'RT0002PENDING', finalState: 1 })]);
	expect(await cli('review', '--key', 'RT0003REJECTED', '--state', 'approved', '--no-push')).toBe('RT0003REJECTED is approved\n');
	await expect(cli('review', '--key', 'nope', '--state', 'approved')).rejects.toMatchObject({ stderr: expect.stringContaining('HTTP 404: No resource nope') });
});
