import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { isObject } from '../../shared/records';

/**
 * Whether an AI Agent runs this node as a tool. n8n registers the tool variant as `<type>Tool`
 * (`n8n-nodes-volcengine-vms.volcengineVmsTool`) and tells tool nodes by that suffix (`isToolType`).
 * Agent 2.x calls `execute` in a SupplyDataContext (`isToolExecution()` is true there); Agent 3.x has
 * the engine run the node in a plain ExecuteContext, where `isToolExecution()` is false but the type
 * still ends in `Tool`.
 */
export function isToolCall(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool') || context.isToolExecution?.() === true;
}

const FROM_AI_KEY = /\$fromAI\(\s*(['"`])([A-Za-z0-9_-]+)\1/i;

/**
 * The `$fromAI('key', …)` key a parameter is filled with (top level or in a collection, as text or as a
 * Resource Locator's value), if any.
 */
export function fromAiKey(parameters: INodeParameters, name: string): string | undefined {
	const collections = Object.values(parameters).filter((value): value is INodeParameters => isObject(value));
	for (const holder of [parameters, ...collections]) {
		const saved: unknown = holder[name];
		const raw = isObject(saved) && saved.__rl === true ? saved.value : saved;
		const m = typeof raw === 'string' ? FROM_AI_KEY.exec(raw) : null;
		if (m) return m[2];
	}
	return undefined;
}

/** A value as JSON can carry it back to the model (a Date or Luxon DateTime as its ISO text). */
export function plainValue(value: unknown): IDataObject[string] {
	try {
		const json = JSON.stringify(value);
		return json === undefined ? undefined : (JSON.parse(json) as IDataObject[string]);
	} catch {
		return String(value);
	}
}
