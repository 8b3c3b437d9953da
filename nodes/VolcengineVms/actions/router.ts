import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	accountRate,
	CREDENTIAL_NAME,
	Limiter,
	notSentError,
	vmsApiRequest,
	vmsApiRequestPages,
	type SendOptions,
	type VmsRequest,
} from '../transport';
import { apiNameOf, FieldError, type FieldContext, type VmsField } from './fields';
import {
	DEFAULT_SENDING,
	isObject,
	SENDING_FIELDS,
	toItems,
	VMS_VERSION,
	type SendingOptions,
	type VmsOperation,
} from './operation';
import { findOperation } from './resources';
import { fromAiKey, isToolCall, plainValue } from './tool';

/** `={{ $json.a.b }}`: an expression that only reads a field of the item. */
const JSON_FIELD = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

interface ReadParameter {
	(name: string, itemIndex: number, fallback?: unknown): unknown;
	/** The parameter as saved (expressions unevaluated), e.g. to see which fields a collection has. */
	raw(name: string): unknown;
}

/**
 * Reads the node's parameters per item. n8n evaluates each `{{ }}` in an isolate, about 0.8 ms in
 * n8n 2.x, which made reading parameters most of the node's CPU time. An expression that only reads
 * an own field of the item (`{{ $json.phone }}`) whose value is text, a number or a boolean is read
 * from the item directly: the same value. Everything else is n8n's `getNodeParameter`.
 * Not for a tool call: under AI Agent 2.x the input item holds the model's arguments, while n8n
 * resolves `$json` against the agent's input item (and a tool call has one item: nothing to gain).
 */
function parameterReader(this: IExecuteFunctions): ReadParameter {
	const parameters = this.getNode().parameters;
	const items = this.getInputData();
	const fast = !isToolCall(this);
	const raw = (name: string) =>
		name.split('.').reduce<unknown>((value, key) => (isObject(value) ? value[key] : undefined), parameters);
	const read = (name: string, itemIndex: number, fallback?: unknown) => {
		const saved = raw(name);
		const path = fast && typeof saved === 'string' ? JSON_FIELD.exec(saved) : null;
		if (path) {
			let value: unknown = items[itemIndex]?.json;
			for (const key of path[1].slice(1).split('.')) {
				value = isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
			}
			if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
		}
		return this.getNodeParameter(name, itemIndex, fallback);
	};
	return Object.assign(read, { raw });
}

/** Reads and checks every field of one item; nothing is sent when any is wrong. */
function buildParams(this: IExecuteFunctions, read: ReadParameter, operation: VmsOperation, itemIndex: number): IDataObject {
	const ctx: FieldContext = { timezone: this.getTimezone(), now: Math.floor(Date.now() / 1000) };
	const params: IDataObject = {};
	const add = (field: VmsField, raw: unknown) => {
		const value = field.encode(raw, ctx);
		if (value !== undefined) params[apiNameOf(field)] = value;
	};
	// A field is shown when its extra display conditions (e.g. `updateType`) hold for this item.
	const isShown = (field: VmsField) =>
		Object.entries(field.show ?? {}).every(([name, allowed]) => (allowed as unknown[]).includes(read(name, itemIndex, undefined)));
	for (const field of operation.fields) {
		if (isShown(field)) add(field, read(field.property.name, itemIndex, undefined));
	}
	const collection = operation.optionalCollection ?? 'additionalFields';
	const saved = read.raw(collection);
	// The fields the collection has, read one by one (a collection saved as one expression is read whole).
	const whole = operation.optional?.length && !isObject(saved) ? (read(collection, itemIndex, {}) as IDataObject) : undefined;
	for (const field of operation.optional ?? []) {
		const { name } = field.property;
		if (whole) {
			if (name in whole) add(field, whole[name]);
		} else if (isObject(saved) && name in saved) {
			add(field, read(`${collection}.${name}`, itemIndex, undefined));
		}
	}
	operation.validate?.(params);
	return params;
}

function request(operation: VmsOperation, params: IDataObject): VmsRequest {
	return {
		action: operation.apiAction,
		version: operation.version ?? VMS_VERSION,
		encoding: operation.encoding ?? 'form',
		params,
		result: operation.result,
		creates: operation.creates,
	};
}

/** The params of each request: one set, or one per `chunk.size` entries of the chunked list. */
function chunked(operation: VmsOperation, params: IDataObject): IDataObject[] {
	const list = operation.chunk && params[operation.chunk.param];
	if (!operation.chunk || !Array.isArray(list)) return [params];
	const { param, size } = operation.chunk;
	const sets: IDataObject[] = [];
	for (let start = 0; start < list.length; start += size) sets.push({ ...params, [param]: list.slice(start, start + size) });
	return sets;
}

