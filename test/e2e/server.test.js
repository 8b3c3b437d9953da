'use strict';
// Server mode: a published workflow started by n8n's own Webhook node, in a running `n8n start`.
// The request goes to the production URL; the result is read back through n8n's REST API.
const { startServer, workflowId, emulator, ofAction } = require('./harness');

const PATH = 'e2e-axn-bind'; // workflows/axn-bind-webhook.json, Webhook node "path"

let server;
afterAll(async () => {
	if (server) await server.stop();
});

test('a POST to the production webhook URL runs the published workflow: one signed BindAXN, its Result as the VMS items', async () => {
	server = await startServer({ publish: ['axn-bind-webhook'], waitForWebhooks: [{ method: 'POST', path: PATH }] });
	await emulator.reset();

	const body = { x: '13700000005', phoneA: '+86 159-0000-0021', phoneB: '15900000121', expireAt: '2030-01-01T08:00:00+08:00', record: true, userData: 'webhook order 21' };
	const answer = await server.postWebhook(PATH, body);
	expect(answer.status).toBe(200); // Webhook node default: answer at once, run on

	const [execution] = await server.waitForExecutions({ workflowId: workflowId('axn-bind-webhook'), count: 1 });
	expect({ status: execution.status, mode: execution.mode, error: execution.error }).toEqual({ status: 'success', mode: 'webhook', error: undefined });
	expect(execution.items('Webhook').map((i) => i.json.body)).toEqual([body]);

	const requests = await emulator.requests();
	expect(requests.map((r) => r.action)).toEqual(['BindAXN']);
	const [bind] = ofAction(requests, 'BindAXN');
	expect(bind.signature.ok).toBe(true);
	expect(bind.params).toEqual({
		NumberPoolNo: 'NP160084061100694433',
		PhoneNoX: body.x,
		PhoneNoA: '15900000021',
		PhoneNoB: body.phoneB,
		ExpireTime: String(Date.parse(body.expireAt) / 1000),
		AudioRecordFlag: '1',
		UserData: body.userData,
	});

	const [subscription] = (await emulator.state()).subscriptions;
	const items = execution.items('VMS');
	expect(items).toHaveLength(1);
	expect(items[0].pairedItem).toEqual({ item: 0 });
	expect(items[0].json).toMatchObject({ SubId: subscription.SubId, PhoneNoX: body.x, PhoneNoA: '15900000021', PhoneNoB: body.phoneB, Status: 1 });
});
