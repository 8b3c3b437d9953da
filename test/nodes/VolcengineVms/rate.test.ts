/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): setTimeout waits for a quiet account and for the emulator */
/**
 * Issues 17 and 18 (cap, pause) in real n8n-core against the emulator: the exact Max Requests per Second
 * counted at the server, the shared pause after a throttled answer, and the learning limiter against the
 * emulator's per-account QPS limit, alone and with executions in parallel.
 * The learned rate is kept per process and account: the tests run in this order on purpose (the first
 * ones see no throttling, later ones teach the account a rate that the next test starts from).
 */
import { runNode } from '../../helpers/n8n';
import { bindsSent, bulkBindParameters, bulkOrders, useEmulator, type Emulator } from '../../helpers/emulator';

const env = useEmulator();

const arrivals = (emulator: Emulator) => bindsSent(emulator).map((r) => new Date(r.time).getTime());

/** The most arrivals in any 1,000 ms (every window that starts at an arrival). */
const busiestSecond = (times: number[]) => Math.max(...times.map((t, i) => times.slice(i).filter((u) => u < t + 1000).length));

/** Every order bound exactly once, and any bind sent more than once was throttled on all but its last attempt. */
function expectEachBoundOnce(emulator: Emulator, orders: string[]) {
	const sent = bindsSent(emulator);
	const bound = sent.filter((r) => r.response.code === undefined).map((r) => r.params.UserData);
	expect(bound.sort()).toEqual([...orders].sort());
	const notThrottled = sent.filter((r) => !['FlowLimitExceeded', 'AccountFlowLimitExceeded'].includes(String(r.response.code)));
	expect(notThrottled).toHaveLength(orders.length);
}

describe('Max Requests per Second is exact at the server', () => {
	it.each([5, 10, 50])('cap %i: never more than that many binds arrive in any second', async (cap) => {
		const { emulator, credentials } = env();
		const { pool, items } = bulkOrders(emulator, cap * 3 + 1);
		const { error } = await runNode({ parameters: bulkBindParameters(pool, { maxRequestsPerSecond: cap }), items, credentials });
		expect(error).toBeUndefined();
		const times = arrivals(emulator);
		expect(times).toHaveLength(items.length);
		expect(busiestSecond(times)).toBeLessThanOrEqual(cap);
	}, 30000);
});

describe('the pause after a throttled answer', () => {
	it('cap 10, Concurrency 30: after a 429 no bind arrives during the pause, including those queued under the cap', async () => {
		const { emulator, credentials } = env();
		// The account's last second is this test's own (the learned rate is per process and account).
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const { pool, items } = bulkOrders(emulator, 30);
		const run = runNode({ parameters: bulkBindParameters(pool, { maxRequestsPerSecond: 10, concurrency: 30 }), items, credentials });
		// The fifth bind is throttled: four were accepted in the last half second.
		while (bindsSent(emulator).length < 4) await new Promise((resolve) => setTimeout(resolve, 2));
		emulator.injectError({ action: 'BindAXN', code: 'AccountFlowLimitExceeded', status: 429 });
		const { error } = await run;
		expect(error).toBeUndefined();
		const sent = bindsSent(emulator);
		const i = sent.findIndex((r) => r.response.code === 'AccountFlowLimitExceeded');
		expect(i).toBe(4);
		const times = arrivals(emulator);
		// VMS accepted 4 in the second before: the account's window has room again a second after the first,
		// about 600 ms after the throttled one. Before, binds already waiting under the cap went out 100 ms apart
		// (4 or 5 in those 500 ms). On a loaded machine the next bind may already be on its way when the throttled
		// answer is read (seen: 186 ms after it, in CI); no second one may follow within the pause.
		const soon = times.slice(i + 1).filter((t) => t - times[i] < 500);
		expect(soon.length).toBeLessThanOrEqual(1);
		expect(busiestSecond(times)).toBeLessThanOrEqual(10);
		expectEachBoundOnce(emulator, items.map((item) => item.order));
	}, 30000);
});

describe('the account limit, learned', () => {
	it('8 requests per second, 100 binds with default options: all succeed, only throttled binds are sent again', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'set', qps: 8, throttleCode: 'FlowLimitExceeded' });
		const { pool, items } = bulkOrders(emulator, 100);
		const { items: out, error } = await runNode({
			parameters: bulkBindParameters(pool),
			items,
			credentials,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(out!.filter((o) => o.json.error !== undefined)).toEqual([]);
		expect(out!.map((o) => [o.pairedItem, o.json.PhoneNoA])).toEqual(items.map((item, i) => [{ item: i }, item.a]));
		expectEachBoundOnce(emulator, items.map((item) => item.order));
		// Learned, not halved: far fewer throttled answers than items.
		const throttled = bindsSent(emulator).length - items.length;
		expect(throttled).toBeLessThan(items.length / 2);
	}, 120000);

	it.each([2, 4])('%i executions in parallel share a limit of 12 per second: each adapts and none fails', async (n) => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'set', qps: 12, throttleCode: 'AccountFlowLimitExceeded' });
		const { pool, items } = bulkOrders(emulator, 20 * n);
		const slices = Array.from({ length: n }, (_, k) => items.slice(k * 20, (k + 1) * 20));
		const runs = await Promise.all(slices.map((slice) => runNode({ parameters: bulkBindParameters(pool), items: slice, credentials })));
		runs.forEach((run, k) => {
			expect(run.error).toBeUndefined();
			expect(run.items!.map((o) => o.json.PhoneNoA)).toEqual(slices[k].map((item) => item.a));
		});
		expectEachBoundOnce(emulator, items.map((item) => item.order));
	}, 120000);
});
