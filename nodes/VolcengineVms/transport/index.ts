/**
 * The wire to VMS: one action as one signed request (the credential signs it), with a bounded timeout, throttling
 * retried through the limiter, every answer's envelope checked and redacted, and an action's other forms.
 */
import {
	NodeApiError,
	sleep,
	type IDataObject,
	type ICredentialsDecrypted,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { isObject } from '../../shared/records';
import { THROTTLING_CODES, toVmsApiError } from './errors';
import { accountRate, Limiter, NO_PROGRESS_MS } from './limiter';
import { redactor, secretsOf, type Redactor } from './redact';

export { accountRate, Limiter } from './limiter';

export const CREDENTIAL_NAME = 'volcengineVmsApi';

/** Default whole-response timeout (VMS's own SDKs use 5 to 10 s). */
export const DEFAULT_TIMEOUT_MS = 10000;

/** How a request is sent: a form or JSON body (POST), everything in the query (GET), or POST with everything in the query. */
export type Encoding = 'form' | 'json' | 'query' | 'postQuery';

/** Another name, method or version under which a gateway may serve the same action (e.g. QuerySingleInfo for SingleInfo). */
export interface ActionForm {
	action: string;
	version: string;
	encoding: Encoding;
}

export interface VmsRequest {
	action: string;
	version: string;
	encoding: Encoding;
	params: IDataObject;
	/** What is wrong with a successful `Result` (undefined: nothing), checked on every success; default: no check. */
	check?: (result: unknown) => string | undefined;
	/**
	 * Other forms of the action, tried in turn when the gateway answers InvalidActionOrVersion (nothing was
	 * carried out); the form that worked is used first from then on, for the process and endpoint.
	 */
	alternatives?: ActionForm[];
	/** For an action that creates something (not idempotent): what may exist when the outcome is unknown, and how to look. */
	creates?: { what: string; check: string };
}

/** Per execution: shared by all its requests. */
export interface SendOptions {
	/** Milliseconds for the whole response, body included, per attempt. */
	timeout?: number;
	limiter?: Limiter;
	/**
	 * Aborted when the node stops sending (an item failed, or the execution was cancelled): requests not
	 * yet sent are not sent. Requests in flight finish; only the execution's own cancel signal cuts them off.
	 */
	stop?: AbortSignal;
	/**
	 * Read once per execution and handed to n8n, which passes it to the credential. The node reads only the
	 * session token and the secret, to redact them from answers and errors; it never signs.
	 */
	credentials?: ICredentialsDecrypted;
}

export interface VmsResponse {
	result: unknown;
	requestId?: string;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

interface VmsEnvelope {
	ResponseMetadata?: {
		RequestId?: string;
		// Whatever a server sends: VMS sends texts, another server may send numbers or objects.
		Error?: { Code?: unknown; Message?: unknown };
	};
	Result?: unknown;
}

/** Network errors that happen before a request is written: nothing reached VMS. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_INVALID_URL',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * TLS handshake failures (e.g. an https:// Endpoint on a plain-HTTP port: "wrong version number"). The
 * request is written only once the handshake is done, so nothing of it reached the server.
 */
const HANDSHAKE_FAILURE =
	/wrong version number|packet length too long|unknown protocol|unsupported protocol|no protocols available|handshake failure|alert protocol version|alert internal error|inappropriate fallback/i;

function isHandshakeFailure(code: string | undefined, reason: string, socket: unknown): boolean {
	if (code !== 'EPROTO' && !code?.startsWith('ERR_SSL_')) return false;
	if (!HANDSHAKE_FAILURE.test(`${code} ${reason}`.replace(/_/g, ' '))) return false;
	// When the socket is at hand, its handshake must not have finished (a broken record later is not this).
	const established = (socket as { _secureEstablished?: unknown } | undefined)?._secureEstablished;
	return established !== true;
}

/** The answer arrived but its Content-Encoding (gzip, deflate, br) could not be decoded. */
function isDecodingFailure(code: string | undefined): boolean {
	// zlib: Z_DATA_ERROR, Z_BUF_ERROR…; brotli: ERR__ERROR_FORMAT_… (its decoder's error names).
	return code !== undefined && (/^Z_[A-Z_]+_ERROR$/.test(code) || code.startsWith('ERR__ERROR') || code.startsWith('ERR_BROTLI'));
}

/** A value a server sent as a code or message, as text: a text field of an object, or its JSON. */
function textOf(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value !== 'object') return String(value);
	for (const key of ['Message', 'message', 'text', 'Text']) {
		const field = (value as Record<string, unknown>)[key];
		if (typeof field === 'string' && field) return field;
	}
	const json = JSON.stringify(value) ?? String(value);
	return json.length > 200 ? `${json.slice(0, 200)}…` : json;
}

function formBody(params: IDataObject): string {
	const form = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value !== undefined && value !== null) form.append(key, String(value));
	}
	return form.toString();
}

