/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): setImmediate marks the next event-loop turn */
/** The transport's pure parts: the limiter on the real clock (simulated time: limiter.unit.test.ts), Result shapes, and the paging caps with a stubbed HTTP helper. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_SENDING, recordsOf } from '../../../nodes/VolcengineVms/actions/operation';
import { checkResult } from '../../../nodes/VolcengineVms/actions/result';
import { DEFAULT_TIMEOUT_MS, Limiter, MAX_PAGES, vmsApiRequestPages } from '../../../nodes/VolcengineVms/transport';

describe('Limiter', () => {
	it('spaces request starts to the cap', async () => {
		const limiter = new Limiter(50);
		const starts: number[] = [];
		for (let i = 0; i < 6; i++) {
			await limiter.take();
			starts.push(Date.now());
		}
		expect(starts[5] - starts[0]).toBeGreaterThanOrEqual(5 * 20 - 5);
	});

	it('without a cap does not wait', async () => {
		const limiter = new Limiter(0);
		// Without a wait, take() settles within the current turn, before any timer or I/O callback.
		const nextTurn = () => new Promise((resolve) => setImmediate(() => resolve('waited')));
		for (let i = 0; i < 100; i++) {
			expect(await Promise.race([limiter.take().then(() => 'taken'), nextTurn()])).toBe('taken');
		}
		expect(limiter.rate).toBe(Infinity);
	});

	it('stops waiting as soon as the signal aborts, and does not wait for an aborted one', async () => {
		// One request per 1,000 s: a wait that ignored the signal would outlast the test's timeout.
		const limiter = new Limiter(0.001);
		await limiter.take();
		const stop = new AbortController();
		const waiting = limiter.take(stop.signal);
		stop.abort();
		await waiting;
		await limiter.take(stop.signal);
	});
});

describe('defaults', () => {
	it('the Timeout option defaults to the timeout the transport uses without options (10 s)', () => {
		expect(DEFAULT_SENDING).toEqual({ concurrency: 30, maxRequestsPerSecond: 0, timeout: 10000 });
		expect(DEFAULT_TIMEOUT_MS).toBe(DEFAULT_SENDING.timeout);
	});
});

describe('checkResult', () => {
	it.each([
		[true, 'success', undefined],
		[{ Success: true }, 'success', undefined],
		[false, 'success', 'Result false instead of true'],
		[{ Success: false }, 'success', 'Result {"Success":false} instead of true'],
		[['13700000002', 13700000003], 'strings', undefined],
		[[null], 'strings', 'Result [null] instead of a list of texts or numbers'],
		[{ SubId: 'S1' }, ['SubId'], undefined],
		[{ SubId: '' }, ['SubId'], 'Result {"SubId":""} without SubId'],
		[undefined, [], 'no Result instead of an object'],
		[{}, [], 'Result {} instead of an object'],
		[[{ SubId: 'S1' }], ['SubId'], 'Result [{"SubId":"S1"}] instead of an object'],
		[{ a: 'x'.repeat(200) }, [], undefined],
		[false, 'flag', undefined],
		[{ Success: false }, 'flag', undefined],
		['false', 'flag', 'Result "false" instead of true or false'],
		[[{ CallId: 'D1' }], 'records', undefined],
		[{ Records: [{ CallId: 'D1' }] }, 'records', undefined],
		[{ Data: [] }, 'records', undefined],
		[{ CallId: 'D1' }, 'records', 'Result {"CallId":"D1"} instead of a list of records'],
		[[null], 'records', 'Result [null] instead of a list of records'],
		[{ AudioRecordFileUrl: 'u' }, 'objectOrList', undefined],
		[[{ AudioRecordFileUrl: 'u' }], 'objectOrList', undefined],
		['u', 'objectOrList', 'Result "u" instead of a list of records'],
	])('%j as %j: %s', (result, shape, problem) => {
		expect(checkResult(result, shape as never)).toBe(problem);
	});

	it.each([[[{ CallId: 'D1' }]], [{ Records: [{ CallId: 'D1' }] }], [{ Data: [{ CallId: 'D1' }] }]])(
		'the records operations read (%j) are the list checked as records',
		(result) => {
			expect(checkResult(result, 'records')).toBeUndefined();
			expect(recordsOf(result)).toEqual([{ CallId: 'D1' }]);
		},
	);
});

/** A context whose HTTP helper answers every list request with `page(offset, limit)`. */
function listContext(page: (offset: number, limit: number) => unknown) {
	let calls = 0;
	const context = {
		getNode: () => ({ id: '1', name: 'VMS', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { body: string }) => {
				calls++;
				const form = new URLSearchParams(options.body);
				const result = page(Number(form.get('Offset')), Number(form.get('Limit')));
				return { statusCode: 200, body: { ResponseMetadata: { RequestId: `R${calls}` }, Result: result } };
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, calls: () => calls };
}

const request = { action: 'QuerySubscriptionForList', version: '2022-01-01', encoding: 'form' as const, params: {} };

describe('paging', () => {
	it(`stops with an error after ${MAX_PAGES} pages of a list that never ends`, async () => {
		const { context, calls } = listContext((offset) => ({ Records: [{ SubId: `S${offset}` }] }));
		await expect(vmsApiRequestPages.call(context, request, { pageSize: 1 })).rejects.toThrow(
			`QuerySubscriptionForList: stopped after ${MAX_PAGES} pages (${MAX_PAGES} records)`,
		);
		expect(calls()).toBe(MAX_PAGES);
	});

	it('stops at Limit, and asks only for what is left', async () => {
		const asked: number[] = [];
		const { context } = listContext((offset, limit) => {
			asked.push(limit);
			return { Records: Array.from({ length: limit }, (_, i) => ({ SubId: `S${offset + i}` })), Total: 1000 };
		});
		const records = await vmsApiRequestPages.call(context, request, { pageSize: 100, limit: 250 });
		expect(records).toHaveLength(250);
		expect(asked).toEqual([100, 100, 50]);
	});

	it('treats Records: null as an empty list', async () => {
		const { context, calls } = listContext(() => ({ Records: null, Total: 0 }));
		expect(await vmsApiRequestPages.call(context, request, { pageSize: 100 })).toEqual([]);
		expect(calls()).toBe(1);
	});
});
