/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code (runs in jest, not in n8n): loads the package from dist/ by path (node:path, __dirname) */
/**
 * Runs the packaged node inside real n8n-core: the package is loaded from dist/ by n8n's own
 * PackageDirectoryLoader, requests go through the real credential `authenticate` and real HTTP.
 */
import path from 'node:path';

import {
	ExecutionLifecycleHooks,
	PackageDirectoryLoader,
	RoutingNode,
	ExecuteContext,
	LoadOptionsContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
	type IVersionedNodeType,
	type ICredentials,
} from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-volcengine-vms';
export const NODE_TYPE = `${PACKAGE_NAME}.volcengineVms`;
export const CREDENTIAL_TYPE = 'volcengineVmsApi';

interface LoadedPackage {
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes: Record<string, ICredentialType>;
}

let loaded: Promise<LoadedPackage> | undefined;

/** Loads dist/ the way n8n loads a community package (package.json `n8n` section, class = file name). */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(path.resolve(__dirname, '../..'));
		await loader.loadAll();
		const nodeTypes: LoadedPackage['nodeTypes'] = {};
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) nodeTypes[`${PACKAGE_NAME}.${name}`] = type;
		const credentialTypes: LoadedPackage['credentialTypes'] = {};
		for (const [name, { type }] of Object.entries(loader.credentialTypes)) credentialTypes[name] = type;
		return { nodeTypes, credentialTypes };
	})();
	return loaded;
}

export class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}
	getByName(name: string) {
		return this.types[name];
	}
	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.types[name], version);
	}
	getKnownTypes() {
		return {};
	}
}

/** Credentials helper whose `authenticate` is the credential class's own, as in the n8n CLI. */
export class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: ICredentialDataDecryptedObject,
	) {
		super();
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, options: IHttpRequestOptions) {
		const authenticate = this.types[typeName].authenticate;
		if (typeof authenticate !== 'function') throw new Error(`${typeName} has no authenticate function`);
		return await authenticate.call(this.types[typeName], credentials, options);
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}
	async getDecrypted(_a: unknown, _n: unknown, type: string) {
		// Like the CLI: property defaults first, then the stored values.
		const defaults = Object.fromEntries(this.types[type].properties.map((p) => [p.name, p.default]));
		return { ...defaults, ...this.data } as ICredentialDataDecryptedObject;
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type].properties;
	}
}

const BASE = 'http://localhost:5678';

export function additionalData(
	credentialsHelper: ICredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${BASE}/rest`,
		instanceBaseUrl: BASE,
		webhookBaseUrl: `${BASE}/webhook`,
		webhookWaitingBaseUrl: `${BASE}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE}/webhook-test`,
		formBaseUrl: `${BASE}/form`,
		formWaitingBaseUrl: `${BASE}/form-waiting`,
		formTestBaseUrl: `${BASE}/form-test`,
		mcpBaseUrl: `${BASE}/mcp`,
		mcpTestBaseUrl: `${BASE}/mcp-test`,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * The node version tests use unless they say otherwise: 1, because most tests write parameters as version 1
 * saves them (Number Pool No as a plain string). Version 2 runs pass `typeVersion: 2` and locator values.
 */
export const DEFAULT_TEST_VERSION = 1;

/** A Resource Locator value as the editor saves it (version 2 on). */
export const locator = (value: string, mode: 'list' | 'id' = 'list') => ({ __rl: true, mode, value });

export interface Step {
	name: string;
	parameters: IDataObject;
	/** The node version (default DEFAULT_TEST_VERSION, or the workflow's `typeVersion`). */
	typeVersion?: number;
	/** Node settings such as `{ onError: 'continueRegularOutput' }` or `{ continueOnFail: true }`. */
	settings?: Partial<INode>;
}

export interface WorkflowOptions {
	/** Volcengine VMS nodes, connected in this order after the input. */
	steps: Step[];
	/** Input items of the first step. */
	items?: IDataObject[];
	/** Binary data of those items, by index (e.g. `[{ data: { data: base64, mimeType, fileName } }]`). */
	binary?: Array<INodeExecutionData['binary']>;
	credentials: ICredentialDataDecryptedObject;
	/** The version of every step that does not name its own (default DEFAULT_TEST_VERSION). */
	typeVersion?: number;
	timezone?: string;
	/** Called once the execution started, with a handle to cancel it as the editor's Stop button does. */
	started?: (execution: { cancel(): void }) => void;
}

export interface WorkflowResult {
	run: IRun;
	/** A step's output items, or undefined when it did not run or failed. */
	output(step: string): INodeExecutionData[] | undefined;
	error?: Error & IDataObject;
}

let executions = 0;

/** Runs `Input (pinned items) → step 1 → step 2 → …` through n8n-core's WorkflowExecute. */
export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowResult> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const inputItems = (options.items ?? [{}]).map((json, i) => (options.binary?.[i] ? { json, binary: options.binary[i] } : { json }));
	const input: INode = { id: 'input', name: 'Input', type: 'test.input', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodes: INode[] = options.steps.map((step, i) => ({
		id: `step-${i}`,
		name: step.name,
		type: NODE_TYPE,
		typeVersion: step.typeVersion ?? options.typeVersion ?? DEFAULT_TEST_VERSION,
		position: [200 * (i + 1), 0],
		parameters: step.parameters as INode['parameters'],
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'VMS' } },
		...step.settings,
	}));
	const names = ['Input', ...options.steps.map((s) => s.name)];
	const connections: Workflow['connectionsBySourceNode'] = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	// The pinned upstream node is never executed; it only needs a description.
	const types = new NodeTypes({
		...nodeTypes,
		'test.input': { description: { name: 'test.input', version: 1, properties: [] } } as unknown as INodeType,
	});
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [input, ...nodes],
		connections,
		nodeTypes: types,
		active: false,
		settings: { timezone: options.timezone ?? 'Asia/Shanghai' },
	});
	const executionId = `exec-${++executions}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'wf-test',
		name: 'test',
		nodes: [input, ...nodes],
		connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: workflow.settings,
	} as never);
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: nodes[0], data: { main: [inputItems] }, source: { main: [{ previousNode: 'Input' }] } },
			],
		},
		resultData: {
			pinData: { Input: inputItems },
			// As if the input had run, so expressions such as $('Input').item resolve.
			runData: {
				Input: [{ startTime: Date.now(), executionTime: 0, executionIndex: 0, source: [], data: { main: [inputItems] } }],
			},
		},
	});
	const helper = new CredentialsHelper(credentialTypes, options.credentials);
	const execution = new WorkflowExecute(additionalData(helper, hooks, executionId), 'manual', runData).processRunExecutionData(
		workflow,
	);
	options.started?.(execution);
	const run = await execution;
	const failed = options.steps.map((s) => run.data.resultData.runData[s.name]?.[0]?.error).find(Boolean);
	return {
		run,
		output: (step) => run.data.resultData.runData[step]?.[0]?.data?.main?.[0] ?? undefined,
		error: (failed ?? run.data.resultData.error) as WorkflowResult['error'],
	};
}