function buildOptions(request: VmsRequest, timeout: number): IHttpRequestOptions {
	const qs: IDataObject = { Action: request.action, Version: request.version };
	const options: IHttpRequestOptions = {
		method: request.encoding === 'query' ? 'GET' : 'POST',
		// Relative: the credential resolves it against its Endpoint and signs the final URL.
		url: '/',
		qs,
		json: true,
		returnFullResponse: true,
		// Status errors are read from the body below, and a thrown 401 would make n8n re-send the request.
		ignoreHttpStatusErrors: true,
		// Closes an idle socket; the whole response is bounded by the deadline in `send`.
		timeout,
		// VMS does not redirect, and a signed request must not follow one elsewhere (this also skips follow-redirects).
		disableFollowRedirect: true,
	};
	if (request.encoding === 'query' || request.encoding === 'postQuery') {
		Object.assign(qs, request.params);
	} else if (request.encoding === 'json') {
		options.body = JSON.stringify(request.params);
		options.headers = { 'content-type': 'application/json; charset=utf-8' };
	} else {
		options.body = formBody(request.params);
		options.headers = { 'content-type': 'application/x-www-form-urlencoded' };
	}
	return options;
}

function parseEnvelope(body: unknown): VmsEnvelope | undefined {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	return isObject(value) ? (value as VmsEnvelope) : undefined;
}

