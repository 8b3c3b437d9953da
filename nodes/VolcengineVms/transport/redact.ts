import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const REDACTED = '[redacted]';

/** Shorter values are not redacted: replacing every "abc" in an answer would garble it and hide little. */
const MIN_SECRET_LENGTH = 8;

/**
 * The signing header as the credential writes it (`HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`),
 * and a signature quoted on its own (`Signature=…`, also URL-encoded).
 */
const AUTHORIZATION = /HMAC-SHA256\s+Credential=[^\s,"'&]*,?\s*SignedHeaders=[^\s,"'&]*,?\s*Signature(?:=|%3D)[0-9a-f]+/gi;
// Not `X-Tos-Signature=` or `X-Amz-Signature=`: presigned recording URLs in results must keep working.
const SIGNATURE = /((?<![\w-])Signature(?:\\?["']?\s*[:=]\s*\\?["']?|%3D|%22%3A%22))[0-9a-f]{16,}/gi;
/** A bare HMAC-SHA256 in hex: in an error nothing needs one, and it may be the request's signature. */
const HEX_64 = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/gi;

export interface Redactor {
	/** The text with every secret (and its URL-encoded and JSON-escaped forms) and any signature replaced. */
	text(value: string): string;
	/** A redacted copy of a JSON-like value (keys included); the value itself when nothing needed it. */
	value<T>(value: T): T;
	/** Redacts an error in place, down its `cause` chain: message, stack, description, messages, response, context. */
	error<T>(error: T): T;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a server may quote a secret in: as is, URL-encoded (both ways) and JSON-escaped. */
function variants(secret: string): string[] {
	const forms = new Set([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')]);
	forms.add(JSON.stringify(secret).slice(1, -1));
	forms.add(JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1));
	// Longest first, so a form containing another is replaced whole.
	return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * What must never leave the node: the session token and the secret access key of the credential, and
 * the request's signature (which the node never sees: it is recognised by its shape). Only the values are
 * read, to hide them; signing stays the credential's.
 */
export function secretsOf(credentials: ICredentialDataDecryptedObject | undefined): string[] {
	const values = [credentials?.sessionToken, credentials?.secretAccessKey];
	return values
		.map((value) => (typeof value === 'string' ? value.trim() : ''))
		.filter((value) => value.length >= MIN_SECRET_LENGTH);
}

export function redactor(secrets: string[], { bareSignatures = false }: { bareSignatures?: boolean } = {}): Redactor {
	const forms = [...new Set(secrets.flatMap(variants))].filter((form) => form.length >= MIN_SECRET_LENGTH);
	// Case-insensitive: a proxy may write percent-encodings in lower case (%2b).
	const known = forms.length ? new RegExp(forms.map(escapeRegExp).join('|'), 'gi') : undefined;
	const text = (value: string): string => {
		let result = known ? value.replace(known, REDACTED) : value;
		result = result.replace(AUTHORIZATION, REDACTED).replace(SIGNATURE, `$1${REDACTED}`);
		return bareSignatures ? result.replace(HEX_64, REDACTED) : result;
	};
	const value = <T>(input: T, seen = new Map<object, unknown>()): T => {
		if (typeof input === 'string') return text(input) as T;
		if (typeof input !== 'object' || input === null || Buffer.isBuffer(input)) return input;
		if (seen.has(input)) return seen.get(input) as T;
		if (Array.isArray(input)) {
			const copy: unknown[] = [];
			seen.set(input, copy);
			for (const entry of input) copy.push(value(entry, seen));
			return copy as T;
		}
		if (input instanceof Error) return error(input, seen) as T;
		const prototype = Object.getPrototypeOf(input) as unknown;
		if (prototype !== Object.prototype && prototype !== null) return input;
		const copy: Record<string, unknown> = Object.create(prototype) as Record<string, unknown>;
		seen.set(input, copy);
		for (const [key, entry] of Object.entries(input)) {
			Object.defineProperty(copy, text(key), { value: value(entry, seen), enumerable: true, writable: true, configurable: true });
		}
		return copy as T;
	};
	const error = <T>(input: T, seen = new Map<object, unknown>()): T => {
		if (!(input instanceof Error)) return value(input, seen);
		if (seen.has(input)) return input;
		seen.set(input, input);
		const target = input as unknown as Record<string, unknown>;
		// Own properties, enumerable or not (`cause`, `stack`, `message`), plus NodeError's fields.
		for (const key of new Set([...Object.getOwnPropertyNames(input), 'message', 'stack', 'cause'])) {
			const descriptor = Object.getOwnPropertyDescriptor(input, key);
			if (!descriptor || !('value' in descriptor) || !descriptor.writable) continue;
			const before = descriptor.value as unknown;
			if (key === 'node' || before === undefined || before === null) continue;
			const after = before instanceof Error ? error(before, seen) : value(before, seen);
			if (after !== before) target[key] = after;
		}
		return input;
	};
	// Unchanged values are handed back as they are (no copy of every answer).
	const redactValue = <T>(input: T): T => {
		if (typeof input !== 'object' || input === null) return value(input);
		let json: string | undefined;
		try {
			json = JSON.stringify(input);
		} catch {
			json = undefined; // circular: walk it
		}
		return json !== undefined && text(json) === json ? input : value(input);
	};
	return { text, value: redactValue, error: (input) => error(input) };
}
