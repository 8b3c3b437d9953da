/**
 * Runs the packaged trigger's `webhook()` inside real n8n-core: a `Workflow` holding the trigger
 * (parameters with their defaults, static data), n8n-core's own `WebhookContext`, and a request
 * that carries the raw body and query as n8n's webhook server hands them over.
 */
import { createHash } from 'node:crypto';

import { ExecutionLifecycleHooks, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { CredentialsHelper, NodeTypes, PACKAGE_NAME, additionalData, loadPackage } from './n8n';

export const TRIGGER_TYPE = `${PACKAGE_NAME}.volcengineVmsTrigger`;
export const PUSH_CREDENTIAL_TYPE = 'volcengineVmsPushApi';
/** The auth token of the tests' push credential (the doc's example token). */
export const AUTH_TOKEN = '8D202AC288';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The query VMS appends to a push: `timestamp` (unix seconds) and `authCode`, computed here independently. */
export function signPush(body: string | Buffer, { token = AUTH_TOKEN, timestamp = Math.floor(Date.now() / 1000) } = {}) {
	const authCode = sha256(`${timestamp}${sha256(Buffer.from(body))}${token}`);
	return { timestamp: String(timestamp), authCode };
}

export interface PushOptions {
	/** The body bytes as sent (a string is sent as UTF-8). */
	body: string | Buffer;
	/** The query as n8n parses it; default: a valid signature of `body`. */
	query?: IDataObject;
	parameters?: IDataObject;
	credentials?: ICredentialDataDecryptedObject | null;
	/** Static data of the workflow as loaded from the database (mutated like n8n's copy). */
	staticData?: IDataObject;
	/** 'webhook' for the production URL, 'manual' for the test URL. */
	mode?: WorkflowExecuteMode;
	workflowId?: string;
	nodeId?: string;
	/** As when the content type is not one n8n parses: the body must be read by the node. */
	rawBodyUnread?: boolean;
	/** The trigger's typeVersion (default 1, as most tests were written for it). */
	typeVersion?: number;
}

export interface PushResult {
	/** What the node wrote on the response. */
	status?: number;
	body?: unknown;
	result: IWebhookResponseData;
	/** The items of the execution the push starts, or undefined when it starts none. */
	items?: INodeExecutionData[];
	staticData: IDataObject;
	/** Whether n8n would save the static data (its change flag). */
	staticDataChanged: boolean;
	/** What the node logged through `this.logger`. */
	logs: Array<{ level: string; message: string }>;
}

function parsed(rawBody: Buffer): unknown {
	try {
		return JSON.parse(rawBody.toString('utf8'));
	} catch {
		return {};
	}
}

/** Delivers one push to the trigger, as n8n's live (production) or test webhook would. */
export async function deliver(options: PushOptions): Promise<PushResult> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const rawBody = Buffer.from(options.body);
	const node: INode = {
		id: options.nodeId ?? 'trigger-1',
		name: 'VMS Trigger',
		type: TRIGGER_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		webhookId: 'wh-1',
		parameters: (options.parameters ?? {}) as INode['parameters'],
		...(options.credentials === null ? {} : { credentials: { [PUSH_CREDENTIAL_TYPE]: { id: 'push-1', name: 'VMS push' } } }),
	};
	const workflow = new Workflow({
		id: options.workflowId ?? 'wf-trigger',
		name: 'trigger',
		nodes: [node],
		connections: {},
		nodeTypes: new NodeTypes(nodeTypes),
		active: true,
		staticData: options.staticData,
	});

	const response: { status?: number; body?: unknown } = {};
	const res = {
		headersSent: false,
		status(code: number) {
			response.status = code;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			res.headersSent = true;
			return res;
		},
		send(body: unknown) {
			return res.json(body);
		},
		end() {
			res.headersSent = true;
			return res;
		},
	};
	const req = {
		method: 'POST',
		url: '/webhook/wh-1/webhook',
		headers: { 'content-type': 'application/json' },
		contentType: 'application/json',
		params: {},
		query: options.query ?? signPush(rawBody),
		// What n8n's body parser makes of JSON; a node that re-serializes it would hash other bytes.
		body: parsed(rawBody),
		rawBody: options.rawBodyUnread ? undefined : rawBody,
		async readRawBody() {
			req.rawBody = rawBody;
		},
	};

	const helper = new CredentialsHelper(credentialTypes, options.credentials ?? { authToken: AUTH_TOKEN });
	const mode = options.mode ?? 'webhook';
	const data = additionalData(helper, new ExecutionLifecycleHooks(mode, 'webhook-1', {} as never), 'webhook-1');
	Object.assign(data, { httpRequest: req, httpResponse: res });
	const nodeType = nodeTypes[TRIGGER_TYPE] as INodeType;
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'wh-1/webhook',
		webhookDescription: nodeType.description.webhooks![0],
		workflowId: workflow.id,
		isTest: mode === 'manual',
		workflowExecuteAdditionalData: data,
	};
	const context = new WebhookContext(workflow, node, data, mode, webhookData, [], null);
	const logs: PushResult['logs'] = [];
	const log = (level: string) => (message: string) => logs.push({ level, message });
	Object.defineProperty(context, 'logger', {
		value: { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') },
	});
	const result = await nodeType.webhook!.call(context);
	return {
		...response,
		result,
		items: result.workflowData?.[0],
		staticData: workflow.staticData,
		staticDataChanged: workflow.staticData.__dataChanged === true,
		logs,
	};
}
