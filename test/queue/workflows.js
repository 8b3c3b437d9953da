'use strict';
// The workflows of the queue-mode suite, built here rather than kept as files: they take the
// emulator's pool and the webhook paths from one place, and the lifecycle one is the example
// (examples/order-lifecycle.workflow.json) with a Webhook in front.
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('../harness');

const NODE_TYPE = 'n8n-nodes-volcengine-vms.volcengineVms';
/** The suite's credentials (imported with the emulator's URL and the push token). */
const CREDENTIAL = { id: 'queueVms', name: 'VMS emulator (queue)' };
const PUSH_CREDENTIAL = { id: 'queueVmsPush', name: 'VMS pushes (queue)' };
const PUSH_TOKEN = 'queue-push-token1';

/** A big AXN pool for bulk binds: every item binds its own X (in AXN an X serves one A at a time). */
const BULK_POOL = 'NPQUEUEBULK000000001';
const BULK_X0 = 13200000000;
const BULK_A0 = 15000000000;
/** Every bulk binding's B (in AXN, B is only the default callee of A's calls). */
const BULK_B = '15900000000';
/** The example's pool, with 100 numbers instead of 10, so that 20 lifecycles at once find free numbers. */
const LIFECYCLE_POOL = 'NP160084061100694433';

const PATHS = {
	bind: 'queue-bind',
	lifecycle: 'queue-lifecycle',
	recording: 'queue-recording',
};
/** Trigger webhook ids: the production URL is /webhook/<webhookId>/webhook. */
const TRIGGER_IDS = {
	events: '0d8a8a10-6a43-4c3e-9a55-0000000000e1',
	recording: '0d8a8a10-6a43-4c3e-9a55-0000000000e2',
};

const vms = (credentials = CREDENTIAL) => ({ volcengineVmsApi: credentials });
const link = (from, to) => ({ [from]: { main: [[{ node: to, type: 'main', index: 0 }]] } });
const webhook = (p) => ({
	id: 'webhook',
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: `queue-${p}`,
	parameters: { httpMethod: 'POST', path: p, options: {} },
});
const base = (id, name, nodes, connections) => ({ id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections });

/**
 * Webhook { run, from, count } → Items (a Code node: `count` items, item i binds X = BULK_X0 + from + i
 * and A = BULK_A0 + from + i) → VMS Bind (Specified X), each item one BindAXN. Two expressions per
 * item only: on a 2-core machine each costs about 1 ms in n8n's expression engine.
 */
function bulkBind() {
	const code = `const { from, count } = $json.body;
return Array.from({ length: count }, (_, i) => ({ json: { x: String(${BULK_X0} + from + i), a: String(${BULK_A0} + from + i) } }));`;
	return base(
		'queueBulkBind',
		'queue: bulk bind',
		[
			webhook(PATHS.bind),
			{ id: 'items', name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: code } },
			{
				id: 'vms',
				name: 'VMS',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				credentials: vms(),
				parameters: {
					resource: 'axn',
					operation: 'bind',
					numberPoolNo: BULK_POOL,
					phoneNoX: '={{ $json.x }}',
					phoneNoA: '={{ $json.a }}',
					phoneNoB: BULK_B,
					expireTime: '2037-12-31T00:00:00+08:00',
					audioRecordFlag: true,
					additionalFields: {},
					// The benchmark caps the rate per execution (docs/scaling.md); the suite sends none (no cap).
					options: { maxRequestsPerSecond: "={{ $('Webhook').first().json.body.maxRequestsPerSecond || 0 }}" },
				},
			},
		],
		{ ...link('Webhook', 'Items'), ...link('Items', 'VMS') },
	);
}

/** The items bulkBind's Code node makes for a body, as the test expects them. */
function bulkItems({ from, count }) {
	return Array.from({ length: count }, (_, i) => ({ x: String(BULK_X0 + from + i), a: String(BULK_A0 + from + i) }));
}

/**
 * examples/order-lifecycle.workflow.json behind a Webhook { run }: two orders per run, each with its own
 * customer and courier numbers; bind (auto-select X), look up, reassign the courier, unbind, check.
 */
