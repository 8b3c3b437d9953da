'use strict';
// Issue 15 in a real n8n: list voice resources (review states named) and the usable ones, check numbers with Check
// Numbers (one item per number), create and rename a TTS template, blacklist a number and check it again.
// Workflow: test/e2e/workflows/voice-resources.json.
const { runWorkflow, ofAction } = require('./harness');

const json = (items) => items.map((i) => i.json);

describe('voice resources and risk control in real n8n', () => {
	test('list resources, check numbers, create a TTS template, blacklist a number', async () => {
		const res = await runWorkflow('voice-resources');
		for (const r of res.requests) expect({ action: r.action, signature: r.signature.ok, error: r.response.code || null }).toEqual({ action: r.action, signature: true, error: null });

		expect(json(res.items('Resources')).map((r) => [r.ResourceKey, r.State, r.StateName, r.TypeName])).toEqual([
			['RT0001APPROVED', 1, 'approved', 'tts'],
			['RT0004APPROVED', 1, 'approved', 'tts'],
			['RT0002PENDING', 0, 'pending', 'tts'],
			['RT0003REJECTED', 2, 'rejected', 'tts'],
		]);
		const list = ofAction(res.requests, 'QueryOpenGetResource');
		expect(list.map((r) => JSON.parse(r.rawBody))).toEqual(expect.arrayContaining([{ Type: 1, Offset: 0, Limit: 100 }, { Type: 0, State: 1, Offset: 0, Limit: 5 }]));
		expect(json(res.items('Approved Audio')).map((r) => r.ResourceKey)).toEqual(['RA0001APPROVED']);

		expect(json(res.items('Can Call')).map((r) => [r.customerNumber, r.canCall, r.statusName])).toEqual([
			['13800138000', true, 'normal'],
			['13999999999', false, 'frozen'],
			['13900139000', true, 'normal'],
		]);
		expect(ofAction(res.requests, 'QueryCanCall')[0].rawBody).toBe('CustomerNumberList=13800138000%2C13999999999%2C13900139000&BusinessLineId=2100000001&CallType=1');

		const [tts] = json(res.items('Create TTS'));
		expect(tts).toMatchObject({ ResourceKey: expect.stringMatching(/^R/), Name: 'Gate code' });
		expect(JSON.parse(ofAction(res.requests, 'OpenCreateTts')[0].rawBody)).toEqual({ Name: 'Gate code', TtsTemplateContent: 'Your gate code is ${code}.', Remark: 'couriers', ReqSourceType: 3 });

		// POST with the parameters in the query and an empty body, signed: Get Usable and Rename.
		expect(json(res.items('Usable')).map((r) => [r.ResourceKey, r.StateName])).toEqual([['RI0001APPROVED', 'approved']]);
		expect(ofAction(res.requests, 'QueryUsableResource')[0]).toMatchObject({ method: 'POST', rawBody: '', params: { Type: '2' } });
		expect(json(res.items('Rename'))).toEqual([{ success: true, resourceKey: tts.ResourceKey, name: 'Gate code (couriers)' }]);
		expect(ofAction(res.requests, 'OpenUpdateResource')[0]).toMatchObject({ method: 'POST', rawBody: '', params: { ResourceKey: tts.ResourceKey, Name: 'Gate code (couriers)' } });

		expect(json(res.items('Block'))).toEqual([{ success: true, customerNumber: '13900139000', blacklist: 'added', result: 'success' }]);
		expect(json(res.items('Check Again'))).toEqual([expect.objectContaining({ customerNumber: '13900139000', canCall: false, status: -1, statusName: 'frozen' })]);
	});
});
