/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): polls the emulator with setTimeout */
/**
 * Issue 8 in real n8n-core against the emulator's fault knobs: concurrency and order, the QPS cap,
 * throttling, timeouts (hang, trickle), uncertain outcomes, malformed answers, broken paging.
 */
import { runNode } from '../../helpers/n8n';
import { addAxnPool, bindsSent, bulkBindParameters, bulkOrders, useEmulator, type Emulator } from '../../helpers/emulator';

const env = useEmulator();

/** Hung or trickling sockets the client closed, once it has (polled; the test's timeout bounds the wait). */
async function closedByClient(emulator: Emulator): Promise<number> {
	while (emulator.faults.stats.closedByClient === 0) await new Promise((resolve) => setTimeout(resolve, 20));
	return emulator.faults.stats.closedByClient;
}

describe('sending items concurrently', () => {
	it('keeps input order and pairedItem, one bind per item, at most `concurrency` in flight (default 30)', async () => {
		const { emulator, credentials } = env();
		// Slow answers, so that all thirty are in flight even on a busy machine.
		emulator.faults.inject({ fault: 'set', latencyMs: 300 });
		const { pool, items } = bulkOrders(emulator, 75);
		const { items: out, error } = await runNode({ parameters: bulkBindParameters(pool), items, credentials });
		expect(error).toBeUndefined();
		expect(out!.map((o) => [o.pairedItem, o.json.PhoneNoA, o.json.PhoneNoX])).toEqual(
			items.map((item, i) => [{ item: i }, item.a, item.x]),
		);
		expect(bindsSent(emulator).map((r) => r.params.UserData).sort()).toEqual(items.map((i) => i.order).sort());
		expect(emulator.faults.stats.maxInFlight).toBe(30);
	});

	it.each([1, 3])('concurrency %i sends at most that many at a time', async (concurrency) => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'set', latencyMs: 200 });
		const { pool, items } = bulkOrders(emulator, 12);
		const { items: out } = await runNode({ parameters: bulkBindParameters(pool, { concurrency }), items, credentials });
		expect(out!.map((o) => o.json.PhoneNoA)).toEqual(items.map((i) => i.a));
		expect(emulator.faults.stats.maxInFlight).toBe(concurrency);
		if (concurrency === 1) expect(bindsSent(emulator).map((r) => r.params.UserData)).toEqual(items.map((i) => i.order));
	});

	it('Max Requests per Second spaces the requests out', async () => {
		const { emulator, credentials } = env();
		const { pool, items } = bulkOrders(emulator, 9);
		const started = Date.now();
		const { error } = await runNode({ parameters: bulkBindParameters(pool, { maxRequestsPerSecond: 20 }), items, credentials });
		// 9 starts at 20 per second: the last starts at least 8 × 50 ms after the first, so the run takes at least
		// that long however fast the machine is (arrival times at the server are not: the first request is slower).
		expect(Date.now() - started).toBeGreaterThanOrEqual(8 * 50);
		expect(error).toBeUndefined();
		expect(bindsSent(emulator)).toHaveLength(9);
	});

	it('Continue On Fail: bad input, API errors and successes stay in place, paired with their items', async () => {
		const { emulator, credentials } = env();
		const { pool, items } = bulkOrders(emulator, 8);
		items[2].a = 'not-a-phone';
		items[5].x = '13799999999'; // not in the pool: IllegalPhoneNoX from VMS
		const { items: out } = await runNode({
			parameters: bulkBindParameters(pool),
			items,
			credentials,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(out!.map((o) => o.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(out![2].json.error).toMatch(/Phone No A \(phoneNoA\): "not-a-phone"/);
		expect(out![5].json.code).toBe('IllegalPhoneNoX');
		for (const i of [0, 1, 3, 4, 6, 7]) expect(out![i].json.PhoneNoA).toBe(items[i].a);
		expect(bindsSent(emulator)).toHaveLength(7); // the bad item was never sent
	});

	it.each([
		[4, 'Item 4 failed. Items 0-3 were sent and succeeded; they are not in the output because the node stopped (what they returned is listed at the end and in the error\'s context). Items 5-9 were not sent.'],
		[1, 'Item 1 failed. Item 0 was sent and succeeded; it is not in the output because the node stopped (what it returned is listed at the end and in the error\'s context). Items 2-9 were not sent.'],
		[9, 'Item 9 failed. Items 0-8 were sent and succeeded; they are not in the output because the node stopped (what they returned is listed at the end and in the error\'s context).'],
	])('without Continue On Fail, a failure (item %i) starts no new item and says what became of the others', async (bad, summary) => {
		const { emulator, credentials } = env();
		const { pool, items } = bulkOrders(emulator, 10);
		items[bad].x = '13799999999';
		const { error } = await runNode({ parameters: bulkBindParameters(pool, { concurrency: 1 }), items, credentials });
		expect(error!.message).toMatch(/^IllegalPhoneNoX: /);
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(bad);
		// The summary follows the VMS error's hint, and ends with the Sub ID of each bind that succeeded.
		const subs = [...emulator.state.subs.values()] as Array<{ SubId: string; UserData?: string }>;
		const subIds = items.slice(0, bad).map((item) => subs.find((sub) => sub.UserData === item.order)!.SubId);
		const succeeded = subIds.map((subId, i) => `Item ${i} succeeded: SubId ${subId}.`).join(' ');
		expect(String(error!.description).endsWith(`${summary} ${succeeded}`)).toBe(true);
		expect(bindsSent(emulator)).toHaveLength(bad + 1);
	});

	it('with concurrency, items in flight when one fails still finish, and later items never start', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'set', latencyMs: 30 });
		const { pool, items } = bulkOrders(emulator, 30);
		items[0].x = '13799999999';
		const { error } = await runNode({ parameters: bulkBindParameters(pool, { concurrency: 5 }), items, credentials });
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(0);
		const sent = bindsSent(emulator).length;
		expect(sent).toBeGreaterThanOrEqual(5);
		expect(sent).toBeLessThan(30);
		expect(String(error!.description)).toMatch(/Items 1-\d+ were sent and succeeded/);
	});

	it('after a failure, items waiting for Max Requests per Second are not sent, and the error says so', async () => {
		const { emulator, credentials } = env();
		const { pool, items } = bulkOrders(emulator, 10);
		items[0].x = '13799999999';
		// One request per second: items 1-4 wait in the limiter when item 0 fails.
		const { error } = await runNode({ parameters: bulkBindParameters(pool, { concurrency: 5, maxRequestsPerSecond: 1 }), items, credentials });
		expect(bindsSent(emulator)).toHaveLength(1);
		expect(error!.message).toMatch(/^IllegalPhoneNoX: /);
		expect(String(error!.description)).toContain('Item 0 failed. No other item succeeded. Items 1-9 were not sent.');
	});
});

