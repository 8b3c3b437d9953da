'use strict';
// Voice resources (review states, TTS, fetch, upload through a presigned URL, rename, delete) and risk control
// (QueryCanCall, blacklist) through real HTTP, signed with the official @volcengine/openapi Signer.
const { createEmulator } = require('./server');
const { callAction, control } = require('./client');
const { startReceiver } = require('./receiver');
const { RESOURCE_KEYS, BLACKLISTED_NUMBER, usableResource, blockedNumber } = require('./voiceResources');

const emulator = createEmulator();
let url;
beforeAll(async () => {
	url = await emulator.start();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

const call = (action, params) => callAction(url, action, params);
const ok = async (action, params) => {
	const { status, body } = await call(action, params);
	expect({ status, error: body.ResponseMetadata.Error }).toEqual({ status: 200, error: undefined });
	return body.Result;
};
const fails = async (action, params) => {
	const { body } = await call(action, params);
	return body.ResponseMetadata.Error;
};
const last = () => emulator.requests[emulator.requests.length - 1];

describe('resources and their review states', () => {
	it('QueryUsableResource (POST, Type in the query, empty body) lists the approved resources of one type', async () => {
		const tts = await ok('QueryUsableResource', { Type: 1 });
		expect(tts.map((r) => r.ResourceKey)).toEqual([RESOURCE_KEYS.tts.approved, RESOURCE_KEYS.tts.approved2]);
		expect(tts[0]).toEqual({
			ResourceKey: RESOURCE_KEYS.tts.approved,
			Suffix: '',
			Name: 'Parcel arrival',
			Duration: 0,
			State: 1,
			CreateTime: '2026-01-05 10:00:00',
			Type: 1,
			Remark: '',
			TtsTemplateContent: 'Your parcel ${code} arrives at ${time}.',
		});
		expect(last()).toMatchObject({ method: 'POST', rawBody: '', params: { Type: '1' } });
		expect((await ok('QueryUsableResource', { Type: 0 })).map((r) => r.ResourceKey)).toEqual([RESOURCE_KEYS.audio.approved]);
		expect((await ok('QueryUsableResource', { Type: 2 })).map((r) => r.ResourceKey)).toEqual([RESOURCE_KEYS.ivr.approved]);
	});

	it('QueryUsableResourceV2 is a GET with the same answer; POST to it is refused', async () => {
		expect((await ok('QueryUsableResourceV2', { Type: 2 })).map((r) => r.ResourceKey)).toEqual([RESOURCE_KEYS.ivr.approved]);
		expect(last().method).toBe('GET');
		expect(await fails('QueryUsableResource', { Type: 7 })).toMatchObject({ Code: 'IllegalArgument', Message: expect.stringContaining('Type') });
		expect(await fails('QueryUsableResource', {})).toMatchObject({ Code: 'IllegalArgument', Message: 'Missing required parameter: Type' });
	});

	it('QueryOpenGetResource pages every state of a type and filters by State and Keyword', async () => {
		const all = await ok('QueryOpenGetResource', { Type: 1 });
		expect(all).toMatchObject({ Total: 4, Offset: 0, Limit: 20 });
		expect(all.Records.map((r) => [r.ResourceKey, r.State])).toEqual([
			[RESOURCE_KEYS.tts.approved, 1],
			[RESOURCE_KEYS.tts.approved2, 1],
			[RESOURCE_KEYS.tts.pending, 0],
			[RESOURCE_KEYS.tts.rejected, 2],
		]);
		const page2 = await ok('QueryOpenGetResource', { Type: 1, Limit: 3, Offset: 3 });
		expect(page2).toMatchObject({ Total: 4, Offset: 3, Limit: 3, Records: [{ ResourceKey: RESOURCE_KEYS.tts.rejected }] });
		expect((await ok('QueryOpenGetResource', { Type: 0, State: 0 })).Records.map((r) => r.ResourceKey)).toEqual([RESOURCE_KEYS.audio.pending]);
		expect((await ok('QueryOpenGetResource', { Type: 1, Keyword: 'Server' })).Records.map((r) => r.Name)).toEqual(['Server alert']);
		expect(JSON.parse(last().rawBody)).toEqual({ Type: 1, Keyword: 'Server' });
	});

	it('OpenCreateTts makes a pending TTS template; approving it (control) makes it usable and pushes the review result', async () => {
		const created = await ok('OpenCreateTts', { Name: 'Gate code', TtsTemplateContent: 'Your gate code is ${code}.', Remark: 'for couriers', ReqSourceType: 3 });
		expect(created).toEqual({ ResourceKey: expect.stringMatching(/^R\d+/), Suffix: '', Name: 'Gate code', UploadUrl: '' });
		const listed = await ok('QueryOpenGetResource', { Type: 1, Keyword: 'Gate' });
		expect(listed.Records).toEqual([expect.objectContaining({ ResourceKey: created.ResourceKey, State: 0, Type: 1, Remark: 'for couriers', TtsTemplateContent: 'Your gate code is ${code}.' })]);
		expect(usableResource(emulator.state, created.ResourceKey, 1)).toEqual(['ResourceNotApproved', expect.stringContaining('under review')]);

		const receiver = await startReceiver({ authToken: 'push-token' });
		try {
			await control(url, 'POST', '/_emulator/push-target', { url: receiver.url, authToken: 'push-token' });
			const reviewed = await control(url, 'POST', '/_emulator/resources/review', { resourceKey: created.ResourceKey, state: 'approved' });
			expect(reviewed.status).toBe(200);
			expect(reviewed.body.resource).toMatchObject({ ResourceKey: created.ResourceKey, State: 1 });
			expect(receiver.pushes).toHaveLength(1);
			expect(receiver.pushes[0]).toMatchObject({ verified: true, json: { name: 'Gate code', resourceKey: created.ResourceKey, finalState: 1, accountId: expect.any(String), timestamp: expect.any(Number) } });
		} finally {
			await control(url, 'POST', '/_emulator/push-target', { url: null }); // kept across resets
			await receiver.stop();
		}
		expect(usableResource(emulator.state, created.ResourceKey, 1)).toBeUndefined();
		expect((await ok('QueryUsableResource', { Type: 1 })).map((r) => r.ResourceKey)).toContain(created.ResourceKey);
	});

	it('the review control refuses unknown keys and states', async () => {
		expect((await control(url, 'POST', '/_emulator/resources/review', { resourceKey: 'nope', state: 1 })).status).toBe(404);
		expect((await control(url, 'POST', '/_emulator/resources/review', { resourceKey: RESOURCE_KEYS.tts.pending, state: 0 })).status).toBe(400);
		const rejected = await control(url, 'POST', '/_emulator/resources/review', { resourceKey: RESOURCE_KEYS.tts.pending, state: 2 });
		expect(rejected.body).toMatchObject({ ok: true, resource: { State: 2 } });
		expect(rejected.body.push).toBeUndefined(); // no push target
	});

	it('OpenCreateTts refuses a missing template and a duplicate name', async () => {
		expect(await fails('OpenCreateTts', { Name: 'x' })).toMatchObject({ Code: 'IllegalArgument', Message: 'Missing required parameter: TtsTemplateContent' });
		expect(await fails('OpenCreateTts', { Name: 'Parcel arrival', TtsTemplateContent: 'x' })).toMatchObject({ Code: 'ResourceNameDuplicated' });
	});

	it('FetchResource imports an audio file from an http(s) URL of an .mp3 or .wav', async () => {
		const fetched = await ok('FetchResource', { Url: 'https://files.example.test/audio/welcome.mp3', Name: 'Welcome' });
		expect(fetched).toMatchObject({ ResourceKey: expect.stringMatching(/^R/), Name: 'Welcome', Suffix: 'mp3' });
		expect(await fails('FetchResource', { Url: 'ftp://files.example.test/a.mp3', Name: 'A' })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await fails('FetchResource', { Url: 'https://files.example.test/a.txt', Name: 'A' })).toMatchObject({ Code: 'IllegalArgument', Message: expect.stringContaining('.mp3 or .wav') });
	});

	it('upload: GetResourceUploadUrl, PUT the bytes with the matching Content-Type, CommitResourceUpload', async () => {
		const { UploadUrl, Name, Suffix } = await ok('GetResourceUploadUrl', { FileName: 'alarm.wav' });
		expect({ Name, Suffix }).toEqual({ Name: 'alarm.wav', Suffix: 'wav' });
		expect(UploadUrl.startsWith(`${url}/_upload/`)).toBe(true);
		expect(await fails('CommitResourceUpload', { FileName: 'alarm.wav' })).toMatchObject({ Code: 'FileNotUploaded' });

		const bytes = Buffer.from('RIFF....WAVEfmt ');
		const wrongType = await fetch(UploadUrl, { method: 'PUT', body: bytes, headers: { 'Content-Type': 'audio/mpeg' } });
		expect(wrongType.status).toBe(403);
		expect(await wrongType.text()).toContain('does not match .wav');
		expect((await fetch(UploadUrl, { method: 'POST', body: bytes, headers: { 'Content-Type': 'audio/wav' } })).status).toBe(405);
		expect((await fetch(UploadUrl.replace('/_upload/', '/_upload/x'), { method: 'PUT', body: bytes, headers: { 'Content-Type': 'audio/wav' } })).status).toBe(404);
		const put = await fetch(UploadUrl, { method: 'PUT', body: bytes, headers: { 'Content-Type': 'audio/wav' } });
		expect(put.status).toBe(200);

		const committed = await ok('CommitResourceUpload', { FileName: 'alarm.wav' });
		expect(committed).toMatchObject({ ResourceKey: expect.stringMatching(/^R/), Name: 'alarm.wav', Suffix: 'wav' });
		const [listed] = (await ok('QueryOpenGetResource', { Type: 0, Keyword: 'alarm' })).Records;
		expect(listed).toMatchObject({ ResourceKey: committed.ResourceKey, State: 0, Type: 0 });
		expect(emulator.state.voiceResources.resources.get(committed.ResourceKey).bytes.equals(bytes)).toBe(true);
		expect(await fails('CommitResourceUpload', { FileName: 'alarm.wav' })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await fails('GetResourceUploadUrl', { FileName: 'alarm.ogg' })).toMatchObject({ Code: 'IllegalArgument' });
	});

	it('OpenUpdateResource renames, OpenDeleteResource deletes (POST, parameters in the query, no Result)', async () => {
		const { body } = await call('OpenUpdateResource', { ResourceKey: RESOURCE_KEYS.audio.approved, Name: 'Parcel reminder' });
		expect(body.ResponseMetadata.Error).toBeUndefined();
		expect('Result' in body).toBe(false);
		expect(last()).toMatchObject({ method: 'POST', rawBody: '', params: { ResourceKey: RESOURCE_KEYS.audio.approved, Name: 'Parcel reminder' } });
		expect((await ok('QueryUsableResource', { Type: 0 }))[0].Name).toBe('Parcel reminder');

		const deleted = await call('OpenDeleteResource', { ResourceKey: RESOURCE_KEYS.audio.approved });
		expect(deleted.body.ResponseMetadata.Error).toBeUndefined();
		expect(await ok('QueryUsableResource', { Type: 0 })).toEqual([]);
		expect(await fails('OpenDeleteResource', { ResourceKey: RESOURCE_KEYS.audio.approved })).toMatchObject({ Code: 'ResourceNotFound' });
		expect(usableResource(emulator.state, RESOURCE_KEYS.audio.approved, 0)).toEqual(['ResourceNotFound', expect.any(String)]);
	});

	it('usableResource says why a resource cannot be played: missing, other type, pending, rejected', () => {
		const { state } = emulator;
		expect(usableResource(state, RESOURCE_KEYS.tts.approved, 1)).toBeUndefined();
		expect(usableResource(state, RESOURCE_KEYS.tts.approved, '1')).toBeUndefined();
		expect(usableResource(state, RESOURCE_KEYS.tts.approved, 0)).toEqual(['ResourceNotFound', expect.stringContaining('Type 1')]);
		expect(usableResource(state, RESOURCE_KEYS.ivr.pending, 2)).toEqual(['ResourceNotApproved', expect.stringContaining('under review')]);
		expect(usableResource(state, RESOURCE_KEYS.audio.rejected, 0)).toEqual(['ResourceNotApproved', expect.stringContaining('rejected')]);
		expect(usableResource(state, 'RNOPE', 0)).toEqual(['ResourceNotFound', expect.any(String)]);
	});
});

describe('risk control', () => {
	it('QueryCanCall (form, numbers comma-joined): one entry per number, status -1 for the seeded blacklisted number', async () => {
		const result = await ok('QueryCanCall', { CustomerNumberList: `13800138000,${BLACKLISTED_NUMBER}`, BusinessLineId: '2100000001', CallType: 1 });
		expect(result).toEqual([
			{ customerNumber: '13800138000', businessLineId: 2100000001, status: 0, reason: '' },
			{ customerNumber: BLACKLISTED_NUMBER, businessLineId: 2100000001, status: -1, reason: '黑名单' },
		]);
		expect(last().rawBody).toBe(`CustomerNumberList=13800138000%2C${BLACKLISTED_NUMBER}&BusinessLineId=2100000001&CallType=1`);
		// The seeded entry blocks outbound calls only.
		expect((await ok('QueryCanCall', { CustomerNumberList: BLACKLISTED_NUMBER, BusinessLineId: '1', CallType: 3 }))[0].status).toBe(0);
	});

	it('QueryCanCall refuses bad input', async () => {
		expect(await fails('QueryCanCall', { CustomerNumberList: '123', BusinessLineId: '1', CallType: 1 })).toMatchObject({ Code: 'IllegalArgument', Message: expect.stringContaining('123') });
		expect(await fails('QueryCanCall', { CustomerNumberList: '13800138000', BusinessLineId: '1', CallType: 9 })).toMatchObject({ Code: 'IllegalArgument' });
		expect(await fails('QueryCanCall', { CustomerNumberList: '13800138000', CallType: 1 })).toMatchObject({ Message: 'Missing required parameter: BusinessLineId' });
	});

	it('AddBlackList and DeleteBlackList change what QueryCanCall and blockedNumber say', async () => {
		expect(blockedNumber(emulator.state, '13800138000')).toBeUndefined();
		expect(await ok('AddBlackList', { CustomerNumber: '13800138000', Type: 1, Remark: 'asked not to be called' })).toBe('success');
		expect(blockedNumber(emulator.state, '13800138000')).toMatchObject({ CustomerNumber: '13800138000', Remark: 'asked not to be called' });
		const check = () => ok('QueryCanCall', { CustomerNumberList: '13800138000', BusinessLineId: '1', CallType: 1 });
		expect((await check())[0].status).toBe(-1);
		expect(await ok('DeleteBlackList', { CustomerNumber: '13800138000' })).toBe('success');
		expect((await check())[0].status).toBe(0);
		expect(blockedNumber(emulator.state, '13800138000')).toBeUndefined();
		expect(await fails('AddBlackList', { CustomerNumber: '12' })).toMatchObject({ Code: 'IllegalArgument' });
	});

	it('a reset restores the seeded blacklist and resources', async () => {
		await ok('DeleteBlackList', { CustomerNumber: BLACKLISTED_NUMBER });
		await call('OpenDeleteResource', { ResourceKey: RESOURCE_KEYS.tts.approved });
		emulator.reset();
		expect(blockedNumber(emulator.state, BLACKLISTED_NUMBER)).toBeDefined();
		expect(usableResource(emulator.state, RESOURCE_KEYS.tts.approved, 1)).toBeUndefined();
		const listed = await control(url, 'GET', '/_emulator/resources');
		expect(listed.body.resources).toHaveLength(10);
		expect(listed.body.blacklist.map((e) => e.CustomerNumber)).toEqual([BLACKLISTED_NUMBER]);
	});
});
