'use strict';
// AXN Binding → Bind (Specified X), in a real n8n, against the emulator.
// Workflows: test/e2e/workflows/axn-bind*.json. Inputs are read back from the run ("Items" node).
const { createState } = require('../emulator/state');
const { runWorkflow, emulator, ofAction, responseCode } = require('./harness');

const POOL = 'NP160084061100694433';
const RESULT_FIELDS = ['SubId', 'PhoneNoX', 'Status', 'PhoneNoXCityCode', 'PhoneNoA', 'PhoneNoACityCode', 'PhoneNoB', 'PhoneNoBCityCode'];
const seed = createState(); // the emulator's own city lookup, for the expected Result

/** How the node normalizes a phone number (separators and a +86 prefix go). */
const phone = (raw) => String(raw).replace(/[\s\-.()]/g, '').replace(/^(?:\+86|0086|86)(1\d{10})$/, '$1');
const unix = (value) => (typeof value === 'number' ? value : Math.floor(Date.parse(value) / 1000));

/** The BindAXN Result the emulator returned for a request, rebuilt from its state. */
function expectedResult(request, emulatorState) {
	const sub = emulatorState.subscriptions.find((s) => s.PhoneNoX === request.params.PhoneNoX && s.PhoneNoA === request.params.PhoneNoA);
	expect(sub).toBeDefined();
	return {
		SubId: sub.SubId,
		PhoneNoX: sub.PhoneNoX,
		Status: 1,
		PhoneNoXCityCode: seed.cityOf(sub.PhoneNoX),
		PhoneNoA: sub.PhoneNoA,
		PhoneNoACityCode: seed.cityOf(sub.PhoneNoA),
		PhoneNoB: sub.PhoneNoB,
		PhoneNoBCityCode: seed.cityOf(sub.PhoneNoB),
	};
}

/** Every request was signed correctly and reached the action handler. */
function expectVerified(requests) {
	for (const r of requests) {
		expect({ action: r.action, version: r.version, method: r.method, signature: r.signature.ok }).toEqual({
			action: 'BindAXN',
			version: '2022-01-01',
			method: 'POST',
			signature: true,
		});
	}
}