describe('options are checked before anything is sent', () => {
	it.each([
		['a concurrency that is not a number', { concurrency: '={{ $json.c }}' }, { c: 'abc' }, 'Concurrency (concurrency): "abc" is not a whole number from 1 to 100'],
		['a concurrency from an expression that gives nothing', { concurrency: '={{ $json.c }}' }, {}, 'Concurrency (concurrency) is required'],
		['a concurrency above the maximum', { concurrency: '={{ 10000 }}' }, {}, 'Concurrency (concurrency): 10000 is not a whole number from 1 to 100'],
		['a fractional concurrency', { concurrency: 2.5 }, {}, 'Concurrency (concurrency): 2.5 is not a whole number from 1 to 100'],
		['a timeout of 0', { timeout: '={{ 0 }}' }, {}, 'Timeout (timeout): 0 is not a whole number from 1 to 600000'],
		['a timeout with a unit', { timeout: '={{ "5 s" }}' }, {}, 'Timeout (timeout): "5 s" is not a whole number from 1 to 600000'],
		['a timeout above 10 minutes', { timeout: 600001 }, {}, 'Timeout (timeout): 600001 is not a whole number from 1 to 600000'],
		['a negative rate', { maxRequestsPerSecond: -1 }, {}, 'Max Requests per Second (maxRequestsPerSecond): -1 is not a whole number from 0 to 1000'],
	])('%s is an error naming the option and the value', async (_name, options, item, message) => {
		const { emulator, credentials } = env();
		const { pool, items } = bulkOrders(emulator, 1);
		const { error, items: out } = await runNode({ parameters: bulkBindParameters(pool, options), items: [{ ...items[0], ...item }], credentials });
		expect(out).toBeUndefined();
		expect(error!.message).toBe(`Options → ${message}`);
		expect(emulator.requests).toHaveLength(0);
	});

	it('a whole number from an expression, as text or number, is used', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'set', latencyMs: 50 });
		const { pool, items } = bulkOrders(emulator, 3);
		const { error } = await runNode({
			parameters: bulkBindParameters(pool, { concurrency: '={{ $json.c }}', timeout: '={{ 5000 }}' }),
			items: items.map((item) => ({ ...item, c: '1' })),
			credentials,
		});
		expect(error).toBeUndefined();
		expect(bindsSent(emulator)).toHaveLength(3);
		expect(emulator.faults.stats.maxInFlight).toBe(1);
	});
});