/** A short JSON rendering of a value for error messages. */
function preview(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** Advice when it is unknown whether VMS carried the request out. */
function uncertainAdvice(request: VmsRequest): string {
	return request.creates
		? `${request.creates.check} Do not send it again blindly, and keep Retry On Fail off for this operation: n8n would send it again.`
		: 'This action can be sent again safely.';
}

/**
 * A NodeApiError that keeps its message: n8n swaps a message containing e.g. "ECONNREFUSED" for a
 * generic text. `uncertain` marks an outcome VMS may or may not have carried out.
 */
function apiError(
	node: INode,
	message: string,
	description: string,
	extra: { httpCode?: number; requestId?: string; uncertain?: boolean; body?: string } = {},
): NodeApiError {
	const error = new NodeApiError(node, { message, body: extra.body ?? '' } as JsonObject, {
		message,
		description,
		httpCode: extra.httpCode === undefined ? undefined : String(extra.httpCode),
	});
	error.message = message;
	if (extra.requestId) error.context.requestId = extra.requestId;
	if (extra.uncertain) error.context.uncertain = true;
	return error;
}

const TIMED_OUT = Symbol('timed out');

/** How an exchange ended without an answer: the deadline, the execution cancelled, or what n8n threw. */
type Ending = 'timeout' | 'cancelled' | 'error';

/** The outcome of one HTTP exchange: a response, or a failure. */
type Exchange = { response: { statusCode: number; body: unknown } } | { failure: unknown; ending: Ending };

/** n8n's signal for "the execution was cancelled" (by the user or the workflow's Timeout setting). */
function cancelSignalOf(context: Context): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/**
 * One HTTP exchange through the credential (which signs it), bounded as a whole by `timeout`.
 * n8n 2.x overwrites `options.abortSignal` with `this.getExecutionCancelSignal()` inside
 * httpRequestWithAuthentication, so the deadline is handed to it there: a context whose cancel
 * signal also fires at the deadline and on `cancel`. The race bounds it even where n8n ignores that signal.
 */
async function send(
	this: Context,
	options: IHttpRequestOptions,
	timeout: number,
	cancel: AbortSignal | undefined,
	credentials?: ICredentialsDecrypted,
): Promise<Exchange> {
	const deadline = new AbortController();
	const onCancel = () => deadline.abort();
	cancel?.addEventListener('abort', onCancel, { once: true });
	const signal = deadline.signal;
	options.abortSignal = signal;
	const context = Object.create(this, { getExecutionCancelSignal: { value: () => signal } }) as Context;
	const timer = new AbortController();
	const expired = sleep(timeout, timer.signal).then(() => {
		deadline.abort();
		return TIMED_OUT;
	});
	try {
		const outcome = await Promise.race([
			this.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_NAME,
				options,
				credentials ? { credentialsDecrypted: credentials } : undefined,
			),
			expired,
		]);
		if (outcome === TIMED_OUT) return { failure: undefined, ending: cancel?.aborted ? 'cancelled' : 'timeout' };
		return { response: outcome as { statusCode: number; body: unknown } };
	} catch (error) {
		const ending = cancel?.aborted ? 'cancelled' : deadline.signal.aborted ? 'timeout' : 'error';
		return { failure: error, ending };
	} finally {
		timer.abort();
		cancel?.removeEventListener('abort', onCancel);
	}
}

/** A request not sent because the execution was cancelled or the node stopped sending: nothing changed. */
export function notSentError(node: INode, action: string, cancelled: boolean, attempt = 0): NodeApiError {
	const why = cancelled ? 'The execution was cancelled' : 'The node stopped after an item failed';
	const error = apiError(
		node,
		`${why}: ${action} was not sent${attempt > 0 ? ' again after VMS throttled it' : ''}`,
		'Nothing was sent for this item, so nothing was changed. It can be sent again.',
	);
	error.context.notSent = true;
	return error;
}

/**
 * A failure before any readable answer: cancelled, timed out, connection lost after sending, an answer
 * that could not be decoded (all uncertain), or not sent.
 */
function transportError(node: INode, error: unknown, ending: Ending, request: VmsRequest, timeout: number): NodeApiError {
	const creates = request.creates ? `; ${request.creates.what} may exist` : '';
	if (ending === 'cancelled') {
		return apiError(
			node,
			`The execution was cancelled while ${request.action} was in flight: the outcome is unknown${creates}`,
			`VMS may or may not have carried it out. ${uncertainAdvice(request)}`,
			{ uncertain: true },
		);
	}
	if (ending === 'timeout') {
		return apiError(
			node,
			`${request.action} timed out after ${timeout / 1000} s: the outcome is unknown${creates}`,
			`VMS did not answer in time (Timeout option). ${uncertainAdvice(request)}`,
			{ uncertain: true },
		);
	}
	// The underlying (axios) error carries the network code. Only its code and message are used, so
	// no request headers (e.g. a session token) ride along.
	const cause = (
		error as { cause?: { code?: string; message?: string; isAxiosError?: boolean; request?: { socket?: unknown } } }
	).cause;
	const code = cause?.code;
	const reason = cause?.message ?? (error instanceof Error ? error.message : String(error));
	// Not an HTTP error at all (the credential refused to sign, a bad URL), one before connecting, or a failed TLS handshake.
	const handshake = isHandshakeFailure(code, reason, cause?.request?.socket);
	const notSent = (cause !== undefined && !cause.isAxiosError) || (code !== undefined && NOT_SENT_CODES.has(code)) || handshake;
	if (notSent) {
		return apiError(
			node,
			`Could not send the ${request.action} request: ${reason}`,
			(handshake
				? 'The TLS handshake failed before the request was written (an https:// Endpoint on a plain-HTTP port fails like this). '
				: '') + 'Nothing was sent, so nothing was changed. Check the Endpoint of the credential and the network.',
		);
	}
	if (isDecodingFailure(code)) {
		return apiError(
			node,
			`VMS's answer to ${request.action} could not be decoded (${code}: ${reason}): the outcome is unknown${creates}`,
			`The request was sent and an answer came back, but its compressed body (Content-Encoding) was broken, so it could not be read. Check proxies between n8n and the Endpoint. ${uncertainAdvice(request)}`,
			{ uncertain: true },
		);
	}
	return apiError(
		node,
		`The connection was lost after the ${request.action} request was sent (${code ?? reason}): the outcome is unknown${creates}`,
		`VMS may or may not have carried it out. ${uncertainAdvice(request)}`,
		{ uncertain: true },
	);
}

