/**
 * Runs the packaged node as an AI Agent tool inside real n8n-core, both ways n8n's AI Agent calls tools:
 *
 * - `supplyData` (AI Agent 2.x): the agent asks `getInputConnectionData('ai_tool')` for its tools; n8n-core
 *   wraps each tool node with `createNodeAsTool`, and `tool.invoke(args)` runs the node's `execute` in a
 *   SupplyDataContext with one input item `{ json: args }` (`makeHandleToolInvocation`).
 * - `engine` (AI Agent 3.x): the agent returns an EngineRequest; WorkflowExecute runs the tool node as a
 *   node (ExecuteContext) and resumes the agent with each node's task data.
 *
 * A scripted agent node stands in for the AI Agent (no model): it makes the given calls and records
 * what the model would have been shown for each.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	NodeConnectionTypes,
	VersionedNodeType,
	Workflow,
	type EngineRequest,
	type EngineResponse,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeType,
	type IRun,
	type IVersionedNodeType,
	type ITaskData,
} from 'n8n-workflow';

import { additionalData, CREDENTIAL_TYPE, CredentialsHelper, DEFAULT_TEST_VERSION, loadPackage, NODE_TYPE, NodeTypes } from './n8n';

export const TOOL_TYPE = `${NODE_TYPE}Tool`;

export interface ToolNode {
	/** The node name; the tool name is made from it as n8n does (`Bind AXN` → `Bind_AXN`). */
	name: string;
	parameters: IDataObject;
	settings?: Partial<INode>;
	/** Defaults to the tool type; the plain node type runs it as a regular node. */
	type?: string;
	/** The node version (default DEFAULT_TEST_VERSION, as the parameters are written). */
	typeVersion?: number;
}

export interface ToolCall {
	node: string;
	args: IDataObject;
}

export interface ToolResult {
	node: string;
	/** What the model is shown for the call (a JSON text), when the call did not throw. */
	output?: string;
	/** The message of an error the call threw (AI Agent 2.x then shows the model an empty text). */
	thrown?: string;
}

export interface AgentRun {
	run: IRun;
	results: ToolResult[];
	/** The tools as the model sees them: name, description and the JSON schema keys. */
	tools: Array<{ name: string; description: string }>;
}

/** n8n's tool name for a node name (`nodeNameToToolName`). */
export const toolName = (nodeName: string) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');

/** The tool variant n8n registers for a node with `usableAsTool` (`convertNodeToAiTool` in the n8n CLI), per version. */
function asToolTypes(type: INodeType | IVersionedNodeType): INodeType | IVersionedNodeType {
	if (!('nodeVersions' in type)) return asToolType(type);
	const versions = Object.fromEntries(Object.entries(type.nodeVersions).map(([version, node]) => [version, asToolType(node)]));
	return new VersionedNodeType(versions, { ...type.description, name: `${type.description.name}Tool` });
}

function asToolType(type: INodeType): INodeType {
	const description = { ...type.description };
	delete description.usableAsTool;
	return {
		...type,
		execute: type.execute,
		methods: type.methods,
		description: {
			...description,
			name: `${description.name}Tool`,
			displayName: `${description.displayName} Tool`,
			inputs: [],
			outputs: [NodeConnectionTypes.AiTool],
		},
	};
}

interface InvokableTool {
	name: string;
	description: string;
	invoke(args: IDataObject): Promise<string>;
}

/** The text the AI Agent 3.x makes of a tool node's task data (`buildObservation`). */
function observation(data: ITaskData | undefined): string {
	const items = data?.data?.[NodeConnectionTypes.AiTool]?.[0]?.map((item) => item.json);
	if (items && items.length > 0) return JSON.stringify(items);
	if (data?.error) return JSON.stringify({ error: data.error.message });
	return JSON.stringify('');
}