/** One call (or one per chunk), or for a paged list as many pages as Return All / Limit ask for. */
async function execute(
	this: IExecuteFunctions,
	operation: VmsOperation,
	params: IDataObject,
	itemIndex: number,
	settings: SendOptions,
) {
	if (!operation.paginate) {
		const records: IDataObject[] = [];
		for (const set of chunked(operation, params)) {
			const { result } = await vmsApiRequest.call(this, request(operation, set), settings);
			records.push(...(operation.output ?? toItems)(result, set));
		}
		return records;
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const paging = { pageSize: operation.paginate.pageSize, limit };
	return await vmsApiRequestPages.call(this, request(operation, params), paging, settings);
}

/**
 * Runs task(0 … count-1) with at most `concurrency` in flight, until `stop` aborts: a task that throws
 * aborts it (the first failure is returned), and so may the caller (the execution was cancelled).
 * Then no new task starts; those in flight finish (a bind cut off would be an unknown outcome).
 */
async function runPool(
	count: number,
	concurrency: number,
	stop: AbortController,
	task: (index: number) => Promise<void>,
): Promise<{ error: unknown } | undefined> {
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (!stop.signal.aborted && next < count) {
			const index = next++;
			try {
				await task(index);
			} catch (error) {
				failure ??= { error };
				stop.abort();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), count) }, worker));
	return failure;
}

/** `0-2, 5, 7`: item indexes, compressed into ranges. */
function indexList(indexes: number[]): string {
	const ranges: string[] = [];
	for (let k = 0; k < indexes.length; k++) {
		const start = indexes[k];
		while (indexes[k + 1] === indexes[k] + 1) k++;
		ranges.push(start === indexes[k] ? String(start) : `${start}-${indexes[k]}`);
	}
	return ranges.join(', ');
}

/** `Item 3` or `Items 0-2, 5`. */
const itemList = (indexes: number[]) => `${indexes.length === 1 ? 'Item' : 'Items'} ${indexList(indexes)}`;

type NodeError = NodeApiError | NodeOperationError;

/** What became of every item when the node stopped with `failure`: for the description of the error it throws. */
function stopSummary(failure: NodeError, results: unknown[], errors: Array<NodeError | undefined>): string {
	const failed = failure.context.itemIndex as number;
	const failedFirst = failure.context.notSent !== true;
	const group = (test: (i: number) => boolean) =>
		Array.from(results.keys()).filter((i) => (i !== failed || !failedFirst) && test(i));
	const notSent = (i: number) => results[i] === undefined && (errors[i] === undefined || errors[i]!.context.notSent === true);
	const succeeded = group((i) => results[i] !== undefined);
	const unsent = group(notSent);
	const uncertain = group((i) => !notSent(i) && errors[i]?.context.uncertain === true);
	const alsoFailed = group((i) => !notSent(i) && errors[i] !== undefined && errors[i]!.context.uncertain !== true);
	const was = (list: number[]) => (list.length === 1 ? 'was' : 'were');
	const parts = failedFirst ? [`Item ${failed} failed.`] : [];
	parts.push(
		succeeded.length
			? `${itemList(succeeded)} ${was(succeeded)} sent and succeeded; ${succeeded.length === 1 ? 'it is' : 'they are'} not in the output because the node stopped.`
			: `No ${failedFirst ? 'other ' : ''}item succeeded.`,
	);
	if (alsoFailed.length) parts.push(`${itemList(alsoFailed)} failed too.`);
	if (uncertain.length) parts.push(`${itemList(uncertain)} failed with an unknown outcome: check them before sending again.`);
	if (unsent.length) parts.push(`${itemList(unsent)} ${was(unsent)} not sent.`);
	return parts.join(' ');
}

/**
 * The options of the first item: how items are sent is the node's setting, not the item's. Each is
 * checked (an expression may give 'abc', nothing or 10000); a bad one stops the node before anything is sent.
 */
function sendingOptions(this: IExecuteFunctions): SendingOptions {
	const node = this.getNode();
	const given = this.getNodeParameter('options', 0, {}) as IDataObject;
	const options = { ...DEFAULT_SENDING };
	const ctx: FieldContext = { timezone: this.getTimezone(), now: 0 };
	for (const field of SENDING_FIELDS) {
		const { name } = field.property;
		if (!(name in given)) continue;
		try {
			options[name as keyof SendingOptions] = field.encode(given[name], ctx) as number;
		} catch (error) {
			const { message, description } = error as FieldError;
			throw new NodeOperationError(node, `Options → ${message}`, { description });
		}
	}
	return options;
}

/**
 * A failed item as data (Continue On Fail). For an AI Agent (`toolNode` given) it is the tool's result,
 * so it also names the rejected field, its value and the `$fromAI` argument that filled it.
 */