/**
 * How secrets are hidden: `known` (the credential's session token and secret, signing headers) in every
 * answer as it arrives, so no item carries them; `all` also any bare signature-like hex, in errors.
 */
interface Hiding {
	known: Redactor;
	all: Redactor;
	/** The credential's Endpoint ('' when unknown): which gateway the requests go to. */
	endpoint: string;
}

async function hidingFor(this: Context, settings: SendOptions): Promise<Hiding> {
	let data = settings.credentials?.data;
	// Without the execution's copy (a list in the editor), n8n's own: the values are only read to hide them.
	if (!data && typeof this.getCredentials === 'function') {
		data = await this.getCredentials(CREDENTIAL_NAME).catch(() => undefined);
	}
	const secrets = secretsOf(data);
	const endpoint = typeof data?.endpoint === 'string' ? data.endpoint : '';
	return { known: redactor(secrets), all: redactor(secrets, { bareSignatures: true }), endpoint };
}

/**
 * Without a run's limiter (load-options calls): one that reports to the process's knowledge of the
 * credential's account, or a fresh one where the credential cannot be read.
 */
async function ownLimiter(context: Context): Promise<Limiter> {
	try {
		return new Limiter(0, accountRate(await context.getCredentials<IDataObject>(CREDENTIAL_NAME)));
	} catch {
		return new Limiter();
	}
}

/**
 * Sends one VMS action and returns its `Result` (checked against `request.result`) and request ID.
 * Business errors come with HTTP 200, so `ResponseMetadata.Error` is checked on every response.
 * Only throttling is retried (it was not processed), after the limiter's shared pause, for as long as
 * the account keeps accepting requests; anything else (a Bind above all) is sent once.
 * Whatever the server sends back, the credential's secrets and the signature are in no result and no
 * error: every answer is redacted as it arrives, and every error (down its cause chain) as it leaves.
 */
export async function vmsApiRequest(this: Context, request: VmsRequest, settings: SendOptions = {}): Promise<VmsResponse> {
	const hiding = await hidingFor.call(this, settings);
	try {
		return await sendAction.call(this, request, settings, hiding);
	} catch (error) {
		throw hiding.all.error(error);
	}
}

/** The form of an action that the gateway served last: `endpoint action` → the action name that worked. */
const servedForms = new Map<string, string>();

/** Whether VMS refused the action's name, method or version (nothing was carried out). */
function isUnknownAction(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.context.vmsCode === 'InvalidActionOrVersion';
}

/**
 * Sends the action in the form the gateway served last, and on InvalidActionOrVersion in its other forms
 * (the 2025 names: QuerySingleInfo for SingleInfo...), remembering the one that worked (per process and endpoint).
 */
