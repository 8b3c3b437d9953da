import { DateTime } from 'luxon';

import { runNode } from '../../helpers/n8n';
import { AXN_POOL, AXN_X, useEmulator } from '../../helpers/emulator';

const env = useEmulator();
const inTwoHours = () => Math.floor(Date.now() / 1000) + 7200;

function bindParameters(overrides: Record<string, unknown> = {}) {
	return {
		resource: 'axn',
		operation: 'bind',
		numberPoolNo: AXN_POOL,
		phoneNoX: '={{ $json.x }}',
		phoneNoA: '={{ $json.a }}',
		phoneNoB: '={{ $json.b }}',
		expireTime: String(inTwoHours()),
		audioRecordFlag: true,
		...overrides,
	};
}

describe('AXN → Bind (BindAXN) in real n8n-core', () => {
	it('binds each item and emits the API Result, paired with its input item', async () => {
		const { emulator, credentials } = env();
		const items = [
			{ x: AXN_X[0], a: '13800138000', b: '13900139000' },
			{ x: AXN_X[1], a: '13800138001', b: '13900139001' },
			{ x: AXN_X[2], a: '13800138002', b: '13900139002' },
		];
		const { items: out, error } = await runNode({ parameters: bindParameters(), items, credentials });
		expect(error).toBeUndefined();
		expect(out).toHaveLength(3);
		out!.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(Object.keys(item.json).sort()).toEqual(
				['PhoneNoA', 'PhoneNoACityCode', 'PhoneNoB', 'PhoneNoBCityCode', 'PhoneNoX', 'PhoneNoXCityCode', 'Status', 'SubId'].sort(),
			);
			expect(item.json).toMatchObject({ PhoneNoX: items[i].x, PhoneNoA: items[i].a, PhoneNoB: items[i].b, Status: 1 });
			expect(item.json.SubId).toMatch(/^S\d+$/);
		});
		expect(emulator.requests.map((r) => [r.action, r.signature.ok, r.params.PhoneNoA])).toEqual([
			['BindAXN', true, '13800138000'],
			['BindAXN', true, '13800138001'],
			['BindAXN', true, '13800138002'],
		]);
	});

	it('sends exactly the set fields, in API names, with AudioRecordFlag 0 when recording is off', async () => {
		const { emulator, credentials } = env();
		const expire = inTwoHours();
		await runNode({
			parameters: bindParameters({ phoneNoB: '', expireTime: String(expire), audioRecordFlag: false }),
			items: [{ x: AXN_X[0], a: '13800138000' }],
			credentials,
		});
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0].rawBody).toBe(
			`NumberPoolNo=${AXN_POOL}&PhoneNoX=${AXN_X[0]}&PhoneNoA=13800138000&ExpireTime=${expire}&AudioRecordFlag=0`,
		);
	});

	it('sends User Data with unicode byte-exact', async () => {
		const { emulator, credentials } = env();
		const userData = '订单 #42 — café ☕ 😀 a+b=c&d';
		const { items } = await runNode({
			parameters: bindParameters({ additionalFields: { userData } }),
			items: [{ x: AXN_X[0], a: '13800138000', b: '13900139000' }],
			credentials,
		});
		expect(items).toHaveLength(1);
		expect(emulator.requests[0].params.UserData).toBe(userData);
		expect(emulator.requests[0].rawBody).toContain(`UserData=${new URLSearchParams({ u: userData }).toString().slice(2)}`);
	});

	it('normalizes phone numbers before sending them', async () => {
		const { emulator, credentials } = env();
		await runNode({
			parameters: bindParameters({ phoneNoA: '={{ $json.a }}', phoneNoB: '={{ $json.b }}', phoneNoX: '0086 137 0000 0002' }),
			items: [
				{ a: '+86 138-0013-8000', b: '(010) 6552.9988' },
				{ a: '8613800138001', b: '+86 10 6552 9988' },
			],
			credentials,
		});
		expect(emulator.requests.map((r) => [r.params.PhoneNoA, r.params.PhoneNoB, r.params.PhoneNoX])).toEqual([
			['13800138000', '01065529988', AXN_X[0]],
			['13800138001', '01065529988', AXN_X[0]],
		]);
	});

	describe('accepts every form of Expire Time', () => {
		const target = Math.floor(Date.now() / 1000) + 3 * 3600;
		const iso = (offsetHours: number) => {
			const local = new Date((target + offsetHours * 3600) * 1000).toISOString().slice(0, 19);
			return local;
		};
		it.each([
			['Unix seconds (number)', target, target],
			['Unix seconds (string)', String(target), target],
			['Unix milliseconds', target * 1000 + 999, target],
			['ISO 8601 with Z', `${iso(0)}Z`, target],
			['ISO 8601 with +08:00', `${iso(8)}+08:00`, target],
			['ISO 8601 without offset, in the workflow timezone (Asia/Shanghai)', iso(8), target],
			['a date-picker value with milliseconds', `${iso(8)}.000`, target],
			['a Luxon DateTime from an expression', '={{ $now.plus(3, "hours") }}', 'now+3h'],
			['a JS Date from an expression', '={{ new Date(Date.now() + 3 * 3600 * 1000) }}', 'now+3h'],
			['Unix seconds from an expression', '={{ Math.floor(Date.now() / 1000) + 3 * 3600 }}', 'now+3h'],
		])('%s', async (_label, expireTime, expected) => {
			const { emulator, credentials } = env();
			const before = Math.floor(Date.now() / 1000);
			const { items, error } = await runNode({
				parameters: bindParameters({ expireTime }),
				items: [{ x: AXN_X[0], a: '13800138000', b: '13900139000' }],
				credentials,
			});
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			const sent = Number(emulator.requests[0].params.ExpireTime);
			if (expected === 'now+3h') {
				expect(sent).toBeGreaterThanOrEqual(before + 3 * 3600 - 1);
				expect(sent).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3 * 3600);
			} else {
				expect(sent).toBe(expected);
			}
		});

		it('reads a value without offset in the workflow timezone, not UTC', async () => {
			const { emulator, credentials } = env();
			const wall = DateTime.now().setZone('America/New_York').plus({ days: 1 }).startOf('hour');
			await runNode({
				parameters: bindParameters({ expireTime: wall.toFormat("yyyy-MM-dd'T'HH:mm:ss") }),
				items: [{ x: AXN_X[0], a: '13800138000', b: '13900139000' }],
				credentials,
				timezone: 'America/New_York',
			});
			expect(Number(emulator.requests[0].params.ExpireTime)).toBe(wall.toSeconds());
		});
	});

	it('turns an HTTP-200 business error into a NodeApiError with code, message, request ID and hint', async () => {
		const { emulator, credentials } = env();
		const params = bindParameters();
		const item = { x: AXN_X[0], a: '13800138000', b: '13900139000' };
		await runNode({ parameters: params, items: [item], credentials });
		const { error } = await runNode({ parameters: params, items: [item], credentials });
		expect(error).toBeDefined();
		expect(error!.name).toBe('NodeApiError');
		expect(error!.message).toMatch(/^ConflictWithExisting: /);
		expect(error!.httpCode).toBe('200');
		expect(String(error!.description)).toContain('already exists');
		expect(String(error!.description)).toMatch(/Request ID: \S+/);
		expect(emulator.requests.map((r) => r.response.code ?? 'ok')).toEqual(['ok', 'ConflictWithExisting']);
	});

	it('with Continue On Fail, a failed item becomes an error item and the others go on', async () => {
		const { emulator, credentials } = env();
		const items = [
			{ x: AXN_X[0], a: '13800138000', b: '13900139000' },
			{ x: AXN_X[1], a: '12345', b: '13900139001' },
			{ x: '13999999999', a: '13800138002', b: '13900139002' },
			{ x: AXN_X[3], a: '13800138003', b: '13900139003' },
		];
		const { items: out, error } = await runNode({
			parameters: bindParameters(),
			items,
			credentials,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(out!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out![0].json.SubId).toBeDefined();
		expect(out![1].json.error).toBe('Phone No A (phoneNoA): "12345" is not a valid phone number');
		expect(out![2].json).toMatchObject({ error: expect.stringMatching(/^IllegalPhoneNoX: /), code: 'IllegalPhoneNoX', httpCode: '200' });
		expect(out![3].json.SubId).toBeDefined();
		// The bad phone number never left n8n.
		expect(emulator.requests.map((r) => r.params.PhoneNoA)).toEqual(['13800138000', '13800138002', '13800138003']);
	});

	it('without Continue On Fail, a bad item stops the run before anything is sent, and is named', async () => {
		const { emulator, credentials } = env();
		const { error, items } = await runNode({
			parameters: bindParameters(),
			items: [
				{ x: AXN_X[0], a: '13800138000', b: '13900139000' },
				{ x: AXN_X[1], a: '13800138001', b: 'not-a-phone' },
			],
			credentials,
		});
		expect(items).toBeUndefined();
		expect(error!.name).toBe('NodeOperationError');
		expect(error!.message).toBe('Phone No B (phoneNoB): "not-a-phone" is not a valid phone number');
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
		// Every item is checked first: the good item 0 was not bound either.
		expect(emulator.requests).toHaveLength(0);
	});

	it('reports a wrong secret as SignatureDoesNotMatch and never leaks the secret', async () => {
		const { emulator, credentials } = env();
		const secret = 'dummy-wrong-secret-4711';
		const { error, run } = await runNode({
			parameters: bindParameters(),
			items: [{ x: AXN_X[0], a: '13800138000', b: '13900139000' }],
			credentials: { ...credentials, secretAccessKey: secret },
		});
		expect(error!.message).toMatch(/^SignatureDoesNotMatch: /);
		expect(error!.httpCode).toBe('401');
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0].signature.ok).toBe(false);
		expect(JSON.stringify(run)).not.toContain(secret);
		expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
	});

	it('signs with an STS session token and keeps the token out of errors', async () => {
		const { emulator, credentials } = env();
		const sts = { ...credentials, accessKeyId: 'AKLTSTSEMULATOR', secretAccessKey: 'emulator-sts-secret', sessionToken: 'emulator-session-token' };
		const item = { x: AXN_X[0], a: '13800138000', b: '13900139000' };
		const ok = await runNode({ parameters: bindParameters(), items: [item], credentials: sts });
		expect(ok.error).toBeUndefined();
		const failed = await runNode({ parameters: bindParameters(), items: [item], credentials: sts });
		expect(failed.error!.message).toMatch(/^ConflictWithExisting/);
		expect(JSON.stringify(failed.run)).not.toContain('emulator-session-token');
		expect(emulator.requests.every((r) => r.signature.ok)).toBe(true);
	});

	it('retries a throttled request, and never re-sends a bind for any other failure', async () => {
		const { emulator, credentials } = env();
		emulator.injectError({ action: 'BindAXN', code: 'OverQpsLimit' });
		const item = { x: AXN_X[0], a: '13800138000', b: '13900139000' };
		const throttled = await runNode({ parameters: bindParameters(), items: [item], credentials });
		expect(throttled.error).toBeUndefined();
		expect(emulator.requests.map((r) => r.response.code ?? 'ok')).toEqual(['OverQpsLimit', 'ok']);

		emulator.reset();
		emulator.injectError({ action: 'BindAXN', code: 'SystemError' });
		const failed = await runNode({ parameters: bindParameters(), items: [item], credentials });
		expect(failed.error!.message).toMatch(/^SystemError: /);
		expect(emulator.requests).toHaveLength(1);

		emulator.reset();
		emulator.injectError({ action: 'BindAXN', code: 'ServiceUnavailableTemp', status: 503 });
		const unavailable = await runNode({ parameters: bindParameters(), items: [item], credentials });
		expect(unavailable.error!.httpCode).toBe('503');
		expect(emulator.requests).toHaveLength(1);
	});
});