function errorItem(error: NodeApiError | NodeOperationError, toolNode?: INode): IDataObject {
	const item: IDataObject = { error: error.message };
	if (error.context.vmsCode) item.code = error.context.vmsCode;
	if (error.context.requestId) item.requestId = error.context.requestId;
	if (error instanceof NodeApiError && error.httpCode) item.httpCode = error.httpCode;
	if (error.description) item.description = error.description;
	const field = error.context.field;
	if (toolNode && typeof field === 'string') {
		item.field = field;
		item.value = error.context.value;
		const argument = fromAiKey(toolNode.parameters, field);
		if (argument) item.argument = argument;
	}
	return item;
}

/** Every failure leaves the node as an n8n error that names the item. */
function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof FieldError) {
		const failure = new NodeOperationError(node, error.message, { itemIndex, description: error.description });
		Object.assign(failure.context, { field: error.field, value: plainValue(error.value) });
		return failure;
	}
	const failure =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error as Error, { itemIndex });
	failure.context.itemIndex = itemIndex;
	return failure;
}

/**
 * The node's only item loop. First every item's parameters are read and checked, so bad input is
 * refused before anything is sent; then items are sent, `concurrency` at a time, through one shared
 * limiter. Output is in input order, each item paired with its input.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationValue = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resource, operationValue);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationValue}" of resource "${resource}" is not supported`);
	}
	const node = this.getNode();
	// An AI Agent's model gets a thrown error as an empty tool result (Agent 2.x): failed items become data
	// for a tool call, as with Continue On Fail.
	const toolCall = isToolCall(this);
	const asData = toolCall || this.continueOnFail();

	const read = parameterReader.call(this);
	const prepared = items.map((_, i) => {
		try {
			return buildParams.call(this, read, operation, i);
		} catch (error) {
			return asNodeError(node, error, i);
		}
	});
	const invalid = prepared.find((p): p is NodeApiError | NodeOperationError => p instanceof Error);
	if (invalid && !asData) throw invalid;
	if (items.length === 0) return [[]];

	const options = sendingOptions.call(this);
	// One stop for the whole run: the first failure (unless failures are data) or the execution cancelled.
	const stop = new AbortController();
	const data = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_NAME);
	const settings: SendOptions = {
		timeout: options.timeout,
		// The user's cap for this run; the account's learned rate is kept per process (see limiter.ts).
		limiter: new Limiter(options.maxRequestsPerSecond, accountRate(data)),
		stop: stop.signal,
		credentials: {
			id: node.credentials?.[CREDENTIAL_NAME]?.id ?? '',
			name: node.credentials?.[CREDENTIAL_NAME]?.name ?? '',
			type: CREDENTIAL_NAME,
			data,
		},
	};
	const cancel = this.getExecutionCancelSignal?.();
	const onCancel = () => stop.abort();
	if (cancel?.aborted) stop.abort();
	cancel?.addEventListener('abort', onCancel, { once: true });

	const results: Array<INodeExecutionData[] | undefined> = new Array(items.length);
	const errors: Array<NodeError | undefined> = new Array(items.length);
	const runItem = async (i: number): Promise<INodeExecutionData[]> => {
		try {
			const params = prepared[i];
			if (params instanceof Error) throw params;
			const records = await execute.call(this, operation, params, i, settings);
			const output = operation.followUp
				? await operation.followUp.run.call(this, records, i)
				: this.helpers.returnJsonArray(records);
			return this.helpers.constructExecutionMetaData(output, { itemData: { item: i } });
		} catch (error) {
			const failure = asNodeError(node, error, i);
			if (asData) return [{ json: errorItem(failure, toolCall ? node : undefined), pairedItem: { item: i } }];
			errors[i] = failure;
			throw failure;
		}
	};
	let failure: NodeError | undefined;
	try {
		failure = (await runPool(items.length, options.concurrency, stop, async (i) => {
			results[i] = await runItem(i);
		}))?.error as NodeError | undefined;
	} finally {
		cancel?.removeEventListener('abort', onCancel);
	}
	// Items never started, after a failure or because the execution was cancelled (the only way without a
	// failure, and with failures as data): nothing was sent for them.
	const unsent = Array.from(results.keys()).filter((i) => results[i] === undefined && errors[i] === undefined);
	if (asData) {
		for (const i of unsent) {
			const error = asNodeError(node, notSentError(node, operation.apiAction, true), i);
			results[i] = [{ json: errorItem(error), pairedItem: { item: i } }];
		}
	} else if (unsent.length && !failure) {
		failure = asNodeError(node, notSentError(node, operation.apiAction, true), unsent[0]);
	}
	if (!failure) return [results.flat() as INodeExecutionData[]];
	if (items.length > 1) {
		const note = stopSummary(failure, results, errors);
		failure.description = failure.description ? `${failure.description} ${note}` : note;
	}
	throw failure;
}
