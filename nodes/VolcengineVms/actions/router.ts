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
} from '../transport';
import { FieldError, type FieldContext } from './fields';
import { DEFAULT_SENDING, requestOf, SENDING_FIELDS, type SendingOptions, type VmsOperation } from './operation';
import { parameterReader, readItems } from './parameters';
import { plan, splitParams, type Unit } from './plan';
import { findOperation } from './resources';
import { itemsOf } from './result';
import { fromAiKey, isToolCall, plainValue } from './tool';

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
			const { result } = await vmsApiRequest.call(this, requestOf(operation, set), settings);
			records.push(...(operation.output ? operation.output(result, set) : itemsOf(operation.result, result, set)));
		}
		return records;
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const paging = { pageSize: operation.paginate.pageSize, limit };
	const records = await vmsApiRequestPages.call(this, requestOf(operation, params), paging, settings);
	return operation.output ? operation.output({ Records: records }, params) : records;
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
			? `${itemList(succeeded)} ${was(succeeded)} sent and succeeded; ${succeeded.length === 1 ? 'it is' : 'they are'} not in the output because the node stopped (what ${succeeded.length === 1 ? 'it' : 'they'} returned is listed at the end and in the error's context).`
			: `No ${failedFirst ? 'other ' : ''}item succeeded.`,
	);
	if (alsoFailed.length) parts.push(`${itemList(alsoFailed)} failed too.`);
	const them = (list: number[]) => (list.length === 1 ? 'it' : 'them');
	if (uncertain.length) parts.push(`${itemList(uncertain)} failed with an unknown outcome: check ${them(uncertain)} before sending again.`);
	if (unsent.length) parts.push(`${itemList(unsent)} ${was(unsent)} not sent.`);
	for (const i of succeeded) parts.push(`Item ${i} succeeded: ${outcomeOf(results[i] as INodeExecutionData[])}.`);
	return parts.join(' ');
}

/** Keys such as `SubId`, `CallId`, `subId`: what identifies what an item made or found. */
const IDENTIFIER = /Id$/;
/** At most this many records of one item are named in an error's description (all are in its context). */
const NAMED_RECORDS = 3;

