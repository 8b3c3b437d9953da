/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code (runs in jest, not in n8n): a loopback node:http server that stalls a recording download */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/n8n';
import { DUAL_POOL, useEmulator, VALID_BIND } from '../../helpers/emulator';

const env = useEmulator();

async function run(parameters: IDataObject, items?: IDataObject[]) {
	const { credentials } = env();
	const result = await runNode({ parameters, items, credentials });
	if (result.error) throw result.error;
	return result.items!;
}

const click2Call = (overrides: IDataObject = {}) => ({
	resource: 'call',
	operation: 'click2Call',
	caller: '13800138000',
	callee: '13900139000',
	callerNumberPoolNo: DUAL_POOL,
	calleeNumberPoolNo: DUAL_POOL,
	...overrides,
});

let subId: unknown;
beforeEach(() => (subId = undefined));

/** Calls made through an AXN binding (bound once per test) and played out by the emulator; the request log is cleared after. */
async function playedCalls(count: number, scenario: IDataObject = {}): Promise<string[]> {
	const { emulator } = env();
	subId ??= (await run(VALID_BIND))[0].json.SubId;
	const ids: string[] = [];
	for (let i = 0; i < count; i++) ids.push((await emulator.calls.play({ subId, record: false, ...scenario })).callId);
	emulator.requests.length = 0;
	return ids;
}

describe('call → click2Call (Click2Call)', () => {
	it('sends normalized numbers and the additional fields in API names; emits { CallId }', async () => {
		const { emulator } = env();
		const items = await run(
			click2Call({
				caller: '+86 138-0013-8000',
				callee: '(139) 0013 9000',
				additionalFields: {
					userData: 'ticket 7',
					maxTime: 30,
					callerNumberCityCode: '0571',
					callerNumberDegradeCityList: ['0531', ' 021 '],
					calleeDegradeToCapital: true,
					lastMinutes: 2,
					lastVoice: 'RK-last',
					lastVoiceTo: 'BOTH',
				},
			}),
		);
		expect(items).toEqual([{ json: { CallId: expect.stringMatching(/^D[0-9a-f]{24}$/) }, pairedItem: { item: 0 } }]);
		expect(emulator.requests).toHaveLength(1);
		const [request] = emulator.requests;
		expect(request).toMatchObject({ action: 'Click2Call', method: 'POST', signature: { ok: true } });
		expect(request.params).toEqual({
			Caller: '13800138000',
			Callee: '13900139000',
			CallerNumberPoolNo: DUAL_POOL,
			CalleeNumberPoolNo: DUAL_POOL,
			CalleeDegradeToCapital: '1',
			CallerNumberCityCode: '0571',
			CallerNumberDegradeCityList: '0531,021',
			LastMinutes: '2',
			LastVoice: 'RK-last',
			LastVoiceTo: 'BOTH',
			MaxTime: '30',
			UserData: 'ticket 7',
		});
	});

	it('a duplicate call is refused by VMS (RepeatClick2Call) and not sent again; Continue On Fail keeps the first', async () => {
		const { emulator, credentials } = env();
		// One at a time, so that the first item's call is the one VMS accepts.
		const { items } = await runNode({
			parameters: click2Call({ options: { concurrency: 1 } }),
			items: [{}, {}],
			credentials,
			settings: { continueOnFail: true },
		});
		expect(items![0]).toEqual({ json: { CallId: expect.any(String) }, pairedItem: { item: 0 } });
		expect(items![1].pairedItem).toEqual({ item: 1 });
		expect(items![1].json).toMatchObject({ code: 'RepeatClick2Call', error: expect.stringMatching(/^RepeatClick2Call: /) });
		expect(String(items![1].json.description)).toContain('the node did not send it again');
		expect(emulator.requests.map((r) => r.action)).toEqual(['Click2Call', 'Click2Call']);
	});

	it('a timeout says the call may have been placed; it is not retried', async () => {
		const { emulator, credentials } = env();
		emulator.injectError({ action: 'Click2Call', code: 'InternalServiceTimeout', status: 504 });
		const { error } = await runNode({ parameters: click2Call(), credentials });
		expect(error!.message).toBe('InternalServiceTimeout: Internal service timeout');
		expect(String(error!.description)).toContain('The outcome is unknown. Wait for its call events');
		expect(emulator.requests).toHaveLength(1);
		emulator.faults.inject({ fault: 'reset', action: 'Click2Call' });
		const lost = await runNode({ parameters: click2Call(), credentials });
		expect(lost.error!.message).toMatch(/^The connection was lost after the Click2Call request was sent .*: the outcome is unknown; the call may exist$/);
		expect(String(lost.error!.description)).toContain('Wait for its call events (or ask the parties) before calling again');
		expect(emulator.requests).toHaveLength(2);
	});

	it('throttling is the only thing retried', async () => {
		const { emulator } = env();
		emulator.injectError({ action: 'Click2Call', code: 'OverQpsLimit', times: 1 });
		expect(await run(click2Call())).toHaveLength(1);
		expect(emulator.requests.map((r) => r.response.code ?? 'ok')).toEqual(['OverQpsLimit', 'ok']);
	}, 15000);
});