describe('throttling', () => {
	it('per-account QPS limit: throttled requests back off together and every item is bound exactly once', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'set', qps: 8 });
		const { pool, items } = bulkOrders(emulator, 20);
		const { items: out, error } = await runNode({ parameters: bulkBindParameters(pool), items, credentials });
		expect(error).toBeUndefined();
		expect(out!.map((o) => o.json.PhoneNoA)).toEqual(items.map((i) => i.a));
		const throttled = bindsSent(emulator).filter((r) => r.response.code === 'FlowLimitExceeded');
		const bound = bindsSent(emulator).filter((r) => r.response.code === undefined);
		expect(throttled.length).toBeGreaterThan(0);
		// Retries are not a storm: fewer throttled answers than items.
		expect(throttled.length).toBeLessThan(items.length);
		expect(bound.map((r) => r.params.PhoneNoA).sort()).toEqual(items.map((i) => i.a).sort());
	}, 30000);
});

describe('timeouts and uncertain outcomes', () => {
	const single = (emulator: Emulator) => bulkOrders(emulator, 1);

	it('an endpoint that never answers: the bind fails at the timeout, says the binding may exist, is sent once, and the socket is closed', async () => {
		const { emulator, credentials } = env();
		const { pool, items } = single(emulator);
		emulator.faults.inject({ fault: 'hang', action: 'BindAXN' });
		// The hang never answers: only the timeout ends the run.
		const { error } = await runNode({ parameters: bulkBindParameters(pool, { timeout: 800 }), items, credentials });
		expect(error!.message).toBe('BindAXN timed out after 0.8 s: the outcome is unknown; the binding may exist');
		expect(String(error!.description)).toContain('Look it up with Subscription → Get Many in the same pool, by Phone No A and Phone No X, or your Out ID, before binding again.');
		expect(String(error!.description)).toContain('keep Retry On Fail off');
		expect(bindsSent(emulator)).toHaveLength(1);
		// The emulator carried it out before hanging: the binding the message warns about exists.
		expect([...emulator.state.subs.values()].filter((s) => s.PhoneNoA === items[0].a)).toHaveLength(1);
		expect(await closedByClient(emulator)).toBe(1);
	});

	it('a body that trickles forever is bounded by the timeout as a whole', async () => {
		const { emulator, credentials } = env();
		const { pool, items } = single(emulator);
		emulator.faults.inject({ fault: 'trickle', action: 'BindAXN', intervalMs: 50 });
		const { error } = await runNode({ parameters: bulkBindParameters(pool, { timeout: 1000 }), items, credentials });
		expect(error!.message).toBe('BindAXN timed out after 1 s: the outcome is unknown; the binding may exist');
		expect(bindsSent(emulator)).toHaveLength(1);
		expect(await closedByClient(emulator)).toBe(1);
	});

	it('a connection reset after the server read the bind is an unknown outcome, not "retry immediately"', async () => {
		const { emulator, credentials } = env();
		const { pool, items } = single(emulator);
		emulator.faults.inject({ fault: 'reset', action: 'BindAXN' });
		const { error } = await runNode({ parameters: bulkBindParameters(pool), items, credentials });
		expect(error!.message).toMatch(
			/^The connection was lost after the BindAXN request was sent \((ECONNRESET|socket hang up)\): the outcome is unknown; the binding may exist$/,
		);
		expect(String(error!.description)).toContain('before binding again');
		expect(String(error!.description)).not.toMatch(/retry the request immediately/i);
		expect(bindsSent(emulator)).toHaveLength(1);
	});

	it('a read that times out can be sent again safely, and says so', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'hang', action: 'QuerySubscription' });
		const { error } = await runNode({
			parameters: { resource: 'subscription', operation: 'get', numberPoolNo: 'NP160084061100694433', subId: 'S1', options: { timeout: 500 } },
			credentials,
		});
		expect(error!.message).toBe('QuerySubscription timed out after 0.5 s: the outcome is unknown');
		expect(String(error!.description)).toContain('can be sent again safely');
	});

	it('a 502 page from a gateway after a bind: unknown outcome, sent once', async () => {
		const { emulator, credentials } = env();
		const { pool, items } = single(emulator);
		emulator.faults.inject({ fault: 'http', action: 'BindAXN', status: 502, body: '<html>Bad Gateway</html>' });
		const { error } = await runNode({ parameters: bulkBindParameters(pool), items, credentials });
		expect(error!.message).toBe('VMS answered BindAXN with HTTP 502 and no readable result');
		expect(String(error!.description)).toContain('The outcome is unknown');
		expect(String(error!.description)).toContain('Look it up with Subscription → Get Many in the same pool, by Phone No A and Phone No X, or your Out ID, before binding again.');
		expect(bindsSent(emulator)).toHaveLength(1);
	});

	it('a 5xx VMS error for a bind is not retried and warns that the binding may exist', async () => {
		const { emulator, credentials } = env();
		const { pool, items } = single(emulator);
		emulator.injectError({ action: 'BindAXN', code: 'InternalServiceTimeout', status: 504 });
		const { error } = await runNode({ parameters: bulkBindParameters(pool), items, credentials });
		expect(error!.message).toMatch(/^InternalServiceTimeout: /);
		expect(String(error!.description)).toContain('The outcome is unknown');
		expect(bindsSent(emulator)).toHaveLength(1);
	});
});

