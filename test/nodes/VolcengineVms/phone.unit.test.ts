/** Phone numbers as an attacker or a careless paste would give them: each accepted form, each near miss. */
import { isValidPhone, normalizePhone, PHONE_FORMS } from '../../../nodes/VolcengineVms/helpers/phone';

const accepted = (raw: string) => (isValidPhone(normalizePhone(raw)) ? normalizePhone(raw) : undefined);

describe('country prefixes are removed, and only a whole prefix at the start', () => {
	it.each([
		['+8613800138000', '13800138000'],
		['008613800138000', '13800138000'],
		['8613800138000', '13800138000'],
		['+86 138 0013 8000', '13800138000'],
		['0086-138-0013-8000', '13800138000'],
		['+86 10 6552 9988', '01065529988'],
		['+86 010 6552 9988', '01065529988'],
		['0086 10 6552 9988', '01065529988'],
		['0086 (0)10 6552 9988', '01065529988'],
		['+86 21 1234 5678', '02112345678'],
		['+86 531 123 4567', '05311234567'],
		['+86 755 8888 6666', '075588886666'],
	])('%j is %s', (raw, expected) => {
		expect(normalizePhone(raw)).toBe(expected);
		expect(isValidPhone(expected)).toBe(true);
	});

	it.each([
		// Something in front of a prefix: the prefix is not at the start.
		'1+8613800138000',
		'0 86 13800138000',
		'9+86 10 6552 9988',
		'886 13800138000',
		// A digit too many after a prefixed number.
		'+86 138 0013 8000 1',
		'+86 10 6552 9988 99',
		'+86 755 8888 6666 1',
		// A landline prefix form for a mobile, a mobile with a landline's 0.
		'+86 0 138 0013 8000',
		'86 10 6552 9988',
		// Prefixes that are not China's.
		'+85 138 0013 8000',
		'0085 10 6552 9988',
		'+8 13800138000',
	])('%j is refused', (raw) => {
		expect(accepted(raw)).toBeUndefined();
	});

	it('a prefixed landline with too few digits is refused', () => {
		expect(accepted('+86 10 6552 998')).toBeUndefined();
		expect(accepted('+86 531 123 456')).toBeUndefined();
	});
});

describe('separators are removed inside the number only', () => {
	it.each([
		['138 0013 8000', '13800138000'],
		['138\t0013\n8000', '13800138000'],
		['138-0013-8000', '13800138000'],
		['138.0013.8000', '13800138000'],
		['(010) 6552 9988', '01065529988'],
		['（010）65529988', '01065529988'],
		['\u00a0 13800138000 \u3000', '13800138000'],
	])('%j is %s', (raw, expected) => {
		expect(normalizePhone(raw)).toBe(expected);
		expect(isValidPhone(normalizePhone(raw))).toBe(true);
	});

	it.each(['-13800138000', '13800138000-', '.13800138000', '13800138000.', ' -13800138000 ', ' 13800138000. ', '\u200b-13800138000'])(
		'a separator at the start or end (%j) is kept, so the number fails',
		(raw) => {
			expect(normalizePhone(raw)).toBe(raw.replace(/\p{Cf}/gu, '').trim());
			expect(isValidPhone(normalizePhone(raw))).toBe(false);
		},
	);

	it.each(['138_0013_8000', '138/0013/8000', '138,0013,8000', '138+0013+8000', '１３８００１３８０００'])('%j is not a separator form: refused', (raw) => {
		expect(accepted(raw)).toBeUndefined();
	});

	it('leaves a valid number alone', () => {
		expect(normalizePhone('13800138000')).toBe('13800138000');
		expect(normalizePhone('01065529988')).toBe('01065529988');
	});
});

describe('the number itself', () => {
	it.each(['13800138000', '13912345678', '19912345678', '15000000000'])('mobile %s is valid', (phone) => {
		expect(isValidPhone(phone)).toBe(true);
	});

	it.each([
		['a second digit of 2', '12800138000'],
		['a second digit of 0', '10800138000'],
		['10 digits', '1380013800'],
		['12 digits', '138001380000'],
		['something in front', 'x13800138000'],
		['something after', '13800138000x'],
		['a line break after', '13800138000\n'],
		['letters', '1380013800a'],
		['nothing', ''],
	])('a mobile with %s is invalid', (_label, phone) => {
		expect(isValidPhone(phone)).toBe(false);
	});

	it.each(['01065529988', '02112345678', '02912345678', '05311234567', '053112345678', '03111234567', '09991234567'])(
		'landline %s is valid',
		(phone) => {
			expect(isValidPhone(phone)).toBe(true);
		},
	);

	it.each([
		['010 with 7 digits', '0106552998'],
		['010 with 9 digits', '010655299880'],
		['02X with 7 digits', '0211234567'],
		['02X with 9 digits', '021123456789'],
		['0XXX with 6 digits', '0531123456'],
		['0XXX with 9 digits', '0531123456789'],
		['area code 01X other than 010', '01112345678'],
		['area code 00', '00112345678'],
		['no leading 0', '1065529988'],
		['something in front', '901065529988'],
		['something after', '01065529988x'],
		['a letter inside', '0106552998a'],
	])('a landline with %s is invalid', (_label, phone) => {
		expect(isValidPhone(phone)).toBe(false);
	});
});

describe('invisible characters', () => {
	it.each(['200B', '200C', '200D', '2060', 'FEFF', '200E', '200F', '202A'])('U+%s anywhere is removed', (code) => {
		const char = String.fromCharCode(parseInt(code, 16));
		expect(normalizePhone(`${char}138${char}0013 8000${char}`)).toBe('13800138000');
	});

	it('visible characters are not removed as invisible', () => {
		expect(normalizePhone('138a0013b8000')).toBe('138a0013b8000');
	});
});

it('the accepted forms are described for error messages', () => {
	expect(PHONE_FORMS).toMatch(/^an 11-digit mainland mobile number such as 13800138000.*landline with its area code/);
});
