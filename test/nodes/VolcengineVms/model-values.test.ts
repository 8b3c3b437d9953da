/**
 * What language models typically put into tool arguments, field by field (pure encoding, no request):
 * ISO 8601 with and without an offset, Unix seconds as numbers, +86 and spaces in phone numbers, lists as
 * arrays, comma strings or JSON text, booleans and choices as text.
 */
import { degradeCityList, expireTime, phoneList, phoneNoA } from '../../../nodes/VolcengineVms/actions/common';
import { flagField, FieldError, optionsField, type FieldContext, type VmsField } from '../../../nodes/VolcengineVms/actions/fields';
import { isToolCall, fromAiKey, plainValue } from '../../../nodes/VolcengineVms/actions/tool';

const NOW = Date.UTC(2026, 5, 1, 0, 0, 0) / 1000; // 2026-06-01T00:00:00Z
const ctx: FieldContext = { timezone: 'Asia/Shanghai', now: NOW };

function rejection(field: VmsField, value: unknown): FieldError {
	try {
		field.encode(value, ctx);
	} catch (error) {
		return error as FieldError;
	}
	throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe('phone numbers as models write them', () => {
	const field = phoneNoA();
	it.each([
		['13800138000', '13800138000'],
		['+86 138 0013 8000', '13800138000'],
		['+86-138-0013-8000', '13800138000'],
		['+8613800138000', '13800138000'],
		['(+86) 138 0013 8000', '13800138000'],
		['0086 13800138000', '13800138000'],
		['86 138 0013 8000', '13800138000'],
		[' 138 0013 8000 ', '13800138000'],
		[13800138000, '13800138000'],
		['010-6552-9988', '01065529988'],
		['+86 10 6552 9988', '01065529988'],
		['+86 (0)10 6552 9988', '01065529988'],
		['+86 21 5555 0100', '02155550100'],
		['+86 531 8888 1234', '053188881234'],
	])('%p → %s', (input, sent) => {
		expect(field.encode(input, ctx)).toBe(sent);
	});

	it.each(['12345', '+1 415 555 0100', '+86 137 0000 000', '+86 10 123 456', 'call me'])('%p is refused with field and value', (input) => {
		const error = rejection(field, input);
		expect(error.message).toBe(`Phone No A (phoneNoA): "${input}" is not a valid phone number`);
		expect(error).toMatchObject({ field: 'phoneNoA', value: input });
	});
});

describe('times as models write them', () => {
	const field = expireTime();
	const at = Date.UTC(2026, 5, 1, 10, 0, 0) / 1000; // 18:00 in Shanghai
	it.each([
		['ISO 8601 with +08:00', '2026-06-01T18:00:00+08:00'],
		['ISO 8601 with Z', '2026-06-01T10:00:00Z'],
		['ISO 8601 with milliseconds and Z', '2026-06-01T10:00:00.000Z'],
		['ISO 8601 with +0800', '2026-06-01T18:00:00+0800'],
		['ISO 8601 without an offset (workflow timezone)', '2026-06-01T18:00:00'],
		['date and time with a space', '2026-06-01 18:00:00'],
		['date and time without seconds', '2026-06-01T18:00'],
		['Unix seconds as a number', at],
		['Unix seconds as text', String(at)],
		['Unix milliseconds as a number', at * 1000],
	])('%s', (_label, input) => {
		expect(field.encode(input, ctx)).toBe(at);
	});

	it('refuses words, naming the field and the value', () => {
		expect(rejection(field, 'in two hours')).toMatchObject({
			message: 'Expire Time (expireTime): "in two hours" is not a date and time',
			field: 'expireTime',
			value: 'in two hours',
		});
	});
});

describe('lists as models write them', () => {
	const numbers = phoneList('numbers', 'Numbers', { description: '' });
	it.each([
		['an array', ['13800138000', '+86 139 0013 9000']],
		['a comma string', '13800138000,13900139000'],
		['a comma string with spaces', '13800138000, +86 139 0013 9000'],
		['a JSON array in text', '["13800138000", "13900139000"]'],
		['semicolons', '13800138000; 13900139000'],
		['new lines', '13800138000\n13900139000\n'],
		['full-width commas', '13800138000，13900139000'],
		['an enumeration comma', '13800138000、13900139000'],
	])('%s', (_label, input) => {
		expect(numbers.encode(input, ctx)).toEqual(['13800138000', '13900139000']);
	});

	it('area codes and PNPC in any case', () => {
		expect(degradeCityList().encode('010, 0531, pnpc', ctx)).toEqual(['010', '0531', 'PNPC']);
		expect(degradeCityList().encode(['020', 'PNPC'], ctx)).toEqual(['020', 'PNPC']);
	});

	it('a bad entry names the field and the whole value', () => {
		expect(rejection(numbers, '13800138000, 12345')).toMatchObject({
			message: 'Numbers (numbers): "12345" is not valid',
			field: 'numbers',
			value: '13800138000, 12345',
		});
	});
});

describe('switches and choices as models write them', () => {
	const flag = flagField('audioRecordFlag', 'Record Calls');
	it.each([
		[true, 1],
		['True', 1],
		[' TRUE ', 1],
		['1', 1],
		[false, 0],
		['False', 0],
		[0, 0],
	])('flag %p → %p', (input, sent) => {
		expect(flag.encode(input, ctx)).toBe(sent);
	});

	const status = optionsField('status', 'Status', [
		{ name: 'Bound', value: 1 },
		{ name: 'Unbound', value: 0 },
	]);
	it.each([
		[1, 1],
		['1', 1],
		['Bound', 1],
		['bound', 1],
		['UNBOUND', 0],
	])('choice %p → %p', (input, sent) => {
		expect(status.encode(input, ctx)).toBe(sent);
	});
	it('an unknown choice lists what is accepted', () => {
		expect(rejection(status, 'active')).toMatchObject({ message: 'Status (status): "active" is not one of the accepted values', field: 'status' });
	});
});

describe('tool mode helpers', () => {
	const context = (type: string, isToolExecution?: () => boolean) =>
		({ getNode: () => ({ type }), isToolExecution }) as unknown as Parameters<typeof isToolCall>[0];

	it('tells a tool call by the tool type (Agent 3.x) or the execution context (Agent 2.x)', () => {
		expect(isToolCall(context('n8n-nodes-volcengine-vms.volcengineVmsTool', () => false))).toBe(true);
		expect(isToolCall(context('n8n-nodes-volcengine-vms.volcengineVms', () => true))).toBe(true);
		expect(isToolCall(context('n8n-nodes-volcengine-vms.volcengineVms', () => false))).toBe(false);
		// n8n 1.x contexts have no isToolExecution()
		expect(isToolCall(context('n8n-nodes-volcengine-vms.volcengineVms'))).toBe(false);
	});

	it('finds the $fromAI key of a parameter, also in a collection', () => {
		const parameters = {
			phoneNoA: "={{ $fromAI('Phone_No_A', `The customer's number`, 'string') }}",
			phoneNoB: '={{ $fromAI("courier") }}',
			phoneNoX: '13700000002',
			additionalFields: { userData: "={{ $fromAI('Order', '', 'string') }}" },
		};
		expect(fromAiKey(parameters, 'phoneNoA')).toBe('Phone_No_A');
		expect(fromAiKey(parameters, 'phoneNoB')).toBe('courier');
		expect(fromAiKey(parameters, 'userData')).toBe('Order');
		expect(fromAiKey(parameters, 'phoneNoX')).toBeUndefined();
		expect(fromAiKey(parameters, 'expireTime')).toBeUndefined();
	});

	it('finds the $fromAI key in a Resource Locator value (version 2), top level or in a collection', () => {
		const parameters = {
			numberPoolNo: { __rl: true, mode: 'id', value: "={{ $fromAI('Pool', 'The number pool', 'string') }}" },
			callerNumberPoolNo: { __rl: true, mode: 'list', value: 'NP160084061100694439' },
			additionalFields: { numberPoolNoY: { __rl: true, mode: 'id', value: '={{ $fromAI("Y_Pool") }}' } },
		};
		expect(fromAiKey(parameters, 'numberPoolNo')).toBe('Pool');
		expect(fromAiKey(parameters, 'numberPoolNoY')).toBe('Y_Pool');
		expect(fromAiKey(parameters, 'callerNumberPoolNo')).toBeUndefined();
		// Only a locator's value: an object that merely has a `value` is not one.
		expect(fromAiKey({ phoneNoA: { value: "={{ $fromAI('A') }}" } }, 'phoneNoA')).toBeUndefined();
	});

	it('gives values back as JSON data', () => {
		expect(plainValue('12345')).toBe('12345');
		expect(plainValue(5)).toBe(5);
		expect(plainValue(['a', 1])).toEqual(['a', 1]);
		expect(plainValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
		expect(plainValue(undefined)).toBeUndefined();
	});
});
