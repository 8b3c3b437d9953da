/**
 * The operation model's request shapes as data: planning items into units (batches), the `none` result shape,
 * POST with everything in the query, and an action's other forms (the 2025 names) tried on InvalidActionOrVersion.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { resourceKey, resourceType } from '../../../nodes/VolcengineVms/actions/common';
import { apiNameOf, beijingTimeField, FieldError } from '../../../nodes/VolcengineVms/actions/fields';
import type { VmsBatch, VmsOperation } from '../../../nodes/VolcengineVms/actions/operation';
import { plan, splitParams } from '../../../nodes/VolcengineVms/actions/plan';
import { checkResult, itemsOf } from '../../../nodes/VolcengineVms/actions/result';
import { vmsApiRequest, type VmsRequest } from '../../../nodes/VolcengineVms/transport';

const batch = (extra: Partial<VmsBatch> = {}): VmsBatch => ({
	param: 'List',
	size: 2,
	entry: ['Phone', 'SingleOpenId'],
	key: 'SingleOpenId',
	split: () => [],
	...extra,
});
const operation = (extra: Partial<VmsOperation> = {}): VmsOperation => ({
	value: 'send',
	name: 'Send',
	description: '',
	action: '',
	apiAction: 'SingleBatchAppend',
	fields: [],
	...extra,
});
const item = (phone: string, id: string, pool = 'NP1'): IDataObject => ({ Phone: phone, SingleOpenId: id, NumberPoolNo: pool });

describe('plan', () => {
	it('gives every item its own unit without a batch', () => {
		const { units, refused } = plan(operation(), [{}, new Error('bad'), {}]);
		expect(units).toEqual([[0], [1], [2]]);
		expect(refused.size).toBe(0);
	});

	it('groups valid items into requests of at most `size`, in input order; a refused item is a unit of its own', () => {
		const prepared = [item('1', 'a'), new FieldError('x', 'y'), item('2', 'b'), item('3', 'c'), item('4', 'd')];
		expect(plan(operation({ batch: batch() }), prepared).units).toEqual([[0, 2], [1], [3, 4]]);
	});

	it('puts every item in one unit when later requests depend on the first (`then`)', () => {
		const prepared = Array.from({ length: 5 }, (_, i) => item(String(i), `k${i}`));
		const then = { apiAction: 'BatchAppend', params: () => ({}) };
		expect(plan(operation({ batch: batch({ then }) }), prepared).units).toEqual([[0, 1, 2, 3, 4]]);
	});

	it('refuses an item whose key another item of the request has, naming both', () => {
		const { units, refused } = plan(operation({ batch: batch({ size: 10 }) }), [item('1', 'a'), item('2', 'b'), item('3', 'a')]);
		expect(units).toEqual([[0, 1], [2]]);
		expect(refused.get(2)?.message).toBe('SingleOpenId "a" is also item 0\'s');
	});

	it('refuses an item whose request parameters differ from the first item of its request', () => {
		const { units, refused } = plan(operation({ batch: batch({ size: 10 }) }), [item('1', 'a'), item('2', 'b', 'NP2'), item('3', 'c')]);
		expect(units).toEqual([[0, 2], [1]]);
		const error = refused.get(1)!;
		expect(error.message).toBe("NumberPoolNo differs from item 0's");
		expect(error.description).toContain('item 0 has "NP1", this item "NP2"');
	});

	it('splits parameters into the request part and the entry', () => {
		expect(splitParams(['Phone'], { Phone: '1', Name: 'n' })).toEqual({ shared: { Name: 'n' }, entry: { Phone: '1' } });
	});
});

describe('result shape none', () => {
	it('accepts any answer and gives a success item with the identifiers sent', () => {
		expect(checkResult(undefined, 'none')).toBeUndefined();
		expect(checkResult(undefined, [])).toBe('no Result instead of an object');
		expect(itemsOf('none', undefined, { TaskOpenId: 'T1', Other: 'x' })).toEqual([{ success: true, taskOpenId: 'T1' }]);
		expect(itemsOf(undefined, { SubId: 'S1', Status: 1 }, {})).toEqual([{ SubId: 'S1', Status: 1 }]);
	});
});

/** A context whose HTTP helper answers with `answer(options)` and records what it was sent. */
function context(endpoint: string, answer: (options: IHttpRequestOptions) => { statusCode: number; body: unknown }) {
	const sent: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => ({ id: '1', name: 'VMS', type: 'x', typeVersion: 2, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ accessKeyId: 'AK', secretAccessKey: 'SK', endpoint }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				sent.push(options);
				return answer(options);
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, sent };
}
const ok = (result?: unknown) => ({ statusCode: 200, body: { ResponseMetadata: { RequestId: 'R' }, ...(result === undefined ? {} : { Result: result }) } });
const unknownAction = { statusCode: 404, body: { ResponseMetadata: { RequestId: 'R', Error: { Code: 'InvalidActionOrVersion', Message: 'no such action' } } } };
const actionOf = (options: IHttpRequestOptions) => (options.qs as IDataObject).Action;