export interface RunOptions extends Omit<WorkflowOptions, 'steps'> {
	parameters: IDataObject;
	settings?: Partial<INode>;
}

export interface RunResult {
	run: IRun;
	/** The node's output items, or undefined when it failed. */
	items?: INodeExecutionData[];
	error?: Error & IDataObject;
}

/** Runs a workflow `Input (pinned items) → Volcengine VMS` and returns the node's output. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const { parameters, settings, ...rest } = options;
	const result = await runWorkflow({ ...rest, steps: [{ name: 'Volcengine VMS', parameters, settings }] });
	return { run: result.run, items: result.output('Volcengine VMS'), error: result.error };
}

/**
 * Runs the credential's `test` request the way n8n's credentials tester does: a routing node
 * with `test.request`, through the real `authenticate`, then the `responseSuccessBody` rules.
 */
export async function testCredential(credentials: ICredentialDataDecryptedObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const { credentialTypes } = await loadPackage();
	const type = credentialTypes[CREDENTIAL_TYPE];
	const testRequest = type.test!;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'VMS' } },
	};
	const nodeType = {
		description: {
			name: 'test.credentialTest',
			displayName: 'Temp',
			version: 1,
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: testRequest.request } },
			],
		},
	} as unknown as INodeType;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new NodeTypes({ 'test.credentialTest': nodeType }),
	});
	const helper = new CredentialsHelper(credentialTypes, credentials);
	const data = additionalData(helper, new ExecutionLifecycleHooks('internal', 'cred-test', {} as never), 'cred-test');
	const context = new ExecuteContext(
		workflow,
		node,
		data,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	let response;
	try {
		const decrypted = {
			id: 'cred-1',
			name: 'VMS',
			type: CREDENTIAL_TYPE,
			data: await helper.getDecrypted(null, null, CREDENTIAL_TYPE),
		};
		response = await new RoutingNode(context, nodeType, decrypted).runNode();
	} catch (error) {
		const cause = (error as { cause?: { code?: string; response?: { status: number } } }).cause;
		if (cause?.response) return { status: 'Error', message: `Received HTTP status code: ${cause.response.status}` };
		return { status: 'Error', message: cause?.code ?? (error as Error).message };
	}
	const body = response?.[0]?.[0]?.json ?? {};
	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = rule.properties.key.split('.').reduce<unknown>((v, k) => (v as IDataObject | undefined)?.[k], body);
		if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * Calls one of the node's load-options methods (`loadOptions`, or with `kind: 'listSearch'` a Resource Locator's
 * search with its filter text) through n8n-core's LoadOptionsContext, for a node of `typeVersion`.
 */
export async function loadOptions(
	method: string,
	credentials: ICredentialDataDecryptedObject,
	parameters: IDataObject = {},
	{ typeVersion = DEFAULT_TEST_VERSION, kind = 'loadOptions', filter }: { typeVersion?: number; kind?: 'loadOptions' | 'listSearch'; filter?: string } = {},
): Promise<unknown> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const nodeType = NodeHelpers.getVersionedNodeType(nodeTypes[NODE_TYPE], typeVersion);
	const node: INode = {
		id: 'vms',
		name: 'Volcengine VMS',
		type: NODE_TYPE,
		typeVersion,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'VMS' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new NodeTypes(nodeTypes) });
	const helper = new CredentialsHelper(credentialTypes, credentials);
	const data = additionalData(helper, new ExecutionLifecycleHooks('internal', 'load-options', {} as never), 'load-options');
	// The editor sends the node's current parameters with a load-options request (getCurrentNodeParameter reads them).
	data.currentNodeParameters = parameters as INode['parameters'];
	const context = new LoadOptionsContext(workflow, node, data, 'parameters.numberPoolNo');
	const methods = nodeType.methods?.[kind] as Record<string, (this: LoadOptionsContext, filter?: string) => Promise<unknown>> | undefined;
	if (!methods?.[method]) throw new Error(`Version ${typeVersion} of the node has no ${kind} method ${method}`);
	return await methods[method].call(context, filter);
}