describe('axn bind', () => {
	test('several items with per-item expressions: one signed BindAXN each, Result as items, pairedItem kept', async () => {
		const res = await runWorkflow('axn-bind');
		const inputs = res.items('Items').map((i) => i.json);
		const items = res.items('VMS');
		const binds = ofAction(res.requests, 'BindAXN');
		expect(inputs).toHaveLength(3);
		expect(binds).toHaveLength(3);
		expect(res.requests).toHaveLength(3);
		expectVerified(binds);

		const emulatorState = await emulator.state();
		expect(items).toHaveLength(3);
		for (const [i, input] of inputs.entries()) {
			const request = binds[i];
			// What VMS received, field by field (form values are strings).
			expect(request.params).toEqual({
				NumberPoolNo: POOL,
				PhoneNoX: input.x,
				PhoneNoA: phone(input.phoneA),
				PhoneNoB: phone(input.phoneB),
				ExpireTime: String(unix(input.expireAt)),
				AudioRecordFlag: input.record ? '1' : '0',
				UserData: input.userData,
			});
			// UserData byte for byte, also in the raw form body that was hashed for the signature.
			expect(Buffer.from(request.params.UserData, 'utf8').equals(Buffer.from(input.userData, 'utf8'))).toBe(true);
			expect(request.rawBody).toContain(new URLSearchParams({ UserData: input.userData }).toString());
			expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');

			// The output item is exactly the API's Result, paired with its input item.
			expect(Object.keys(items[i].json).sort()).toEqual([...RESULT_FIELDS].sort());
			expect(items[i].json).toEqual(expectedResult(request, emulatorState));
			expect(items[i].pairedItem).toEqual({ item: i });
		}
		expect(emulatorState.subscriptions.map((s) => s.UserData)).toEqual(inputs.map((i) => i.userData));

		// Downstream, $('Items').item resolves through pairedItem to the right input.
		expect(res.items('Check Pairing').map((i) => i.json.orderId)).toEqual(inputs.map((i) => i.orderId));
	});

	test('expireTime forms: ISO without offset (workflow timezone), $now.plus(2, "hours"), Unix seconds', async () => {
		const res = await runWorkflow('axn-bind-expire-forms');
		const binds = ofAction(res.requests, 'BindAXN');
		expect(binds).toHaveLength(3);
		expectVerified(binds);
		const sentFor = (x) => Number(binds.find((r) => r.params.PhoneNoX === x).params.ExpireTime);

		// 2030-06-01T12:00:00 in Europe/Berlin (the workflow's timezone, UTC+2 in summer).
		expect(sentFor('13700000005')).toBe(Date.UTC(2030, 5, 1, 10, 0, 0) / 1000);
		expect(res.items('ISO Without Offset')[0].json.PhoneNoX).toBe('13700000005');

		const started = Math.floor(Date.parse(res.run.startedAt) / 1000);
		const stopped = Math.ceil(Date.parse(res.run.stoppedAt) / 1000);
		const now2h = sentFor('13700000006');
		expect(now2h).toBeGreaterThanOrEqual(started + 7200 - 1);
		expect(now2h).toBeLessThanOrEqual(stopped + 7200);
		expect(res.items('Now Plus 2 Hours')[0].json.PhoneNoX).toBe('13700000006');

		expect(sentFor('13700000007')).toBe(1893456000);
		expect(res.items('Unix Seconds')[0].json.PhoneNoX).toBe('13700000007');
	});

	test('Continue On Fail: the bad item becomes an error item with its pairedItem and is never sent', async () => {
		const res = await runWorkflow('axn-bind-continue-on-fail');
		const inputs = res.items('Items').map((i) => i.json);
		const items = res.items('VMS');
		expect(items).toHaveLength(3);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		expect(items[1].json.error).toMatch(/phoneNoA/);
		expect(items[1].json.error).toContain('not-a-phone');
		expect(items[1].json.SubId).toBeUndefined();
		for (const i of [0, 2]) {
			expect(items[i].json.error).toBeUndefined();
			expect(items[i].json.PhoneNoA).toBe(inputs[i].phoneA);
			expect(items[i].json.SubId).toMatch(/^S\d+$/);
		}

		const binds = ofAction(res.requests, 'BindAXN');
		expect(binds.map((r) => r.params.PhoneNoA)).toEqual([inputs[0].phoneA, inputs[2].phoneA]);
		expectVerified(binds);
		expect(res.requests.some((r) => r.rawBody.includes('not-a-phone'))).toBe(false);
	});

	test('a bad field without Continue On Fail fails the execution and names the field', async () => {
		const res = await runWorkflow('axn-bind-bad-field', { expectExit: 1 });
		expect(res.exitCode).toBe(1);
		expect(res.run.status).toBe('error');
		expect(res.error.message).toMatch(/phoneNoA/);
		expect(res.error.message).toContain('"12345"');
		expect(res.error.node.name).toBe('VMS');
		expect(res.nodeRun('VMS').error.message).toBe(res.error.message);
		// The CLI's own error report names it too.
		expect(res.errorOutput).toMatch(/Phone No A \(phoneNoA\)/);
		// Every item is checked before anything is sent: not even the good item 0 was bound.
		expect(ofAction(res.requests, 'BindAXN')).toHaveLength(0);
	});

	test('a wrong secret: SignatureDoesNotMatch from the gateway, sent once', async () => {
		const res = await runWorkflow('axn-bind-wrong-secret', { expectExit: 1 });
		expect(res.error.message).toMatch(/^SignatureDoesNotMatch/);
		expect(res.error.description).toMatch(/Secret Access Key/);
		expect(res.errorOutput).toContain('SignatureDoesNotMatch');
		expect(res.requests).toHaveLength(1);
		expect(res.requests[0].signature).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
		expect(responseCode(res.requests[0])).toBe('SignatureDoesNotMatch');
	});

	test('a business error: binding the same A and X twice → ConflictWithExisting as the node error', async () => {
		const res = await runWorkflow('axn-bind-conflict', { expectExit: 1 });
		expect(res.error.message).toMatch(/^ConflictWithExisting: /);
		expect(res.error.description).toMatch(/A binding between these numbers already exists/);
		expect(res.error.description).toMatch(/Request ID: \w+/);
		expect(res.error.node.name).toBe('VMS');
		expect(res.errorOutput).toContain('ConflictWithExisting');

		const binds = ofAction(res.requests, 'BindAXN');
		expect(binds).toHaveLength(2); // no retry of a bind
		expectVerified(binds);
		expect(binds.map(responseCode)).toEqual([null, 'ConflictWithExisting']);
	});

	test('Retry On Fail on the node: no bind is sent, even when the first would meet a 500, and the error says why', async () => {
		const res = await runWorkflow('axn-bind-retry-on-fail', {
			expectExit: 1,
			inject: [{ fault: 'http', status: 500, action: 'BindAXN', body: 'Internal Server Error' }],
		});
		expect(res.requests).toHaveLength(0);
		expect(res.error.message).toBe('Retry On Fail must be off for BindAXN: nothing was sent');
		expect(res.error.description).toContain('Turn Retry On Fail off');
		expect(res.error.node.name).toBe('VMS');
		expect(res.nodeRun('VMS').error.message).toBe(res.error.message);
		expect((await emulator.state()).subscriptions.filter((s) => s.UserData.startsWith('retry-'))).toHaveLength(0);
	});

	test('throttling (OverQpsLimit) is retried and then succeeds', async () => {
		const res = await runWorkflow('axn-bind', { inject: [{ action: 'BindAXN', code: 'OverQpsLimit', times: 1 }] });
		const binds = ofAction(res.requests, 'BindAXN');
		// Items go out concurrently: the throttled one is sent again after a back-off, the others once.
		expect(binds.map(responseCode)).toEqual(['OverQpsLimit', null, null, null]);
		expect(binds.filter((r) => r.rawBody === binds[0].rawBody).map(responseCode)).toEqual(['OverQpsLimit', null]);
		expect(new Set(binds.map((r) => r.params.PhoneNoA)).size).toBe(3);
		expect(res.items('VMS').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(res.items('VMS').every((i) => /^S\d+$/.test(i.json.SubId))).toBe(true);
	});

	test('temporary (STS) credentials: X-Security-Token is sent and signed', async () => {
		const res = await runWorkflow('axn-bind-sts');
		expect(res.requests).toHaveLength(1);
		const [request] = res.requests;
		expect(request.signature.ok).toBe(true);
		expect(request.headers.authorization).toContain('Credential=AKLTSTSEMULATOR/');
		expect(request.headers['x-security-token']).toBe('emulator-session-token');
		expect(request.headers.authorization).toMatch(/SignedHeaders=[^,]*x-security-token/);
		expect(res.items('VMS')[0].json.SubId).toMatch(/^S\d+$/);
	});
});
