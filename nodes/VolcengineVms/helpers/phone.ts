/** Mainland China phone numbers as VMS accepts them: bare 11-digit mobiles, landlines with a 0-prefixed area code. */

const MOBILE = /^1[3-9]\d{9}$/;
/** Area code 010 or 02X with an 8-digit number, or a 4-digit area code (0[3-9]XX) with 7 or 8 digits. */
const LANDLINE = /^(?:010\d{8}|02\d{9}|0[3-9]\d{9,10})$/;
const SEPARATORS = /[\s\-.()（）]/g;
/** Invisible format characters (zero-width space and joiners, BOM, direction marks) that copying often brings along. */
const INVISIBLE = /\p{Cf}/gu;

export const PHONE_FORMS =
	'an 11-digit mainland mobile number such as 13800138000 (a +86, 0086 or 86 prefix is removed), or a landline with its area code: 010 or 02X and 8 digits, or a 4-digit area code (0XXX) and 7 or 8 digits, such as 01012345678 (+86 10 1234 5678 also works)';

/** A country prefix in front of a mobile. */
const PREFIXED_MOBILE = /^(?:\+86|0086|86)(1\d{10})$/;
/** The international form of a landline (+86, area code without its 0: 10, 2x or 3 digits, then 7-8 digits). */
const PREFIXED_LANDLINE = /^(?:\+86|0086)0?((?:10|2\d|[3-9]\d{2})\d{7,8})$/;

/**
 * Removes invisible characters, separators and a country prefix (+86 10 6552 9988 → 01065529988).
 * A separator at the start or end (`-13800138000`) is not a separator: the value is kept, and fails.
 */
export function normalizePhone(raw: string): string {
	const visible = raw.replace(INVISIBLE, '').trim();
	if (/^[-.]|[-.]$/.test(visible)) return visible;
	const compact = visible.replace(SEPARATORS, '');
	const mobile = PREFIXED_MOBILE.exec(compact);
	if (mobile) return mobile[1];
	const landline = PREFIXED_LANDLINE.exec(compact);
	return landline ? `0${landline[1]}` : compact;
}

export function isValidPhone(phone: string): boolean {
	return MOBILE.test(phone) || LANDLINE.test(phone);
}
