import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { THROTTLING_CODES, toVmsApiError, uncertainOutcome } from './errors';

export const CREDENTIAL_NAME = 'volcengineVmsApi';

export interface VmsRequest {
	action: string;
	version: string;
	encoding: 'form' | 'json' | 'query';
	params: IDataObject;
}

/** Waits before each retry of a throttled request; throttled requests were not processed. */
const THROTTLE_BACKOFF_MS = [1000, 2000];

interface VmsEnvelope {
	ResponseMetadata?: {
		RequestId?: string;
		Error?: { Code?: string; Message?: string };
	};
	Result?: unknown;
}

function formBody(params: IDataObject): string {
	const form = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value !== undefined && value !== null) form.append(key, String(value));
	}
	return form.toString();
}

function buildOptions(request: VmsRequest): IHttpRequestOptions {
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
	};
	if (request.encoding === 'query') {
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
	return value !== null && typeof value === 'object' ? (value as VmsEnvelope) : undefined;
}

/**
 * Sends one VMS action through the credential (which signs it) and returns its `Result`.
 * Business errors come with HTTP 200, so `ResponseMetadata.Error` is checked on every response.
 * Only throttling is retried: anything else (a Bind above all) is never sent twice.
 */
export async function vmsApiRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	request: VmsRequest,
): Promise<unknown> {
	const node = this.getNode();
	for (let attempt = 0; ; attempt++) {
		let response: { statusCode: number; body: unknown };
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_NAME,
				buildOptions(request),
			)) as { statusCode: number; body: unknown };
		} catch (error) {
			// Rebuilt from the message alone, so no request headers (e.g. a session token) ride along.
			const reason = error instanceof Error ? error.message : String(error);
			throw new NodeApiError(node, { message: reason } as JsonObject, {
				message: `Could not complete the ${request.action} request: ${reason}`,
				description: `Check the credential (its Endpoint above all) and the network. ${uncertainOutcome(request.action)}`,
			});
		}
		const envelope = parseEnvelope(response.body);
		const error = envelope?.ResponseMetadata?.Error;
		if (error) {
			const code = error.Code ?? 'UnknownError';
			const delay = THROTTLE_BACKOFF_MS[attempt];
			if ((THROTTLING_CODES.has(code) || response.statusCode === 429) && delay !== undefined) {
				await sleep(delay);
				continue;
			}
			throw toVmsApiError(
				node,
				{
					code,
					message: error.Message ?? '',
					requestId: envelope?.ResponseMetadata?.RequestId,
					httpCode: response.statusCode,
					action: request.action,
				},
				envelope as JsonObject,
			);
		}
		if (response.statusCode < 200 || response.statusCode >= 300 || !envelope) {
			const snippet = typeof response.body === 'string' ? response.body.slice(0, 200) : '';
			throw new NodeApiError(node, { body: snippet } as JsonObject, {
				message: `VMS answered ${request.action} with HTTP ${response.statusCode} and no readable result`,
				description: snippet
					? `Response: ${snippet}`
					: 'Check the Endpoint of the credential: it should be the VMS OpenAPI base URL.',
				httpCode: String(response.statusCode),
			});
		}
		return envelope.Result;
	}
}

/** Pages through a list action (`Result.Records`, Offset/Limit) until the end or `limit` records. */
export async function vmsApiRequestPages(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	request: VmsRequest,
	{ pageSize, limit = Infinity }: { pageSize: number; limit?: number },
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	while (records.length < limit) {
		const size = Math.min(pageSize, limit - records.length);
		const params = { ...request.params, Offset: records.length, Limit: size };
		const result = (await vmsApiRequest.call(this, { ...request, params })) as {
			Records?: IDataObject[];
			Total?: number | string;
		} | null;
		const page = result?.Records ?? [];
		records.push(...page);
		const total = Number(result?.Total);
		if (page.length < size || (Number.isFinite(total) && records.length >= total)) break;
	}
	return records;
}