/** What an item returned, in short: each record's identifiers (`SubId S123`), or the record as JSON, cut. */
function outcomeOf(output: INodeExecutionData[]): string {
	const describe = ({ json }: INodeExecutionData) => {
		const ids = Object.entries(json)
			.filter(([key, value]) => IDENTIFIER.test(key) && ((typeof value === 'string' && value !== '') || typeof value === 'number'))
			.map(([key, value]) => `${key} ${value}`);
		if (ids.length) return ids.join(', ');
		const text = JSON.stringify(json);
		return text.length > 100 ? `${text.slice(0, 99)}…` : text;
	};
	if (output.length === 0) return 'no output';
	const named = output.slice(0, NAMED_RECORDS).map(describe).join('; ');
	return output.length > NAMED_RECORDS ? `${named}; and ${output.length - NAMED_RECORDS} more` : named;
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

/**
 * n8n's Retry On Fail runs the whole node again after a failure, sending every item again, those that
 * succeeded too: for an action that creates something, a second binding or call. So it is refused
 * before anything is sent. Throttling needs no Retry On Fail: the transport retries it.
 */
function retryOnFailRefusal(node: INode, operation: VmsOperation): NodeOperationError | undefined {
	if (node.retryOnFail !== true || !operation.creates) return undefined;
	const refusal = new NodeOperationError(node, `Retry On Fail must be off for ${operation.apiAction}: nothing was sent`, {
		description:
			`Retry On Fail (node Settings) makes n8n run the whole node again after any failure, and so send every item again, ` +
			`those that already succeeded too: ${operation.creates.what} of each would be made a second time (or refused as a duplicate), ` +
			`and the first run's results would be lost. Turn Retry On Fail off. Throttling is already retried inside the node, ` +
			`and only when VMS did not process the request. To handle failures, set On Error (node Settings) to ` +
			`"Continue (using error output)": every item then reports its own result. Nothing was sent for any item.`,
	});
	refusal.context.notSent = true;
	return refusal;
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
	const operation = findOperation(resource, operationValue, this.getNode().typeVersion);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationValue}" of resource "${resource}" is not supported`);
	}
	const node = this.getNode();
	// An AI Agent's model gets a thrown error as an empty tool result (Agent 2.x): failed items become data
	// for a tool call, as with Continue On Fail.
	const toolCall = isToolCall(this);
	const asData = toolCall || this.continueOnFail();

	const refusal = retryOnFailRefusal(node, operation);
	if (refusal) {
		if (!asData) throw refusal;
		return [items.map((_, i) => ({ json: errorItem(refusal), pairedItem: { item: i } }))];
	}

	const read = parameterReader.call(this);
	const prepared = readItems
		.call(this, read, operation, items.length)
		.map((params, i) => (params instanceof Error ? asNodeError(node, params, i) : params));
	// Work that needs n8n's helpers (an input binary file), still before anything is sent.
	for (let i = 0; operation.prepare && i < prepared.length; i++) {
		const params = prepared[i];
		if (params instanceof Error) continue;
		try {
			prepared[i] = await operation.prepare.call(this, params, i);
		} catch (error) {
			prepared[i] = asNodeError(node, error, i);
		}
	}
	// Many items in one request: refusals of the batch's own rules (duplicate keys...), still before sending.
	const { units, refused } = plan(operation, prepared);
	for (const [i, error] of refused) prepared[i] = asNodeError(node, error, i);
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
	/** Records an item's failure: an error item when failures are data, else kept for the stop summary. */
	const fail = (i: number, error: unknown): NodeError => {
		const failure = asNodeError(node, error, i);
		if (asData) results[i] = [{ json: errorItem(failure, toolCall ? node : undefined), pairedItem: { item: i } }];
		else errors[i] = failure;
		return failure;
	};
	const succeed = (i: number, output: INodeExecutionData[]) => {
		results[i] = this.helpers.constructExecutionMetaData(output, { itemData: { item: i } });
	};
	const runItem = async (i: number) => {
		try {
			const params = prepared[i];
			if (params instanceof Error) throw params;
			const records = await execute.call(this, operation, params, i, settings);
			succeed(i, operation.followUp ? await operation.followUp.run.call(this, records, i) : this.helpers.returnJsonArray(records));
		} catch (error) {
			const failure = fail(i, error);
			if (!asData) throw failure;
		}
	};
	/**
	 * A batch: its items' entries in one request (or, with `then`, one request per `size` entries). Every item
	 * gets its outcome before anything is thrown: its record, VMS's reason for refusing its entry, or the
	 * request's failure (then later requests are not sent: with `then` they depend on the first).
	 */
	const runBatch = async (unit: Unit) => {
		const batch = operation.batch!;
		const failures: NodeError[] = [];
		const valid = unit.filter((i) => !(prepared[i] instanceof Error));
		for (const i of unit) if (prepared[i] instanceof Error) failures.push(fail(i, prepared[i]));
		const entries = valid.map((i) => splitParams(batch.entry, prepared[i] as IDataObject).entry);
		const shared = valid.length ? splitParams(batch.entry, prepared[valid[0]] as IDataObject).shared : {};
		let firstResult: unknown;
		let broken = false;
		for (let start = 0; start < valid.length; start += batch.size) {
			const served = valid.slice(start, start + batch.size);
			const list = entries.slice(start, start + batch.size);
			if (broken) {
				for (const i of served) failures.push(fail(i, notSentError(node, batch.then!.apiAction, false)));
				continue;
			}
			const then = start > 0 ? batch.then : undefined;
			const params = { ...(then ? then.params(firstResult) : shared), [batch.param]: list };
			const sent = then
				? { ...requestOf(operation, params), action: then.apiAction, alternatives: undefined, check: undefined }
				: requestOf(operation, params);
			try {
				const { result } = await vmsApiRequest.call(this, sent, settings);
				if (start === 0) firstResult = result;
				const outcomes = batch.split(result, list, params);
				served.forEach((i, k) => {
					const outcome = outcomes[k] ?? {
						error: `VMS's answer to ${sent.action} does not say what became of this item`,
						description: 'The outcome is unknown: look the item up before sending it again.',
						uncertain: true,
					};
					if ('json' in outcome) return succeed(i, this.helpers.returnJsonArray([outcome.json]));
					const refused = new NodeOperationError(node, outcome.error, { itemIndex: i, description: outcome.description });
					if (outcome.uncertain) refused.context.uncertain = true;
					failures.push(fail(i, refused));
				});
			} catch (error) {
				broken = true;
				const failure = asNodeError(node, error, served[0]);
				const keys = batch.key && served.map((i) => (prepared[i] as IDataObject)[batch.key!]).filter((key) => key !== undefined);
				if (failure.context.uncertain === true && keys && keys.length) {
					failure.description = `${failure.description ?? ''} ${batch.key} of the ${served.length === 1 ? 'item' : `${served.length} items`} in this request: ${keys.join(', ')}.`.trim();
				}
				for (const i of served) fail(i, failure);
				failure.context.itemIndex = served[0];
				failures.push(failure);
			}
		}
		if (!asData && failures.length) throw failures.sort((a, b) => (a.context.itemIndex as number) - (b.context.itemIndex as number))[0];
	};
	let failure: NodeError | undefined;
	try {
		failure = (await runPool(units.length, options.concurrency, stop, async (u) => {
			await (operation.batch ? runBatch(units[u]) : runItem(units[u][0]));
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
		// What succeeded is not lost with the output: the error carries each such item's output.
		failure.context.succeeded = Array.from(results.keys())
			.filter((i) => results[i] !== undefined)
			.map((i) => ({ item: i, output: results[i]!.map((record) => record.json) }));
	}
	throw failure;
}
