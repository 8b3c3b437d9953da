import { runNode, runWorkflow } from '../../helpers/n8n';
import { AXN_POOL, useEmulator } from '../../helpers/emulator';

const env = useEmulator();
const hours = (n: number) => `={{ Math.floor(Date.now() / 1000) + ${n} * 3600 }}`;

describe('the order lifecycle in one workflow (real n8n-core, emulator on loopback)', () => {
	it('select-and-bind → get → update B → update expiry → unbind → get shows Status 0', async () => {
		const { emulator, credentials } = env();
		const byBind = "={{ $('Bind').item.json.SubId }}";
		const { output, error } = await runWorkflow({
			credentials,
			items: [
				{ order: 'A-1', customer: '13800138000', courier: '13900139000', newCourier: '13900139009' },
				{ order: 'A-2', customer: '13800138001', courier: '13900139001', newCourier: '13900139008' },
			],
			steps: [
				{
					name: 'Bind',
					parameters: {
						resource: 'axn',
						operation: 'selectNumberAndBind',
						numberPoolNo: AXN_POOL,
						phoneNoA: '={{ $json.customer }}',
						phoneNoB: '={{ $json.courier }}',
						expireTime: hours(2),
						audioRecordFlag: true,
						additionalFields: { cityCode: '010', userData: '={{ $json.order }}' },
					},
				},
				{ name: 'Get', parameters: { resource: 'subscription', operation: 'get', numberPoolNo: AXN_POOL, subId: '={{ $json.SubId }}' } },
				{
					name: 'Reassign Courier',
					parameters: {
						resource: 'axn',
						operation: 'update',
						numberPoolNo: AXN_POOL,
						subId: byBind,
						updateType: 'updatePhoneNoB',
						phoneNoB: "={{ $('Input').item.json.newCourier }}",
					},
				},
				{
					name: 'Extend',
					parameters: {
						resource: 'axn',
						operation: 'update',
						numberPoolNo: AXN_POOL,
						subId: '={{ $json.subId }}',
						updateType: 'updateExpireTime',
						expireTime: hours(5),
					},
				},
				{ name: 'Unbind', parameters: { resource: 'axn', operation: 'unbind', numberPoolNo: AXN_POOL, subId: byBind } },
				{ name: 'Check', parameters: { resource: 'subscription', operation: 'get', numberPoolNo: AXN_POOL, subId: '={{ $json.subId }}' } },
			],
		});
		expect(error).toBeUndefined();
		const bound = output('Bind')!;
		expect(bound.map((i) => i.json.PhoneNoXCityCode)).toEqual(['010', '010']);
		expect(bound[0].json.PhoneNoX).not.toBe(bound[1].json.PhoneNoX);
		const subIds = bound.map((i) => i.json.SubId);

		expect(output('Get')!.map((i) => [i.json.SubId, i.json.Status, i.json.UserData, i.json.PhoneNoB])).toEqual([
			[subIds[0], 1, 'A-1', '13900139000'],
			[subIds[1], 1, 'A-2', '13900139001'],
		]);
		expect(output('Reassign Courier')!.map((i) => i.json)).toEqual([
			{ success: true, subId: subIds[0], numberPoolNo: AXN_POOL, updateType: 'updatePhoneNoB' },
			{ success: true, subId: subIds[1], numberPoolNo: AXN_POOL, updateType: 'updatePhoneNoB' },
		]);
		expect(output('Unbind')!.map((i) => i.json)).toEqual([
			{ success: true, subId: subIds[0], numberPoolNo: AXN_POOL },
			{ success: true, subId: subIds[1], numberPoolNo: AXN_POOL },
		]);
		const checked = output('Check')!;
		expect(checked.map((i) => [i.json.SubId, i.json.Status, i.json.PhoneNoB])).toEqual([
			[subIds[0], 0, '13900139009'],
			[subIds[1], 0, '13900139008'],
		]);
		// Every step keeps the item link to the order it came from.
		for (const step of ['Bind', 'Get', 'Reassign Courier', 'Extend', 'Unbind', 'Check']) {
			expect(output(step)!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		}
		const extend = emulator.requests.filter((r) => r.action === 'UpdateAXN' && r.params.UpdateType === 'updateExpireTime');
		expect(extend).toHaveLength(2);
		expect(Number(extend[0].params.ExpireTime)).toBeGreaterThan(Math.floor(Date.now() / 1000) + 4.9 * 3600);
		// Only the field the update type changes is sent.
		const reassign = emulator.requests.find((r) => r.action === 'UpdateAXN')!;
		expect(Object.keys(reassign.params).sort()).toEqual(['NumberPoolNo', 'PhoneNoB', 'SubId', 'UpdateType']);
		expect(emulator.requests.every((r) => r.signature.ok)).toBe(true);
	});

	it('a repeated unbind reports SubscriptionEmpty with its hint', async () => {
		const { credentials } = env();
		const bound = await runNode({
			credentials,
			parameters: { resource: 'axn', operation: 'selectNumberAndBind', numberPoolNo: AXN_POOL, phoneNoA: '13800138000', phoneNoB: '13900139000', expireTime: hours(1), audioRecordFlag: false },
		});
		const subId = bound.items![0].json.SubId;
		const unbind = { resource: 'axn', operation: 'unbind', numberPoolNo: AXN_POOL, subId };
		expect((await runNode({ credentials, parameters: unbind })).items![0].json).toEqual({ success: true, subId, numberPoolNo: AXN_POOL });
		const again = await runNode({ credentials, parameters: unbind });
		expect(again.error!.message).toMatch(/^SubscriptionEmpty: /);
		expect(String(again.error!.description)).toContain('already unbound');
	});
});
