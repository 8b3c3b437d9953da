/** Mainland China phone numbers as VMS accepts them: bare 11-digit mobiles, landlines with a 0-prefixed area code. */

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0[1-9]\d{8,10}$/;
const SEPARATORS = /[\s\-.()（）]/g;

export const PHONE_FORMS =
	'an 11-digit mainland mobile number such as 13800138000 (a +86, 0086 or 86 prefix is removed), or a landline with its 0-prefixed area code and no hyphen, such as 01012345678';

/** Removes separators and a country prefix in front of a mobile number. Returns the input's digits otherwise. */
export function normalizePhone(raw: string): string {
	const compact = raw.trim().replace(SEPARATORS, '');
	const prefixed = /^(?:\+86|0086|86)(1\d{10})$/.exec(compact);
	return prefixed ? prefixed[1] : compact;
}

export function isValidPhone(phone: string): boolean {
	return MOBILE.test(phone) || LANDLINE.test(phone);
}
