import { runNode } from '../../helpers/n8n';
import { AXN_X, useEmulator, VALID_BIND } from '../../helpers/emulator';

const env = useEmulator();

const PHONE_HELP = /11-digit mainland mobile number.*landline with its area code/;
const TIME_HELP = /ISO 8601 date-time.*Unix timestamp in seconds or milliseconds/;

// [case, parameter overrides, field in the message, expected message, expected description]
const CASES: Array<[string, Record<string, unknown>, string, RegExp, RegExp]> = [
	['pool number from an empty expression', { numberPoolNo: '={{ $json.pool }}' }, 'numberPoolNo', /is required/, /Set Number Pool No/],
	['pool number with a space', { numberPoolNo: 'NP 1600' }, 'numberPoolNo', /"NP 1600" is not valid/, /NP160084061100694433/],
	['pool number of 65 characters', { numberPoolNo: 'N'.repeat(65) }, 'numberPoolNo', /is not valid/, /letters, digits/],
	['X too short', { phoneNoX: '12345' }, 'phoneNoX', /"12345" is not a valid phone number/, PHONE_HELP],
	['X with letters', { phoneNoX: '1370000000a' }, 'phoneNoX', /is not a valid phone number/, PHONE_HELP],
	['X with a +86 prefix but 10 digits', { phoneNoX: '+86 137 0000 000' }, 'phoneNoX', /is not a valid phone number/, PHONE_HELP],
	['A from an empty expression', { phoneNoA: '={{ $json.customer }}' }, 'phoneNoA', /is required/, /Set Phone No A/],
	['A with 10 digits', { phoneNoA: '1380013800' }, 'phoneNoA', /"1380013800" is not a valid phone number/, PHONE_HELP],
	['A with 12 digits', { phoneNoA: '138001380000' }, 'phoneNoA', /is not a valid phone number/, PHONE_HELP],
	['A starting with 2', { phoneNoA: '23800138000' }, 'phoneNoA', /is not a valid phone number/, PHONE_HELP],
	['A as a US number', { phoneNoA: '+1 415 555 0100' }, 'phoneNoA', /"\+1 415 555 0100" is not a valid/, PHONE_HELP],
	['A as a short landline', { phoneNoA: '010123' }, 'phoneNoA', /is not a valid phone number/, PHONE_HELP],
	['A as an object', { phoneNoA: '={{ { number: 1 } }}' }, 'phoneNoA', /must be a phone number, not an object/, PHONE_HELP],
	['B as text', { phoneNoB: 'not-a-phone' }, 'phoneNoB', /"not-a-phone" is not a valid phone number/, PHONE_HELP],
	['B as a +86 landline with 6 digits', { phoneNoB: '+86 10 123 456' }, 'phoneNoB', /is not a valid phone number/, PHONE_HELP],
	['expire time from an empty expression', { expireTime: '={{ $json.until }}' }, 'expireTime', /is required/, /Set Expire Time/],
	['expire time in the past', { expireTime: '={{ Math.floor(Date.now() / 1000) - 10 }}' }, 'expireTime', /is not more than 60 seconds in the future/, /more than 60 seconds after now/],
	['expire time 30 s ahead', { expireTime: '={{ Math.floor(Date.now() / 1000) + 30 }}' }, 'expireTime', /not more than 60 seconds/, /later time/],
	['expire time exactly 60 s ahead', { expireTime: '={{ Math.floor(Date.now() / 1000) + 60 }}' }, 'expireTime', /not more than 60 seconds/, /later time/],
	['expire time at 2038-01-01 Beijing', { expireTime: '2038-01-01T00:00:00+08:00' }, 'expireTime', /2037-12-31T16:00:00Z is too late/, /2145888000/],
	['expire time in 2099', { expireTime: '2099-01-01' }, 'expireTime', /is too late/, /before 2038-01-01/],
	['expire time as words', { expireTime: 'tomorrow' }, 'expireTime', /"tomorrow" is not a date and time/, TIME_HELP],
	['expire time with month 13', { expireTime: '2030-13-01T00:00:00' }, 'expireTime', /is not a date and time/, TIME_HELP],
	['expire time on 30 February', { expireTime: '2030-02-30T10:00:00' }, 'expireTime', /is not a date and time/, TIME_HELP],
	['expire time negative', { expireTime: '={{ -5 }}' }, 'expireTime', /-5 is not a date and time/, TIME_HELP],
	['expire time zero', { expireTime: '={{ 0 }}' }, 'expireTime', /0 is not a date and time/, TIME_HELP],
	['expire time as a boolean', { expireTime: '={{ true }}' }, 'expireTime', /true is not a date and time/, TIME_HELP],
	['record flag as "yes"', { audioRecordFlag: '={{ "yes" }}' }, 'audioRecordFlag', /"yes" is not true or false/, /true or false/],
	['user data of 2049 characters', { additionalFields: { userData: 'x'.repeat(2049) } }, 'userData', /is 2049 characters long; at most 2048/, /Shorten User Data/],
	['user data of 2049 emoji', { additionalFields: { userData: '😀'.repeat(2049) } }, 'userData', /is 2049 characters long/, /2048 characters or fewer/],
	['user data as an object', { additionalFields: { userData: '={{ { order: 1 } }}' } }, 'userData', /must be text, not an object/, /Map a text value/],
];

describe('AXN → Bind rejects bad input before sending anything', () => {
	it(`has a catalogue of at least 25 cases (${CASES.length})`, () => {
		expect(CASES.length).toBeGreaterThanOrEqual(25);
	});

	it.each(CASES)('%s', async (_label, overrides, field, message, description) => {
		const { emulator, credentials } = env();
		const { error } = await runNode({
			parameters: { ...VALID_BIND, ...overrides },
			items: [{}],
			credentials,
		});
		expect(error).toBeDefined();
		expect(error!.name).toBe('NodeOperationError');
		expect(error!.message).toContain(`(${field})`);
		expect(error!.message).toMatch(message);
		expect(String(error!.description)).toMatch(description);
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(0);
		expect(emulator.requests).toHaveLength(0);
	});

	it('names the failing item and sends nothing, not even the earlier good items', async () => {
		const { emulator, credentials } = env();
		const { error } = await runNode({
			parameters: { ...VALID_BIND, phoneNoX: '={{ $json.x }}' },
			items: [{ x: AXN_X[0] }, { x: '999' }],
			credentials,
		});
		expect(error!.message).toBe('Phone No X (phoneNoX): "999" is not a valid phone number');
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
		expect(emulator.requests).toHaveLength(0);
	});
});