function lifecycle() {
	const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'order-lifecycle.workflow.json'), 'utf8'));
	const manual = example.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	const nodes = example.nodes
		.filter((n) => n !== manual)
		.map((n) => {
			if (n.name === 'Orders') {
				const jsCode = `const run = $json.body.run;
return [0, 1].map((k) => {
  const n = run * 2 + k;
  return { json: { orderId: 'ORD-' + run + '-' + k, customerPhone: String(13820000000 + n), courierPhone: String(13900000000 + n), newCourierPhone: String(13910000000 + n) } };
});`;
				return { ...n, parameters: { ...n.parameters, jsCode } };
			}
			return n.type === NODE_TYPE ? { ...n, credentials: vms() } : n;
		});
	const connections = { ...example.connections, Webhook: example.connections[manual.name] };
	delete connections[manual.name];
	return base('queueLifecycle', 'queue: order lifecycle', [webhook(PATHS.lifecycle), ...nodes], connections);
}

/** The orders lifecycle()'s Orders node makes for a run. */
function lifecycleOrders(run) {
	return [0, 1].map((k) => {
		const n = run * 2 + k;
		return { orderId: `ORD-${run}-${k}`, customerPhone: String(13820000000 + n), courierPhone: String(13900000000 + n), newCourierPhone: String(13910000000 + n) };
	});
}

/** Hash of binary property `data` in the next node (n8n's Crypto node): reads the file back wherever n8n keeps it. */
const hashNode = (position) => ({
	id: 'hash',
	name: 'Hash',
	type: 'n8n-nodes-base.crypto',
	typeVersion: 2,
	position,
	parameters: { action: 'hash', type: 'SHA256', binaryData: true, binaryPropertyName: 'data', dataPropertyName: 'sha256', encoding: 'hex' },
});

/** Webhook { callId } → VMS Call → Get Recording with Download → Hash of the downloaded file. */
function recording() {
	return base(
		'queueRecording',
		'queue: recording download',
		[
			webhook(PATHS.recording),
			{
				id: 'vms',
				name: 'VMS',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				credentials: vms(),
				parameters: { resource: 'call', operation: 'getRecording', callId: '={{ $json.body.callId }}', download: true },
			},
			hashNode([440, 0]),
		],
		{ ...link('Webhook', 'VMS'), ...link('VMS', 'Hash') },
	);
}

const trigger = (webhookId, parameters) => ({
	id: 'trigger',
	name: 'VMS Trigger',
	type: 'n8n-nodes-volcengine-vms.volcengineVmsTrigger',
	typeVersion: 1,
	position: [0, 0],
	webhookId,
	credentials: { volcengineVmsPushApi: PUSH_CREDENTIAL },
	parameters,
});

/** VMS Trigger (every event, Deduplicate on: the defaults) → a No Operation node that keeps the items. */
function events() {
	return base(
		'queueEvents',
		'queue: call events',
		[trigger(TRIGGER_IDS.events, {}), { id: 'received', name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} }],
		link('VMS Trigger', 'Received'),
	);
}

/** VMS Trigger (recordings only, Download Recording on) → Hash: the file the webhook processor downloaded, read on a worker. */
function triggerRecording() {
	return base(
		'queueTriggerRecording',
		'queue: recording pushes',
		[trigger(TRIGGER_IDS.recording, { events: ['recording'], options: { downloadRecording: true } }), hashNode([220, 0])],
		link('VMS Trigger', 'Hash'),
	);
}

/** Every workflow of the suite, active from the start. */
const all = () => [bulkBind(), lifecycle(), recording(), events(), triggerRecording()];

/** The credentials to import: the emulator's key pair at `endpoint`, and the push token. */
function credentials(endpoint) {
	return [
		{
			...CREDENTIAL,
			type: 'volcengineVmsApi',
			data: { accessKeyId: 'AKLTEMULATOR', secretAccessKey: 'emulator-secret-key', sessionToken: '', region: 'cn-north-1', endpoint },
		},
		{ ...PUSH_CREDENTIAL, type: 'volcengineVmsPushApi', data: { authToken: PUSH_TOKEN } },
	];
}

module.exports = {
	PATHS,
	TRIGGER_IDS,
	PUSH_TOKEN,
	BULK_POOL,
	BULK_X0,
	BULK_B,
	LIFECYCLE_POOL,
	all,
	credentials,
	bulkBind,
	bulkItems,
	lifecycle,
	lifecycleOrders,
	recording,
	events,
	triggerRecording,
};
