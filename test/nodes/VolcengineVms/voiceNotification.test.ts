import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { locator, runNode, runWorkflow } from '../../helpers/n8n';
import { DUAL_POOL, useEmulator, type Emulator } from '../../helpers/emulator';

// Voice Notification (version 2): Send (SingleBatchAppend, many items in one request, FailList per item), Get
// (SingleInfo | QuerySingleInfo), Cancel (SingleCancel | SingleCancelV2), through real n8n-core against the emulator.

/** Seeded by the resource emulator (test/emulator/README.md): 'Your parcel ${code} arrives at ${time}.' */
const TTS = 'RT0001APPROVED';
/** On the resource emulator's seeded blacklist. */
const REFUSED = '13999999999';
const PHONES = ['13900000001', REFUSED, '13900000003'];

interface NotifyEmulator extends Emulator {
	notify: {
		play(scenario: IDataObject): Promise<{ callId: string; state: number }>;
		list(): IDataObject[];
		config: { failListShape: string; refuse: Record<string, string> };
	};
}

const sendParameters = (overrides: IDataObject = {}): IDataObject => ({
	resource: 'voiceNotification',
	operation: 'send',
	phone: '={{ $json.phone }}',
	numberPoolNo: locator(DUAL_POOL, 'id'),
	resourceType: 'tts',
	resourceKey: locator(TTS, 'id'),
	additionalFields: { phoneParam: '={{ { code: $json.name, time: "15:00" } }}', ext: '={{ "order-" + $json.name }}' },
	...overrides,
});
const people = (phones = PHONES) => phones.map((phone, i) => ({ phone, name: `p${i}` }));
const byId = (id: string, operation: 'get' | 'cancel') => ({ resource: 'voiceNotification', operation, singleOpenId: id });

function sent(emulator: Emulator, action = 'SingleBatchAppend') {
	return emulator.requests.filter((r) => r.action === action);
}