function scriptedAgent(mode: 'supplyData' | 'engine', calls: ToolCall[], record: (tools: AgentRun['tools'], results: ToolResult[]) => void): INodeType {
	return {
		description: {
			displayName: 'Scripted Agent',
			name: 'test.agent',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Agent' },
			inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.AiTool],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions, response?: EngineResponse) {
			if (mode === 'supplyData') {
				const tools = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as InvokableTool[];
				const results: ToolResult[] = [];
				for (const call of calls) {
					const tool = tools.find((t) => t.name === toolName(call.node));
					if (!tool) throw new Error(`No tool ${toolName(call.node)} among ${tools.map((t) => t.name).join(', ')}`);
					try {
						results.push({ node: call.node, output: await tool.invoke(call.args) });
					} catch (error) {
						results.push({ node: call.node, thrown: (error as Error).message });
					}
				}
				record(tools.map((t) => ({ name: t.name, description: t.description })), results);
				return [[{ json: {} }]];
			}
			// The engine always passes a response; an empty one means "first run".
			if (!response?.actionResponses.length) {
				const request: EngineRequest<{ itemIndex: number }> = {
					actions: calls.map((call, i) => ({
						actionType: 'ExecutionNodeAction',
						nodeName: call.node,
						input: call.args,
						type: NodeConnectionTypes.AiTool,
						id: `call_${i}`,
						metadata: { itemIndex: 0 },
					})),
					metadata: { itemIndex: 0 },
				};
				return request;
			}
			record(
				[],
				response.actionResponses.map((r) => ({ node: r.action.nodeName, output: observation(r.data) })),
			);
			return [[{ json: {} }]];
		},
	};
}

let executions = 0;

/** Runs `Input → Agent` with the tool nodes attached to the agent, and returns what each call gave back. */
export async function runAgent(options: {
	mode: 'supplyData' | 'engine';
	tools: ToolNode[];
	calls: ToolCall[];
	credentials: ICredentialDataDecryptedObject;
	timezone?: string;
	/** The item the agent gets on its main input (what `$json` is in a tool's expressions under AI Agent 2.x). */
	input?: IDataObject;
}): Promise<AgentRun> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	let recorded: Pick<AgentRun, 'tools' | 'results'> = { tools: [], results: [] };
	const agentType = scriptedAgent(options.mode, options.calls, (tools, results) => (recorded = { tools, results }));
	const types = new NodeTypes({
		...nodeTypes,
		[TOOL_TYPE]: asToolTypes(nodeTypes[NODE_TYPE]),
		'test.agent': agentType,
		'test.input': { description: { name: 'test.input', version: 1, properties: [] } } as unknown as INodeType,
	});
	const input: INode = { id: 'input', name: 'Input', type: 'test.input', typeVersion: 1, position: [0, 0], parameters: {} };
	const agent: INode = { id: 'agent', name: 'Agent', type: 'test.agent', typeVersion: 1, position: [200, 0], parameters: {} };
	const tools: INode[] = options.tools.map((tool, i) => ({
		id: `tool-${i}`,
		name: tool.name,
		type: tool.type ?? TOOL_TYPE,
		typeVersion: tool.typeVersion ?? DEFAULT_TEST_VERSION,
		position: [200 + 100 * i, 200],
		parameters: tool.parameters as INode['parameters'],
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'VMS' } },
		...tool.settings,
	}));
	const connections: Workflow['connectionsBySourceNode'] = { Input: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] } };
	for (const tool of tools) {
		connections[tool.name] = { [NodeConnectionTypes.AiTool]: [[{ node: 'Agent', type: NodeConnectionTypes.AiTool, index: 0 }]] };
	}
	const nodes = [input, agent, ...tools];
	const settings = { timezone: options.timezone ?? 'Asia/Shanghai', executionOrder: 'v1' as const };
	const workflow = new Workflow({ id: 'wf-agent', name: 'agent', nodes, connections, nodeTypes: types, active: false, settings });
	const executionId = `agent-${++executions}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'wf-agent',
		name: 'agent',
		nodes,
		connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings,
	} as never);
	const inputItems = [{ json: options.input ?? {} }];
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: agent, data: { main: [inputItems] }, source: { main: [{ previousNode: 'Input' }] } }],
		},
		resultData: {
			pinData: { Input: inputItems },
			runData: {
				Input: [{ startTime: Date.now(), executionTime: 0, executionIndex: 0, source: [], data: { main: [inputItems] } }],
			},
		},
	});
	const helper = new CredentialsHelper(credentialTypes, options.credentials);
	const run = await new WorkflowExecute(additionalData(helper, hooks, executionId), 'manual', runData).processRunExecutionData(workflow);
	if (run.data.resultData.error) throw run.data.resultData.error;
	return { run, ...recorded };
}
