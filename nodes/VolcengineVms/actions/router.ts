import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { vmsApiRequest, vmsApiRequestPages, type VmsRequest } from '../transport';
import { apiNameOf, FieldError, type FieldContext, type VmsField } from './fields';
import { toItems, VMS_VERSION, type VmsOperation } from './operation';
import { findOperation } from './resources';
import { fromAiKey, isToolCall, plainValue } from './tool';

/** Whether a field's extra display conditions (e.g. `updateType`) hold for this item. */
function isShown(this: IExecuteFunctions, field: VmsField, itemIndex: number): boolean {
	return Object.entries(field.show ?? {}).every(([name, allowed]) =>
		(allowed as unknown[]).includes(this.getNodeParameter(name, itemIndex, undefined)),
	);
}

/** Reads and checks every field of one item; nothing is sent when any is wrong. */
function buildParams(this: IExecuteFunctions, operation: VmsOperation, itemIndex: number): IDataObject {
	const ctx: FieldContext = { timezone: this.getTimezone(), now: Math.floor(Date.now() / 1000) };
	const params: IDataObject = {};
	const add = (field: VmsField, raw: unknown) => {
		const value = field.encode(raw, ctx);
		if (value !== undefined) params[apiNameOf(field)] = value;
	};
	for (const field of operation.fields) {
		if (isShown.call(this, field, itemIndex)) add(field, this.getNodeParameter(field.property.name, itemIndex, undefined));
	}
	const given = operation.optional?.length
		? (this.getNodeParameter(operation.optionalCollection ?? 'additionalFields', itemIndex, {}) as IDataObject)
		: {};
	for (const field of operation.optional ?? []) {
		if (field.property.name in given) add(field, given[field.property.name]);
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
async function execute(this: IExecuteFunctions, operation: VmsOperation, params: IDataObject, itemIndex: number) {
	if (!operation.paginate) {
		const records: IDataObject[] = [];
		for (const set of chunked(operation, params)) {
			records.push(...(operation.output ?? toItems)(await vmsApiRequest.call(this, request(operation, set)), set));
		}
		return records;
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	return await vmsApiRequestPages.call(this, request(operation, params), { pageSize: operation.paginate.pageSize, limit });
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

/** The node's only item loop: per item, build → send → items; errors carry the item index. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationValue = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resource, operationValue);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationValue}" of resource "${resource}" is not supported`);
	}

	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const params = buildParams.call(this, operation, i);
			const records = await execute.call(this, operation, params, i);
			const output = operation.followUp
				? await operation.followUp.run.call(this, records, i)
				: this.helpers.returnJsonArray(records);
			returnData.push(...this.helpers.constructExecutionMetaData(output, { itemData: { item: i } }));
		} catch (error) {
			const failure = asNodeError(this.getNode(), error, i);
			// An AI Agent's model gets a thrown error as an empty tool result (Agent 2.x): return it as data.
			const toolCall = isToolCall(this);
			if (toolCall || this.continueOnFail()) {
				returnData.push({ json: errorItem(failure, toolCall ? this.getNode() : undefined), pairedItem: { item: i } });
				continue;
			}
			throw failure;
		}
	}
	return [returnData];
}