describe('voiceNotification → send (SingleBatchAppend)', () => {
	const env = useEmulator();
	const emu = () => env().emulator as NotifyEmulator;
	const run = (parameters: IDataObject, items: IDataObject[], settings?: IDataObject) =>
		runNode({ parameters, items, credentials: env().credentials, typeVersion: 2, settings });

	it('sends three items in one signed JSON request; the refused one fails alone (Continue On Fail), the others return their singleOpenId', async () => {
		const { items, error } = await run(sendParameters(), people(), { continueOnFail: true });
		expect(error).toBeUndefined();
		const requests = sent(emu());
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request).toMatchObject({ method: 'POST', signature: { ok: true } });
		// The body hash covers the exact bytes sent.
		expect(request.headers['x-content-sha256']).toBe(createHash('sha256').update(request.rawBody).digest('hex'));
		const { List } = JSON.parse(request.rawBody);
		expect(List).toHaveLength(3);
		expect(List[0]).toEqual({
			SingleOpenId: expect.stringMatching(/^[0-9a-f]{32}$/),
			Phone: '13900000001',
			NumberPoolNo: DUAL_POOL,
			Type: 1,
			Resource: TTS,
			PhoneParam: { code: 'p0', time: '15:00' },
			Ext: 'order-p0',
		});
		const ids = List.map((e: IDataObject) => e.SingleOpenId);
		expect(new Set(ids).size).toBe(3);

		expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items![0].json).toMatchObject({ singleOpenId: ids[0], SingleOpenId: ids[0], Phone: '13900000001', Ext: 'order-p0' });
		expect(items![2].json).toMatchObject({ singleOpenId: ids[2], Phone: '13900000003' });
		expect(items![1].json.error).toMatch(/VMS refused the notification to 13999999999: BLACK_LIST/);
		expect(items![1].json.description).toContain(ids[1]);
		// Only the two that succeeded are queued.
		expect(emu().notify.list().map((n) => n.SingleOpenId)).toEqual([ids[0], ids[2]]);
	});

	it('without Continue On Fail, the error names the refused item and the stop summary lists the two that succeeded', async () => {
		const { error } = await run(sendParameters(), people());
		expect(error).toBeDefined();
		expect(error!.message).toMatch(/13999999999: BLACK_LIST/);
		expect((error!.context as IDataObject).itemIndex).toBe(1);
		expect(String(error!.description)).toMatch(/Items 0, 2 were sent and succeeded/);
		expect(sent(emu())).toHaveLength(1);
	});

	it('generates a Single Open ID when none is given and keeps one that is; both come back', async () => {
		const { items, error } = await run(
			sendParameters({ additionalFields: { phoneParam: '{ "code": "a", "time": "b" }', singleOpenId: '={{ $json.id }}' } }),
			[{ phone: '13900000001', id: 'alert-1' }, { phone: '13900000003' }],
		);
		expect(error).toBeUndefined();
		expect(items!.map((i) => i.json.singleOpenId)).toEqual(['alert-1', expect.stringMatching(/^[0-9a-f]{32}$/)]);
		const { List } = JSON.parse(sent(emu())[0].rawBody);
		expect(List.map((e: IDataObject) => e.SingleOpenId)).toEqual(items!.map((i) => i.json.singleOpenId));
	});

	it('refuses duplicate Single Open IDs before sending anything', async () => {
		const { error } = await run(
			sendParameters({ additionalFields: { phoneParam: '{ "code": "a", "time": "b" }', singleOpenId: 'same' } }),
			people(['13900000001', '13900000003']),
		);
		expect(error).toBeDefined();
		expect(error!.message).toMatch(/same/);
		expect(emu().requests).toHaveLength(0);
	});

	it('refuses a Single Open ID that an item of another request of the run has too, before sending anything', async () => {
		const many = Array.from({ length: 120 }, (_, i) => ({ phone: `1390001${String(i).padStart(4, '0')}`, id: i === 110 ? 'id-3' : `id-${i}` }));
		const { error } = await run(
			sendParameters({ additionalFields: { phoneParam: '{ "code": "a", "time": "b" }', singleOpenId: '={{ $json.id }}' } }),
			many,
		);
		expect(error!.message).toMatch(/"id-3" is also item 3's/);
		expect((error!.context as IDataObject).itemIndex).toBe(110);
		expect(emu().requests).toHaveLength(0);
	});

	it('sends the additional fields in API names: Trigger Time as Beijing time, Number List with NumberType 1, Forbid Time List, re-calls', async () => {
		const { error } = await run(
			sendParameters({
				additionalFields: {
					phoneParam: '{ "code": "a", "time": "b" }',
					triggerTime: '2026-12-24T02:00:00Z',
					ringAgainTimes: 2,
					ringAgainInterval: 10,
					numberList: '01053000002, 01053000003',
					forbidTimeList: '[{ "Weekdays": [1, 7], "Times": ["00:00-08:00"] }]',
				},
			}),
			[{ phone: '13900000001' }],
		);
		expect(error).toBeUndefined();
		const [entry] = JSON.parse(sent(emu())[0].rawBody).List;
		expect(entry).toMatchObject({
			TriggerTime: '2026-12-24 10:00:00',
			RingAgainTimes: 2,
			RingAgainInterval: 10,
			NumberList: ['01053000002', '01053000003'],
			NumberType: 1,
			ForbidTimeList: [{ Weekdays: [1, 7], Times: ['00:00-08:00'] }],
		});
	});

	it('refuses bad input before sending: Ring Again Times 4, Ring Again Interval 3, Phone Param that is not an object', async () => {
		for (const additionalFields of [{ ringAgainTimes: 4 }, { ringAgainInterval: 3 }, { phoneParam: '[1, 2]' }]) {
			const { error } = await run(sendParameters({ additionalFields }), [{ phone: '13900000001' }]);
			expect(error).toBeDefined();
			expect(error!.message).toMatch(/Ring Again|Phone Param/);
		}
		expect(emu().requests).toHaveLength(0);
	});

	it('a timeout is an unknown outcome for every item of the request, naming the Single Open IDs to look up', async () => {
		emu().faults.inject({ fault: 'hang', action: 'SingleBatchAppend' });
		const { items } = await run(
			sendParameters({ additionalFields: { phoneParam: '{ "code": "a", "time": "b" }', singleOpenId: '={{ "id-" + $json.name }}' }, options: { timeout: 1000 } }),
			people(['13900000001', '13900000003']),
			{ continueOnFail: true },
		);
		expect(items).toHaveLength(2);
		for (const item of items!) {
			expect(item.json.error).toMatch(/outcome is unknown/);
			expect(item.json.description).toMatch(/id-p0, id-p1/);
		}
	});

	it('sends more than a batch in several requests, output in input order', async () => {
		const many = Array.from({ length: 130 }, (_, i) => ({ phone: `1390001${String(i).padStart(4, '0')}`, name: `m${i}` }));
		const { items, error } = await run(sendParameters(), many);
		expect(error).toBeUndefined();
		const requests = sent(emu());
		expect(requests.map((r) => JSON.parse(r.rawBody).List.length).sort((a: number, b: number) => b - a)).toEqual([100, 30]);
		expect(items!.map((i) => i.json.Phone)).toEqual(many.map((m) => m.phone));
	});
});

