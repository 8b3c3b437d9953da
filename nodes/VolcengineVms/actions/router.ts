import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { vmsApiRequest } from '../transport';
import { apiNameOf, FieldError, type FieldContext } from './fields';
import { toItems, VMS_VERSION, type VmsOperation } from './operation';
import { findOperation } from './resources';

/** Reads and checks every field of one item; nothing is sent when any is wrong. */
function buildParams(this: IExecuteFunctions, operation: VmsOperation, itemIndex: number): IDataObject {
	const ctx: FieldContext = { timezone: this.getTimezone(), now: Math.floor(Date.now() / 1000) };
	const params: IDataObject = {};
	for (const field of operation.fields) {
		const value = field.encode(this.getNodeParameter(field.property.name, itemIndex, undefined), ctx);
		if (value !== undefined) params[apiNameOf(field)] = value;
	}
	if (operation.additionalFields?.length) {
		const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		for (const field of operation.additionalFields) {
			if (!(field.property.name in extra)) continue;
			const value = field.encode(extra[field.property.name], ctx);
			if (value !== undefined) params[apiNameOf(field)] = value;
		}
	}
	operation.validate?.(params);
	return params;
}

function errorItem(error: Error): IDataObject {
	const item: IDataObject = { error: error.message };
	const context = (error as { context?: IDataObject }).context ?? {};
	if (context.vmsCode) item.code = context.vmsCode;
	if (context.requestId) item.requestId = context.requestId;
	const { httpCode, description } = error as { httpCode?: string | null; description?: string | null };
	if (httpCode) item.httpCode = httpCode;
	if (description) item.description = description;
	return item;
}

/** Every failure leaves the node as an n8n error that names the item. */
function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof FieldError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.description });
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
			const result = await vmsApiRequest.call(this, {
				action: operation.apiAction,
				version: operation.version ?? VMS_VERSION,
				encoding: operation.encoding ?? 'form',
				params,
			});
			const records = (operation.output ?? toItems)(result, params);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(records), {
					itemData: { item: i },
				}),
			);
		} catch (error) {
			const failure = asNodeError(this.getNode(), error, i);
			if (this.continueOnFail()) {
				returnData.push({ json: errorItem(failure), pairedItem: { item: i } });
				continue;
			}
			throw failure;
		}
	}
	return [returnData];
}