describe('call → click2CallLite, cancelClick2Call', () => {
	it('click2CallLite sends one pool and AudioRecordFlag; cancel reports whether it cancelled', async () => {
		const { emulator } = env();
		const [placed] = await run({
			resource: 'call',
			operation: 'click2CallLite',
			caller: '13800138000',
			callee: '13900139000',
			numberPoolNo: DUAL_POOL,
			additionalFields: { audioRecordFlag: false },
		});
		expect(emulator.requests[0].rawBody).toBe(`Caller=13800138000&Callee=13900139000&NumberPoolNo=${DUAL_POOL}&AudioRecordFlag=0`);
		const callId = placed.json.CallId;
		const cancel = { resource: 'call', operation: 'cancelClick2Call', callId };
		expect(await run(cancel)).toEqual([{ json: { success: true, callId }, pairedItem: { item: 0 } }]);
		expect(await run(cancel)).toEqual([{ json: { success: false, callId }, pairedItem: { item: 0 } }]);
		expect(emulator.requests.map((r) => [r.action, r.rawBody])).toEqual([
			['Click2CallLite', expect.any(String)],
			['CancelClick2Call', `CallId=${callId}`],
			['CancelClick2Call', `CallId=${callId}`],
		]);
	});
});

describe('call → getRecords (QueryCallRecordMsg)', () => {
	it('250 call IDs go out as 3 requests of at most 100; one item per record, paired with its input item', async () => {
		const { emulator } = env();
		const real = await playedCalls(4, { duration: 10 });
		const unknown = Array.from({ length: 247 }, (_, i) => `Dunknown${i}`);
		// Item 0: 250 IDs (3 real, one repeated) as a comma string; item 1: a list with the fourth call.
		const first = [real[0], ...unknown.slice(0, 120), real[1], ...unknown.slice(120), real[2], real[0]];
		const items = await run({ resource: 'call', operation: 'getRecords', callIds: '={{ $json.ids }}' }, [
			{ ids: first.join(', ') },
			{ ids: [real[3]] },
		]);
		const requests = emulator.requests.map((r) => r.params.CallIdList.split(','));
		// Items are sent concurrently: the requests of different items may interleave.
		expect(requests.map((ids) => ids.length).sort((a, b) => b - a)).toEqual([100, 100, 50, 1]);
		expect(requests.flat().sort()).toEqual([...new Set(first), real[3]].sort());
		expect(emulator.requests.every((r) => r.action === 'QueryCallRecordMsg' && r.signature.ok)).toBe(true);
		expect(items.map((i) => [i.json.CallId, i.pairedItem])).toEqual([
			[real[0], { item: 0 }],
			[real[1], { item: 0 }],
			[real[2], { item: 0 }],
			[real[3], { item: 1 }],
		]);
	});

	it('keeps every field verbatim and adds ISO 8601 times (Beijing) and names next to them, as the trigger does for CDRs', async () => {
		const [answered, missed] = [...(await playedCalls(1)), ...(await playedCalls(1, { answered: false }))];
		const items = await run({ resource: 'call', operation: 'getRecords', callIds: `${answered},${missed}` });
		const [record, unanswered] = items.map((i) => i.json);
		expect(record).toMatchObject({ CallId: answered, CallResult: 1, CallDuration: 42, PhoneNoX: '13700000002', SubscriptionId: expect.any(String) });
		for (const key of ['BeginCallTime', 'RingTime', 'StartTime', 'EndTime', 'CdrCreateTime']) {
			expect(typeof record[key]).toBe('number');
			expect(record[`${key}Iso`]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+08:00$/);
			expect(Date.parse(record[`${key}Iso`] as string)).toBe(record[key]);
		}
		expect(record).toMatchObject({ CallResultName: 'answered', SubServiceTypeName: 'AXN', SecretCallTypeName: 'A to B' });
		expect(unanswered).toMatchObject({ CallResult: 7, CallResultName: 'no answer', StartTime: 0 });
		expect(unanswered.StartTimeIso).toBeUndefined(); // 0 = never happened
		const keys = Object.keys(record);
		expect(keys.indexOf('BeginCallTimeIso')).toBe(keys.indexOf('BeginCallTime') + 1);
		expect(keys.indexOf('CallResultName')).toBe(keys.indexOf('CallResult') + 1);
	});

	it('no records found is no items', async () => {
		const { credentials } = env();
		const { items, error } = await runNode({ parameters: { resource: 'call', operation: 'getRecords', callIds: 'Dnone' }, credentials });
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});
});