describe('no silent successes', () => {
	const answers: Array<[string, Record<string, unknown>, RegExp]> = [
		['{}', { fault: 'respond', body: {} }, /^VMS answered BindAXN with no Result instead of an object$/],
		['[]', { fault: 'respond', body: [] }, /^VMS answered BindAXN with HTTP 200 and no readable result$/],
		['no Result', { fault: 'respond', body: { ResponseMetadata: { RequestId: 'R-NO-RESULT' } } }, /with no Result instead of an object$/],
		['Result []', { fault: 'result', result: [] }, /with Result \[\] instead of an object$/],
		['Result {}', { fault: 'result', result: {} }, /with Result \{\} instead of an object$/],
		['Result null', { fault: 'result', result: null }, /with Result null instead of an object$/],
		['Result "ok"', { fault: 'result', result: 'ok' }, /with Result "ok" instead of an object$/],
		['a Result without SubId', { fault: 'result', result: { Status: 1 } }, /with Result \{"Status":1\} without SubId$/],
		['not JSON', { fault: 'respond', body: 'OK' }, /with HTTP 200 and no readable result$/],
	];

	it.each(answers)('a Bind answered with %s is an error naming the action, never an empty item', async (_name, fault, message) => {
		const { emulator, credentials } = env();
		const { pool, items } = bulkOrders(emulator, 1);
		emulator.faults.inject({ ...fault, action: 'BindAXN' });
		const { error, items: out } = await runNode({ parameters: bulkBindParameters(pool), items, credentials });
		expect(out).toBeUndefined();
		expect(error!.message).toMatch(message);
		expect(String(error!.description)).toContain('before binding again');
		if (fault.fault === 'result') expect(String(error!.description)).toMatch(/Request ID: \w+/);
		expect(bindsSent(emulator)).toHaveLength(1);
	});

	it('with Continue On Fail the malformed answer is an error item paired with its input', async () => {
		const { emulator, credentials } = env();
		const { pool, items } = bulkOrders(emulator, 3);
		emulator.faults.inject({ fault: 'result', result: [], action: 'BindAXN' });
		const { items: out } = await runNode({
			parameters: bulkBindParameters(pool, { concurrency: 1 }),
			items,
			credentials,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(out!.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out![0].json.error).toBe('VMS answered BindAXN with Result [] instead of an object');
		expect(out![0].json.requestId).toMatch(/^\w+$/);
		expect(out![1].json.SubId).toMatch(/^S\d+$/);
	});

	it('an Unbind answered with Result false is an error', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'result', result: false, action: 'UnbindAXN' });
		const { error } = await runNode({
			parameters: { resource: 'axn', operation: 'unbind', numberPoolNo: 'NP160084061100694433', subId: 'S1' },
			credentials,
		});
		expect(error!.message).toBe('VMS answered UnbindAXN with Result false instead of true');
	});

	it('Select Number answered with something other than a list of numbers is an error', async () => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'result', result: { Number: '1' }, action: 'SelectNumber' });
		const { error } = await runNode({
			parameters: { resource: 'numberPool', operation: 'selectNumber', numberPoolNo: 'NP160084061100694433', numberCount: 1 },
			credentials,
		});
		expect(error!.message).toBe('VMS answered SelectNumber with Result {"Number":"1"} instead of a list of texts or numbers');
	});
});