describe('voiceNotification → get and cancel', () => {
	const env = useEmulator();
	const emu = () => env().emulator as NotifyEmulator;
	const run = (parameters: IDataObject, items: IDataObject[] = [{}], settings?: IDataObject) =>
		runNode({ parameters, items, credentials: env().credentials, typeVersion: 2, settings });

	async function sendOne(id: string) {
		const { error } = await run(
			sendParameters({ phone: '13900000001', additionalFields: { phoneParam: '{ "code": "a", "time": "b" }', singleOpenId: id } }),
		);
		expect(error).toBeUndefined();
	}

	it('get after the notification played: State with its name, times as ISO, callId that Call → Get Records reads', async () => {
		await sendOne('n-1');
		const { callId } = await emu().notify.play({ singleOpenId: 'n-1', digits: '1' });
		const result = await runWorkflow({
			credentials: env().credentials,
			typeVersion: 2,
			steps: [
				{ name: 'Get', parameters: byId('n-1', 'get') },
				{ name: 'Records', parameters: { resource: 'call', operation: 'getRecords', callIds: '={{ $json.callId }}' } },
			],
		});
		expect(result.error).toBeUndefined();
		const [got] = result.output('Get')!;
		expect(got.json).toMatchObject({ SingleOpenId: 'n-1', State: '3', StateName: 'finished', CallUuid: callId, callId });
		expect(got.json.CreateTimeIso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		expect(got.json.ReleaseTimeIso).toMatch(/\+08:00$/);
		const [record] = result.output('Records')!;
		expect(record.json).toMatchObject({ CallId: callId, SingleOpenId: 'n-1', Digits: '1' });
	});

	it('get before the call: State 1, no callId', async () => {
		await sendOne('n-2');
		const { items } = await run(byId('n-2', 'get'));
		expect(items![0].json).toMatchObject({ State: '1', StateName: 'waiting for the first call' });
		expect(items![0].json.callId).toBeUndefined();
	});

	it('cancel answers { success, singleOpenId } (no Result in the answer); cancelling again is a VMS error', async () => {
		await sendOne('n-3');
		const { items } = await run(byId('n-3', 'cancel'));
		expect(items).toEqual([{ json: { success: true, singleOpenId: 'n-3' }, pairedItem: { item: 0 } }]);
		expect((await run(byId('n-3', 'get'))).items![0].json).toMatchObject({ State: '5', StateName: 'cancelled' });
		const again = await run(byId('n-3', 'cancel'));
		expect(again.error!.message).toMatch(/TaskWrongState|State 5/);
	});
});

describe.each([
	['classic', 'SingleInfo', 'SingleCancel'],
	['v2', 'QuerySingleInfo', 'SingleCancelV2'],
])('action-name fallback: an emulator serving the %s names', (actionSet, infoAction, cancelAction) => {
	const env = useEmulator({ actionSet });
	const emu = () => env().emulator as NotifyEmulator;
	const run = (parameters: IDataObject) => runNode({ parameters, items: [{}], credentials: env().credentials, typeVersion: 2 });

	it(`get and cancel end up at ${infoAction} and ${cancelAction}, and the form that worked is kept`, async () => {
		const sendResult = await run(
			sendParameters({ phone: '13900000001', additionalFields: { phoneParam: '{ "code": "a", "time": "b" }', singleOpenId: 'fb-1' } }),
		);
		expect(sendResult.error).toBeUndefined();
		const got = await run(byId('fb-1', 'get'));
		expect(got.error).toBeUndefined();
		expect(got.items![0].json).toMatchObject({ SingleOpenId: 'fb-1', State: '1' });
		const cancelled = await run(byId('fb-1', 'cancel'));
		expect(cancelled.items![0].json).toEqual({ success: true, singleOpenId: 'fb-1' });
		const again = await run(byId('fb-1', 'get'));
		expect(again.items![0].json).toMatchObject({ State: '5' });

		const actions = emu().requests.map((r) => `${r.action}:${r.response.status}`);
		expect(actions.filter((a) => a.startsWith(`${infoAction}:200`))).toHaveLength(2);
		expect(actions).toContain(`${cancelAction}:200`);
		// Each other form was tried at most once: the choice is remembered.
		const refused = actions.filter((a) => a.endsWith(':404'));
		expect(refused.length).toBeLessThanOrEqual(2);
		if (actionSet === 'v2') expect(refused.sort()).toEqual(['SingleCancel:404', 'SingleInfo:404']);
	});
});