describe('encoding postQuery', () => {
	it('sends POST with every parameter in the query and no body', async () => {
		const { ctx, sent } = context('http://a', () => ok());
		await vmsApiRequest.call(ctx, { action: 'PauseTask', version: '2022-01-01', encoding: 'postQuery', params: { TaskOpenId: 'T1' } });
		expect(sent[0].method).toBe('POST');
		expect(sent[0].qs).toEqual({ Action: 'PauseTask', Version: '2022-01-01', TaskOpenId: 'T1' });
		expect(sent[0].body).toBeUndefined();
	});
});

describe('alternatives', () => {
	const request: VmsRequest = {
		action: 'SingleInfo',
		version: '2022-01-01',
		encoding: 'query',
		params: { SingleOpenId: 'S1' },
		alternatives: [{ action: 'QuerySingleInfo', version: '2022-01-01', encoding: 'json' }],
	};
	/** A gateway that serves only `served`. */
	const gateway = (served: string) => (options: IHttpRequestOptions) => (actionOf(options) === served ? ok({ State: '3' }) : unknownAction);

	it('tries the next form on InvalidActionOrVersion, and starts with the one that worked from then on', async () => {
		const { ctx, sent } = context('http://v2-only', gateway('QuerySingleInfo'));
		expect((await vmsApiRequest.call(ctx, request)).result).toEqual({ State: '3' });
		expect(sent.map(actionOf)).toEqual(['SingleInfo', 'QuerySingleInfo']);
		expect(sent[1].method).toBe('POST');
		expect(sent[1].body).toBe('{"SingleOpenId":"S1"}');
		await vmsApiRequest.call(ctx, request);
		expect(sent.map(actionOf)).toEqual(['SingleInfo', 'QuerySingleInfo', 'QuerySingleInfo']);
	});

	it('remembers per endpoint, and goes back when the gateway changes', async () => {
		const classic = context('http://classic-only', gateway('SingleInfo'));
		await vmsApiRequest.call(classic.ctx, request);
		expect(classic.sent.map(actionOf)).toEqual(['SingleInfo']);
		let served = 'QuerySingleInfo';
		const moving = context('http://moving', (options) => gateway(served)(options));
		await vmsApiRequest.call(moving.ctx, request);
		served = 'SingleInfo';
		await vmsApiRequest.call(moving.ctx, request);
		expect(moving.sent.map(actionOf)).toEqual(['SingleInfo', 'QuerySingleInfo', 'QuerySingleInfo', 'SingleInfo']);
	});

	it('does not try another form after any other error, and names every form when none is served', async () => {
		const busy = context('http://busy', () => ({ statusCode: 200, body: { ResponseMetadata: { Error: { Code: 'InternalError', Message: 'x' } } } }));
		await expect(vmsApiRequest.call(busy.ctx, request)).rejects.toThrow('InternalError');
		expect(busy.sent).toHaveLength(1);
		const none = context('http://none', () => unknownAction);
		const error = await vmsApiRequest.call(none.ctx, request).catch((e: Error & { description?: string }) => e);
		expect((error as { description?: string }).description).toContain('Tried every form VMS has used for this action: SingleInfo (GET), QuerySingleInfo (POST).');
	});
});

describe('voice fields', () => {
	const ctx = { timezone: 'Europe/Berlin', now: 1764748800 };

	it('sends a time as Beijing wall-clock text, whatever form it was given in', () => {
		const field = beijingTimeField('triggerTime', 'Trigger Time');
		expect(field.encode('2026-12-03T10:00:00Z', ctx)).toBe('2026-12-03 18:00:00');
		// Without an offset: the workflow's timezone (Berlin, UTC+1 in December).
		expect(field.encode('2026-12-03T10:00:00', ctx)).toBe('2026-12-03 17:00:00');
		expect(field.encode(1796284800, ctx)).toBe('2026-12-03 16:00:00');
		expect(field.encode('', ctx)).toBeUndefined();
		expect(() => field.encode('tomorrow', ctx)).toThrow('Trigger Time (triggerTime): "tomorrow" is not a date and time');
	});

	it('takes a resource type by value, name or API code and sends the code', () => {
		const field = resourceType();
		expect(apiNameOf(field)).toBe('Type');
		expect(['audio', 'tts', 'ivr', 'TTS Template', 0, '2'].map((value) => field.encode(value, ctx))).toEqual([0, 1, 2, 1, 0, 2]);
		expect(() => field.encode('video', ctx)).toThrow('Resource Type (resourceType): "video" is not one of the accepted values');
		expect(() => field.encode(3, ctx)).toThrow('is not one of the accepted values');
	});

	it('reads the resource key from a locator and sends it as Resource', () => {
		const field = resourceKey();
		expect(apiNameOf(field)).toBe('Resource');
		expect(field.property.type).toBe('resourceLocator');
		expect(field.encode('R_tts_1', ctx)).toBe('R_tts_1');
		expect(() => field.encode('has space', ctx)).toThrow();
	});
});