async function sendAction(this: Context, request: VmsRequest, settings: SendOptions, hiding: Hiding): Promise<VmsResponse> {
	if (!request.alternatives?.length) return await sendForm.call(this, request, settings, hiding);
	const key = `${hiding.endpoint} ${request.action}`;
	const served = servedForms.get(key);
	const forms: VmsRequest[] = [request, ...request.alternatives.map((form) => ({ ...request, ...form }))]
		.map((form) => ({ ...form, alternatives: undefined }))
		.sort((a, b) => Number(b.action === served) - Number(a.action === served));
	for (let i = 0; ; i++) {
		const outcome = await sendForm.call(this, forms[i], settings, hiding).then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('response' in outcome) {
			servedForms.set(key, forms[i].action);
			return outcome.response;
		}
		const { error } = outcome;
		if (!isUnknownAction(error)) throw error;
		if (i === forms.length - 1) {
			const tried = forms.map((form) => `${form.action} (${form.encoding === 'query' ? 'GET' : 'POST'})`).join(', ');
			error.description = `${error.description ?? ''} Tried every form VMS has used for this action: ${tried}.`.trim();
			throw error;
		}
	}
}

async function sendForm(this: Context, request: VmsRequest, settings: SendOptions, hiding: Hiding): Promise<VmsResponse> {
	const node = this.getNode();
	const timeout = settings.timeout ?? DEFAULT_TIMEOUT_MS;
	const limiter = settings.limiter ?? (await ownLimiter(this));
	const cancel = cancelSignalOf(this);
	let firstSent: number | undefined;
	for (let attempt = 0; ; attempt++) {
		const ticket = await limiter.take(settings.stop ?? cancel);
		firstSent ??= ticket.at;
		// An aborted signal fires no 'abort' event: checked here, right before sending.
		if (cancel?.aborted || settings.stop?.aborted) throw notSentError(node, request.action, cancel?.aborted === true, attempt);
		const exchange = await send.call(this, buildOptions(request, timeout), timeout, cancel, settings.credentials);
		if ('failure' in exchange) throw transportError(node, exchange.failure, exchange.ending, request, timeout);
		const response = { statusCode: exchange.response.statusCode, body: hiding.known.value(exchange.response.body) };
		const throttled = (code?: string) =>
			(code !== undefined && THROTTLING_CODES.has(code)) || response.statusCode === 429;
		const envelope = parseEnvelope(response.body);
		const requestId = envelope?.ResponseMetadata?.RequestId;
		const error = envelope?.ResponseMetadata?.Error;
		if (error) {
			const code = textOf(error.Code) || 'UnknownError';
			if (throttled(code)) {
				if (limiter.throttled(ticket, firstSent)) continue;
			} else {
				limiter.accepted(ticket);
			}
			const failure = toVmsApiError(
				node,
				{
					code,
					message: textOf(error.Message),
					requestId,
					httpCode: response.statusCode,
					action: request.action,
					uncertain:
						(response.statusCode >= 500 || code === 'InternalServiceTimeout') && request.creates
							? `The outcome is unknown. ${uncertainAdvice(request)}`
							: undefined,
				},
				envelope as JsonObject,
			);
			if (throttled(code)) {
				failure.description = `${failure.description ?? ''} VMS accepted no request of this account for ${NO_PROGRESS_MS / 1000} s, so the node stopped retrying.`.trim();
			}
			throw failure;
		}
		if (!throttled()) limiter.accepted(ticket);
		else if (limiter.throttled(ticket, firstSent)) continue;
		if (response.statusCode < 200 || response.statusCode >= 300 || !envelope) {
			// Redacted whole before it is cut, so no partial signature is left at the cut.
			const snippet = typeof response.body === 'string' ? hiding.all.text(response.body).slice(0, 200) : '';
			// A 4xx was refused before the action; a 2xx or 5xx without a readable answer may have been carried out.
			const uncertain = response.statusCode < 400 || response.statusCode >= 500;
			const unknown = uncertain ? ` The outcome is unknown. ${uncertainAdvice(request)}` : '';
			throw apiError(
				node,
				`VMS answered ${request.action} with HTTP ${response.statusCode} and no readable result`,
				(snippet ? `Response: ${snippet}` : 'Check the Endpoint of the credential: it should be the VMS OpenAPI base URL.') +
					unknown,
				{ httpCode: response.statusCode, uncertain, body: snippet },
			);
		}
		// Redacting keeps the shape; the message quotes the redacted copy (no bare signature in it).
		const problem = request.check?.(envelope.Result) && request.check(hiding.all.value(envelope.Result));
		if (problem) {
			throw apiError(
				node,
				`VMS answered ${request.action} with ${problem}`,
				`${requestId ? `Request ID: ${requestId}. ` : ''}That is not what ${request.action} returns, so the outcome is unknown. ${uncertainAdvice(request)}`,
				{ httpCode: response.statusCode, requestId, uncertain: true, body: preview(hiding.all.value(envelope)) },
			);
		}
		return { result: envelope.Result, requestId };
	}
}