describe('call → getRecording (QueryAudioRecordFileUrl)', () => {
	const getRecording = (callId: string, download?: boolean) => ({ resource: 'call', operation: 'getRecording', callId, download });

	it('without download: the links and the call ID, no binary', async () => {
		const [callId] = await playedCalls(1, { record: true });
		const [item] = await run(getRecording(callId));
		expect(item.json).toEqual({
			CallId: callId,
			AudioRecordFileUrl: expect.stringContaining(`/recordings/${callId}.mp3?x-expires=`),
			AudioRecordLeftFileUrl: '',
			AudioRecordRightFileUrl: '',
			hasRecording: true,
		});
		expect(item.binary).toBeUndefined();
		expect(env().emulator.requests.map((r) => r.action)).toEqual(['QueryAudioRecordFileUrl']);
	});

	it.each([
		['an unanswered call', undefined],
		['Result {}', {}],
		['Result []', []],
	])('without download, no link (%s) is an item that says hasRecording: false', async (_name, result) => {
		const { emulator } = env();
		const [callId] = await playedCalls(1, { answered: false });
		if (result !== undefined) emulator.faults.inject({ fault: 'result', result, action: 'QueryAudioRecordFileUrl' });
		const [item] = await run(getRecording(callId));
		expect(item.json).toMatchObject({ CallId: callId, hasRecording: false });
		expect(item.json.AudioRecordFileUrl || undefined).toBeUndefined();
	});

	it.each(['object', 'list'] as const)('download puts the file into binary "data", byte for byte (result as an %s)', async (shape) => {
		const { emulator } = env();
		const [callId] = await playedCalls(1, { record: true });
		emulator.calls.config.recordingResultShape = shape;
		const [item] = await run(getRecording(callId, true));
		expect(item.json.AudioRecordFileUrl).toEqual(expect.stringContaining(callId));
		expect(Object.keys(item.binary!)).toEqual(['data']);
		expect(item.binary!.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${callId}.mp3`, fileExtension: 'mp3' });
		expect(Buffer.from(item.binary!.data.data, 'base64').equals(emulator.calls.file(callId)!)).toBe(true);
		// The file came from the recording link, unsigned: only the query went to the API.
		expect(emulator.requests.map((r) => r.action)).toEqual(['QueryAudioRecordFileUrl']);
	});

	it('split channels go into "dataLeft" and "dataRight"', async () => {
		const { emulator } = env();
		const [callId] = await playedCalls(1, { record: true, split: true });
		const [item] = await run(getRecording(callId, true));
		expect(Object.keys(item.binary!)).toEqual(['data', 'dataLeft', 'dataRight']);
		expect(item.binary!.dataLeft).toMatchObject({ mimeType: 'audio/wav', fileName: `${callId}-left.wav` });
		expect(Buffer.from(item.binary!.dataLeft.data, 'base64').equals(emulator.calls.file(callId, 'left')!)).toBe(true);
		expect(Buffer.from(item.binary!.dataRight.data, 'base64').equals(emulator.calls.file(callId, 'right')!)).toBe(true);
	});

	it('a failed download fails the item with the reason; Continue On Fail keeps the other items', async () => {
		const { emulator, credentials } = env();
		const [missed] = await playedCalls(1, { answered: false });
		const [recorded] = await playedCalls(1, { record: true });
		const parameters = { resource: 'call', operation: 'getRecording', callId: '={{ $json.id }}', download: true };
		const { items } = await runNode({ parameters, items: [{ id: missed }, { id: recorded }], credentials, settings: { continueOnFail: true } });
		expect(items!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items![0].json).toEqual({
			error: `Call ${missed} has no recording to download`,
			description: expect.stringContaining('the call was not answered'),
		});
		expect(items![1].binary!.data.fileName).toBe(`${recorded}.mp3`);

		// Links that expired before the download: the recording server answers 403.
		emulator.calls.config.queryUrlTtlSeconds = -1;
		const { error } = await runNode({ parameters, items: [{ id: recorded }], credentials });
		expect(error!.name).toBe('NodeOperationError');
		expect(error!.message).toBe(
			`Could not download the recording of call ${recorded}: The recording server answered HTTP 403: the link has probably expired; get a fresh one with Call → Get Recording`,
		);
		expect(String(error!.description)).toContain('valid for 3 hours');
		expect(error!.message).not.toContain('x-signature');
	});
});

describe('call → getRecording: cancelling the execution during a download', () => {
	it('stops the download at once and says so (a recording server that never answers)', async () => {
		const { emulator, credentials } = env();
		let cancel: (() => void) | undefined;
		let asked = 0;
		const stalled = createServer(() => {
			asked++;
			cancel!(); // the download is in flight: Stop is pressed now
		});
		await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
		try {
			const link = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/rec/Dstalled.mp3`;
			emulator.faults.inject({ fault: 'result', result: { AudioRecordFileUrl: link }, action: 'QueryAudioRecordFileUrl' });
			const started = Date.now();
			const { items } = await runNode({
				// One item at a time: the second is still waiting when the cancel comes.
				parameters: { resource: 'call', operation: 'getRecording', callId: '={{ $json.id }}', download: true, options: { concurrency: 1 } },
				items: [{ id: 'Dstalled' }, { id: 'Dnext' }],
				credentials,
				settings: { continueOnFail: true },
				started: (execution) => (cancel = () => execution.cancel()),
			});
			// Without the cancel, the download would wait out its 120 s limit.
			expect(Date.now() - started).toBeLessThan(60_000);
			expect(asked).toBe(1);
			expect(items![0].json.error).toBe(
				'Could not download the recording of call Dstalled: The execution was cancelled during the recording download',
			);
			expect(items![1].json.error).toBe('The execution was cancelled: QueryAudioRecordFileUrl was not sent');
			expect(emulator.requests.map((r) => r.params.CallId)).toEqual(['Dstalled']);
		} finally {
			stalled.closeAllConnections();
			stalled.close();
		}
	});
});

describe('call → getTranscript (QueryAudioRecordToTextFileUrl)', () => {
	it.each(['array', 'records', 'data'] as const)('one item per transcript whether Result is an array, Records or Data (%s)', async (shape) => {
		const { emulator } = env();
		const calls = await playedCalls(2, { record: true });
		emulator.calls.config.transcriptResultShape = shape;
		const ids = [...calls, ...Array.from({ length: 120 }, (_, i) => `Dnone${i}`)];
		const items = await run({ resource: 'call', operation: 'getTranscript', callIds: ids });
		expect(items.map((i) => i.json)).toEqual(calls.map((CallId) => ({ CallId, AudioRecordToTextFileUrl: expect.stringContaining(`${CallId}.txt`) })));
		expect(emulator.requests.map((r) => r.params.CallIdList.split(',').length)).toEqual([100, 22]);
	});
});
