'use strict';
// Issue 8 in a real n8n: default timeout against an endpoint that never answers, items sent
// concurrently (in order, paired, {{ $json.… }} read like n8n's vm expression engine), and a
// malformed answer under Continue On Fail. Faults come from the emulator (test/emulator/faults.js).
const { runWorkflow, ofAction } = require('./harness');

describe('load', () => {
	test('a Bind against an endpoint that never answers fails at the default 10 s timeout, says the binding may exist, sent once', async () => {
		const res = await runWorkflow('load-bind-hang', { inject: [{ fault: 'hang', action: 'BindAXN' }], expectExit: 1 });
		expect(res.error.message).toBe('BindAXN timed out after 10 s: the outcome is unknown; the binding may exist');
		expect(res.error.description).toContain('Look it up with Subscription → Get Many in the same pool, by Phone No A and Phone No X, or your Out ID, before binding again.');
		expect(res.error.description).toContain('keep Retry On Fail off');
		expect(ofAction(res.requests, 'BindAXN')).toHaveLength(1);
		const started = Date.parse(res.run.startedAt);
		const stopped = Date.parse(res.run.stoppedAt);
		expect(stopped - started).toBeGreaterThanOrEqual(10000);
		expect(stopped - started).toBeLessThan(60000);
	});

	test('ten items with the default concurrency: one bind each, output in input order and paired, values as n8n evaluates them', async () => {
		const res = await runWorkflow('load-bind-ten', { inject: [{ fault: 'set', latencyMs: 50 }] });
		const inputs = res.items('Items').map((i) => i.json);
		const out = res.items('VMS');
		const binds = ofAction(res.requests, 'BindAXN');
		expect(binds).toHaveLength(10);
		expect(binds.every((r) => r.signature.ok)).toBe(true);
		expect(out.map((o) => [o.pairedItem, o.json.PhoneNoA, o.json.PhoneNoX])).toEqual(
			inputs.map((input, i) => [{ item: i }, input.phoneA, input.order.x]),
		);
		const sent = Object.fromEntries(binds.map((r) => [r.params.PhoneNoA, r.params]));
		for (const input of inputs) {
			expect(sent[input.phoneA]).toMatchObject({
				PhoneNoX: input.order.x,
				PhoneNoB: '15900000140',
				ExpireTime: String(input.expireAt),
				AudioRecordFlag: input.record ? '1' : '0',
				UserData: input.order.id.toUpperCase(),
			});
		}
	});

	test('a Bind answered with Result [] is an error item in place under Continue On Fail, never an empty success', async () => {
		const res = await runWorkflow('load-bind-malformed', { inject: [{ fault: 'result', result: [], action: 'BindAXN' }] });
		const out = res.items('VMS');
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.error).toBe('VMS answered BindAXN with Result [] instead of an object');
		expect(out[0].json.requestId).toMatch(/^\w+$/);
		expect(out[1].json.SubId).toMatch(/^S\d+$/);
		expect(out[2].json.SubId).toMatch(/^S\d+$/);
		expect(ofAction(res.requests, 'BindAXN')).toHaveLength(3);
	});
});