/** The most pages one list request follows: 1,000 pages of 100 records. */
export const MAX_PAGES = 1000;

function pageError(node: INode, request: VmsRequest, message: string, requestId?: string): NodeApiError {
	return apiError(
		node,
		`${request.action}: ${message}`,
		`${requestId ? `Request ID: ${requestId}. ` : ''}The list could not be read completely, so nothing is returned for it. Narrow the filters, or use Limit.`,
		{ requestId },
	);
}

/**
 * Pages through a list action (`Result.Records`, Offset/Limit) until `Total` (or an empty page when
 * there is none) or `limit` records; short pages do not end it, a server may cap its page size.
 * A page that repeats the previous one (the server ignores Offset), records that are not objects,
 * and more than MAX_PAGES pages stop it with an error.
 */
export async function vmsApiRequestPages(
	this: Context,
	request: VmsRequest,
	{ pageSize, limit = Infinity }: { pageSize: number; limit?: number },
	settings: SendOptions = {},
): Promise<IDataObject[]> {
	const hiding = await hidingFor.call(this, settings);
	try {
		return await readPages.call(this, request, pageSize, limit, settings, hiding);
	} catch (error) {
		throw hiding.all.error(error);
	}
}

async function readPages(
	this: Context,
	request: VmsRequest,
	pageSize: number,
	limit: number,
	settings: SendOptions,
	hiding: Hiding,
): Promise<IDataObject[]> {
	const node = this.getNode();
	const records: IDataObject[] = [];
	let previous: string | undefined;
	for (let pageNo = 0; records.length < limit; pageNo++) {
		if (pageNo >= MAX_PAGES) {
			throw pageError(node, request, `stopped after ${MAX_PAGES} pages (${records.length} records)`);
		}
		const size = Math.min(pageSize, limit - records.length);
		const params = { ...request.params, Offset: records.length, Limit: size };
		const { result, requestId } = await sendAction.call(this, { ...request, params }, settings, hiding);
		const { Records, Total } = result as { Records?: unknown; Total?: unknown };
		// An empty list may come as Records: null.
		const page = Records ?? [];
		const fail = (message: string) => pageError(node, request, message, requestId);
		if (!Array.isArray(page)) throw fail(`Records is ${preview(hiding.all.value(page))}, not a list`);
		const bad = page.findIndex((record) => !isObject(record));
		if (bad >= 0) throw fail(`record ${records.length + bad} is ${preview(hiding.all.value(page[bad]))}, not an object`);
		const signature = JSON.stringify(page);
		if (page.length > 0 && signature === previous) {
			throw fail(`the page at Offset ${records.length} repeats the previous page: the server ignores Offset`);
		}
		previous = signature;
		records.push(...(page as IDataObject[]));
		const total = Total === undefined || Total === null || Total === '' ? NaN : Number(Total);
		// Without Total a short page may be a server's page cap, so only an empty page ends the list.
		if (!Number.isFinite(total)) {
			if (page.length === 0) break;
		} else if (records.length >= total) {
			break;
		} else if (page.length === 0) {
			throw fail(`an empty page at Offset ${records.length}, but Total is ${total}`);
		}
	}
	return records.slice(0, limit);
}
