'use strict';
// Voice Notification in a real n8n, against the emulator: send TTS notifications to three items (one refused by
// VMS in FailList), play one, look it up (state name, callId, its call record), cancel another.
// Workflows: test/e2e/workflows/voice-notification-*.json.
const crypto = require('node:crypto');
const { runWorkflow, emulator, ofAction } = require('./harness');
const { control } = require('./lib/emulator');

/** On the resource emulator's seeded blacklist. */
const REFUSED = '13999999999';
const notifyControl = (method, route, body) => control(emulator.url(), method, route, body);

describe('voice notification', () => {
	test('send three, one refused alone; play one; get it with its callId and call record; cancel another', async () => {
		const sent = await runWorkflow('voice-notification-send');

		// One signed JSON request for the three items, its body hashed over the exact bytes sent.
		const [request] = ofAction(sent.requests, 'SingleBatchAppend');
		expect(ofAction(sent.requests, 'SingleBatchAppend')).toHaveLength(1);
		expect(request.signature.ok).toBe(true);
		expect(request.headers['x-content-sha256']).toBe(crypto.createHash('sha256').update(request.rawBody, 'utf8').digest('hex'));
		const { List } = JSON.parse(request.rawBody);
		expect(List.map((e) => [e.SingleOpenId, e.Phone, e.Type, e.PhoneParam])).toEqual([
			['e2e-vn-1', '13900000001', 1, { code: 'Li', time: '15:00' }],
			['e2e-vn-2', REFUSED, 1, { code: 'Wang', time: '15:00' }],
			['e2e-vn-3', '13900000003', 1, { code: 'Zhao', time: '15:00' }],
		]);

		const items = sent.items('Send');
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ singleOpenId: 'e2e-vn-1', Phone: '13900000001' });
		expect(items[2].json).toMatchObject({ singleOpenId: 'e2e-vn-3', Phone: '13900000003' });
		expect(items[1].json.error).toMatch(/13999999999: BLACK_LIST/);

		// VMS calls the first one; the callee presses 1.
		const played = await notifyControl('POST', '/_emulator/notify/play', { singleOpenId: 'e2e-vn-1', digits: '1' });
		expect(played.callId).toBeTruthy();

		const looked = await runWorkflow('voice-notification-get-cancel', { reset: false });
		const [got] = looked.items('Get');
		expect(got.json).toMatchObject({ SingleOpenId: 'e2e-vn-1', State: '3', StateName: 'finished', callId: played.callId });
		const [record] = looked.items('Records');
		expect(record.json).toMatchObject({ CallId: played.callId, SingleOpenId: 'e2e-vn-1', Digits: '1', SubServiceType: 102 });
		expect(looked.items('Cancel').map((i) => i.json)).toEqual([{ success: true, singleOpenId: 'e2e-vn-3' }]);
		for (const r of looked.requests) expect(r.signature.ok).toBe(true);

		const notifications = await notifyControl('GET', '/_emulator/notify');
		expect(notifications.map((n) => [n.SingleOpenId, n.State])).toEqual([
			['e2e-vn-1', 3],
			['e2e-vn-3', 5],
		]);
	});
});