describe('paging', () => {
	const listParameters = (extra: Record<string, unknown> = {}) => ({
		resource: 'subscription',
		operation: 'getMany',
		numberPoolNo: 'NPLOAD',
		returnAll: true,
		...extra,
	});
	function bindings(emulator: Emulator, n: number) {
		const { xs } = addAxnPool(emulator, n);
		xs.forEach((x, i) =>
			emulator.state.addSubscription({
				SubId: `S${1000 + i}`,
				numberPoolNo: 'NPLOAD',
				mode: 'AXN',
				PhoneNoX: x,
				PhoneNoA: `1380400${String(i).padStart(4, '0')}`,
				ExpireTime: 2000000000,
			}),
		);
	}
	const lists = (emulator: Emulator) => emulator.requests.filter((r) => r.action === 'QuerySubscriptionForList');

	it('follows Total past a server that caps pages at 20', async () => {
		const { emulator, credentials } = env();
		bindings(emulator, 95);
		emulator.faults.inject({ fault: 'set', pageCap: 20 });
		const { items, error } = await runNode({ parameters: listParameters(), credentials });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(95);
		expect(new Set(items!.map((i) => i.json.SubId)).size).toBe(95);
		expect(lists(emulator).map((r) => r.params.Offset)).toEqual(['0', '20', '40', '60', '80']);
	});

	it('without Total, short pages do not end the list: it stops at an empty page', async () => {
		const { emulator, credentials } = env();
		bindings(emulator, 45);
		emulator.faults.inject({ fault: 'set', pageCap: 20, noTotal: true });
		const { items } = await runNode({ parameters: listParameters(), credentials });
		expect(items).toHaveLength(45);
		expect(lists(emulator).map((r) => r.params.Offset)).toEqual(['0', '20', '40', '45']);
	});

	it.each([
		['and sends no Total', { ignoreOffset: true, noTotal: true }],
		['but sends Total', { ignoreOffset: true }],
	])('stops with an error when the server ignores Offset %s', async (_name, knobs) => {
		const { emulator, credentials } = env();
		bindings(emulator, 130);
		emulator.faults.inject({ fault: 'set', ...knobs });
		const { error } = await runNode({ parameters: listParameters(), credentials });
		expect(error!.message).toBe(
			'QuerySubscriptionForList: the page at Offset 100 repeats the previous page: the server ignores Offset',
		);
		expect(lists(emulator)).toHaveLength(2);
	});

	it.each([
		['a null record', { Records: [{ SubId: 'S1' }, null], Total: 2 }, 'QuerySubscriptionForList: record 1 is null, not an object'],
		['a string record', { Records: ['abc'], Total: 1 }, 'QuerySubscriptionForList: record 0 is "abc", not an object'],
		['Records "abc"', { Records: 'abc', Total: 3 }, 'QuerySubscriptionForList: Records is "abc", not a list'],
		['an empty page before Total', { Records: [], Total: 3 }, 'QuerySubscriptionForList: an empty page at Offset 0, but Total is 3'],
	])('%s is reported, paired with its item under Continue On Fail, never passed to n8n', async (_name, result, message) => {
		const { emulator, credentials } = env();
		emulator.faults.inject({ fault: 'result', result, action: 'QuerySubscriptionForList' });
		const { error } = await runNode({ parameters: listParameters({ numberPoolNo: 'NP160084061100694433' }), credentials });
		expect(error!.message).toBe(message);
		expect(String(error!.description)).toMatch(/Request ID: \w+/);

		emulator.faults.inject({ fault: 'result', result, action: 'QuerySubscriptionForList' });
		const { items } = await runNode({
			parameters: listParameters({ numberPoolNo: 'NP160084061100694433' }),
			items: [{}, {}],
			credentials,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(items![0]).toMatchObject({ json: { error: message }, pairedItem: { item: 0 } });
		expect(items!.slice(1).every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 1)).toBe(true);
	});
});

describe('reading {{ $json.field }} parameters from the item', () => {
	// The same values through n8n's expression engine: `($json.x)` is not a plain field read.
	const viaN8n = (expression: string) => expression.replace(/^=\{\{ (.*) \}\}$/, '={{ ($1) }}');
	const parameters = (map: (e: string) => string = (e) => e) => ({
		resource: 'axn',
		operation: 'bind',
		numberPoolNo: map('={{ $json.pool }}'),
		phoneNoX: map('={{ $json.order.x }}'),
		phoneNoA: map('={{ $json.a }}'),
		phoneNoB: map('={{ $json.b }}'),
		expireTime: map('={{ $json.expireAt }}'),
		audioRecordFlag: map('={{ $json.record }}'),
		additionalFields: { userData: map('={{ $json.note }}') },
	});

	it('sends exactly what n8n evaluates, for text, numbers, booleans and nested fields', async () => {
		const { emulator, credentials } = env();
		const { pool, xs } = addAxnPool(emulator, 4);
		const expireAt = Math.floor(Date.now() / 1000) + 7200;
		const items = [
			{ pool, order: { x: xs[0] }, a: ' +86 138-0013-8000 ', b: 13900139000, expireAt, record: false, note: '订单 #1 ✓' },
			{ pool, order: { x: Number(xs[1]) }, a: '13800138001', b: '13900139001', expireAt: new Date(expireAt * 1000).toISOString(), record: true, note: '' },
		];
		const fast = await runNode({ parameters: parameters(), items, credentials });
		const fastSent = emulator.requests.map((r) => r.params);
		emulator.reset();
		addAxnPool(emulator, 4);
		const slow = await runNode({ parameters: parameters(viaN8n), items, credentials });
		expect(fast.error).toBeUndefined();
		expect(slow.error).toBeUndefined();
		expect(fastSent).toHaveLength(2);
		expect(emulator.requests.map((r) => r.params)).toEqual(fastSent);
		expect(fastSent[0]).toMatchObject({ PhoneNoA: '13800138000', PhoneNoB: '13900139000', AudioRecordFlag: '0', UserData: '订单 #1 ✓' });
	});

	it.each([
		['a missing field', { a: undefined }, /Phone No A \(phoneNoA\) is required/],
		['an object', { a: { number: '13800138000' } }, /Phone No A \(phoneNoA\) must be a phone number, not an object/],
		['a field of a missing object', { order: undefined }, /Phone No X \(phoneNoX\) is required/],
	])('%s gives the same error as through n8n', async (_name, change, message) => {
		const { emulator, credentials } = env();
		const { pool, xs } = addAxnPool(emulator, 1);
		const items = [{ pool, order: { x: xs[0] }, a: '13800138000', b: '13900139000', expireAt: 2000000000, record: true, note: 'n', ...change }];
		const fast = await runNode({ parameters: parameters(), items, credentials });
		const slow = await runNode({ parameters: parameters(viaN8n), items, credentials });
		expect(fast.error!.message).toMatch(message);
		expect(fast.error!.message).toBe(slow.error!.message);
		expect(emulator.requests).toHaveLength(0);
	});
});
