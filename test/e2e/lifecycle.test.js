'use strict';
// Every other operation, in a real n8n, against the emulator: the order lifecycle, each binding mode,
// look-ups and pools. Workflows: test/e2e/workflows/{axn-lifecycle,subscription-get-many,number-pools,ax*-flow}.json.
const { runWorkflow, ofAction } = require('./harness');

const AXN = 'NP160084061100694433';
const paired = (items) => items.map((i) => i.pairedItem);
const json = (items) => items.map((i) => i.json);

/** Each request was signed correctly and answered without an error; returns the actions in order. */
function actionsOf(requests) {
	for (const r of requests) expect({ action: r.action, signature: r.signature.ok, error: r.response.code || null }).toEqual({ action: r.action, signature: true, error: null });
	return requests.map((r) => r.action);
}

describe('lifecycle operations in real n8n', () => {
	test('order lifecycle: select-and-bind → get → update B → update expiry → unbind → get shows Status 0', async () => {
		const res = await runWorkflow('axn-lifecycle');
		const bound = json(res.items('Bind'));
		expect(bound.map((b) => b.PhoneNoXCityCode)).toEqual(['010', '010']);
		const subIds = bound.map((b) => b.SubId);
		expect(json(res.items('Get')).map((s) => [s.SubId, s.Status, s.UserData])).toEqual([
			[subIds[0], 1, 'L-1'],
			[subIds[1], 1, 'L-2'],
		]);
		expect(json(res.items('Update B'))).toEqual(subIds.map((subId) => ({ success: true, subId, numberPoolNo: AXN, updateType: 'updatePhoneNoB' })));
		expect(json(res.items('Unbind'))).toEqual(subIds.map((subId) => ({ success: true, subId, numberPoolNo: AXN })));
		expect(json(res.items('Check')).map((s) => [s.SubId, s.Status, s.PhoneNoB])).toEqual([
			[subIds[0], 0, '15900000119'],
			[subIds[1], 0, '15900000118'],
		]);
		for (const node of ['Bind', 'Get', 'Update B', 'Extend', 'Unbind', 'Check']) expect(paired(res.items(node))).toEqual([{ item: 0 }, { item: 1 }]);
		expect(actionsOf(res.requests)).toEqual([
			...Array(2).fill('SelectNumberAndBindAXN'),
			...Array(2).fill('QuerySubscription'),
			...Array(4).fill('UpdateAXN'),
			...Array(2).fill('UnbindAXN'),
			...Array(2).fill('QuerySubscription'),
		]);
		const extend = ofAction(res.requests, 'UpdateAXN').filter((r) => r.params.UpdateType === 'updateExpireTime');
		expect(Object.keys(extend[0].params).sort()).toEqual(['ExpireTime', 'NumberPoolNo', 'SubId', 'UpdateType']);
		expect(Number(extend[0].params.ExpireTime)).toBeGreaterThan(Date.now() / 1000 + 4.9 * 3600);
	});

	test('get many: one item per binding, each paired with the input item that asked for it', async () => {
		await runWorkflow('axn-bind');
		const res = await runWorkflow('subscription-get-many', { reset: false });
		const items = res.items('Get Many');
		// Input 0 lists the whole pool (3 bindings), input 1 one customer's binding.
		expect(items.map((i) => [i.pairedItem, i.json.Status])).toEqual([
			[{ item: 0 }, 1],
			[{ item: 0 }, 1],
			[{ item: 0 }, 1],
			[{ item: 1 }, 1],
		]);
		expect(items[3].json.PhoneNoA).toBe('15900000001');
		const lists = ofAction(res.requests, 'QuerySubscriptionForList');
		expect(lists.map((r) => [r.params.Offset, r.params.Limit, r.params.Status, r.params.PhoneNoA])).toEqual([
			['0', '100', '1', undefined],
			['0', '100', '1', '15900000001'],
		]);
	});

	test('number pools: list pools (POST), list numbers and select free numbers (GET, signed query)', async () => {
		const res = await runWorkflow('number-pools');
		expect(json(res.items('Pools')).map((p) => p.NumberPoolNo)).toContain(AXN);
		expect(json(res.items('Numbers')).map((n) => n.Number)).toEqual(['13700000002', '13700000003', '13700000004']);
		expect(json(res.items('Free Numbers'))).toEqual([{ Number: '13700000002' }, { Number: '13700000003' }]);
		expect(actionsOf(res.requests)).toEqual(['NumberPoolList', 'NumberList', 'SelectNumber']);
		expect(res.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
	});

	test('AXB: bind AX, upgrade to AXB, update, unbind; select-and-bind in another city', async () => {
		const res = await runWorkflow('axb-flow');
		const [ax] = json(res.items('Bind AX'));
		expect(ax.PhoneNoB).toBe('');
		expect(json(res.items('Upgrade'))[0]).toMatchObject({ SubId: ax.SubId, PhoneNoB: '15900000121' });
		expect(json(res.items('Unbind'))).toEqual([{ success: true, subId: ax.SubId, numberPoolNo: 'NP160084061100694434' }]);
		expect(json(res.items('Select And Bind'))[0].PhoneNoXCityCode).toBe('021');
		expect(actionsOf(res.requests).sort()).toEqual(['BindAXB', 'SelectNumberAndBindAXB', 'UnbindAXB', 'UpdateAXB', 'UpgradeAXToAXB']);
	});

	test('AXNE: bind with an extension, bind AXB for it, update, unbind', async () => {
		const res = await runWorkflow('axne-flow');
		expect(json(res.items('Bind'))[0].PhoneNoE).toMatch(/^\d+$/);
		expect(ofAction(res.requests, 'BindAXBForAXNE')[0].params.EnableDuration).toBe('600');
		expect(json(res.items('Unbind'))[0].success).toBe(true);
		expect(actionsOf(res.requests)).toEqual(['BindAXNE', 'BindAXBForAXNE', 'UpdateAXNE', 'UnbindAXNE']);
	});

	test('AXYB: bind with the YB side, bind another YB, update, unbind', async () => {
		const res = await runWorkflow('axyb-flow');
		expect(json(res.items('Bind'))[0]).toMatchObject({ YbStatus: 1, PhoneNoY: expect.stringMatching(/^134/) });
		expect(json(res.items('Bind YB'))[0].Status).toBe(1);
		expect(actionsOf(res.requests)).toEqual(['BindAXYB', 'BindYBForAXYB', 'UpdateAXYB', 'UnbindAXYB']);
	});

	test('AXG: JSON bodies, signed as sent: group, bind, add member, update, unbind, delete group', async () => {
		const res = await runWorkflow('axg-flow');
		const [group] = json(res.items('Create Group'));
		expect(json(res.items('Bind'))[0].GroupId).toBe(group.GroupId);
		expect(json(res.items('Delete Group'))).toEqual([{ success: true, groupId: group.GroupId, numberPoolNo: 'NP160084061100694438' }]);
		expect(actionsOf(res.requests)).toEqual(['CreateAXGGroup', 'BindAXG', 'UpdateAXGGroup', 'UpdateAXG', 'UnbindAXG', 'DeleteAXGGroup']);
		const created = ofAction(res.requests, 'CreateAXGGroup')[0];
		expect(created.headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(created.rawBody)).toEqual({ NumberPoolNo: 'NP160084061100694438', Numbers: ['15900000151', '15900000152'], GroupName: '团队 G' });
	});
});
