import {
	NodeConnectionTypes,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { DEFAULT_MAX_RECORDING_BYTES, DOWNLOAD_CONCURRENCY, Limiter, downloadRecordingFiles } from '../shared/recording';
import { dedupStoreOf } from './dedup';
import { isObject } from '../shared/records';
import { callEventOf, classify, dedupKey, digitsPass, isRepushed, kindsOf, toItemJson, type Kind } from './messages';
import { checkAge, maxAgeOf, verifyPush } from './verify';

/** A call status push older than this is refused (VMS pushes it once, at once); never more than Max Timestamp Age. */
const CALL_STATUS_MAX_AGE_SECONDS = 600;


/** Recording links are valid for hours, but a download must not hold the execution for ever. */
const DOWNLOAD_TIMEOUT_MS = 60000;

interface Options {
	deduplicate?: boolean;
	downloadRecording?: boolean;
	maxRecordingSize?: number;
	maxTimestampAge?: number;
}

/** The body as JSON: one message or a list of them. A body that is not JSON is passed on as text. */
function messagesOf(rawBody: Buffer): unknown[] {
	const text = rawBody.toString('utf8').replace(/^\uFEFF/, '');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return [{ body: text }];
	}
	return Array.isArray(body) ? body : [body];
}

/**
 * VMS reads only the status code of its pushes, and re-pushes CDRs and recordings that were not
 * answered with 2xx. So: verify, answer at once, then start the workflow with one item per message.
 */
export class VolcengineVmsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Volcengine VMS Trigger',
		name: 'volcengineVmsTrigger',
		icon: { light: 'file:../VolcengineVms/volcengineVms.svg', dark: 'file:../VolcengineVms/volcengineVms.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		// n8n's node panel lists the node and this trigger as one app with this description.
		description:
			'Privacy numbers (masked calling) with Volcengine VMS: bindings, dual calls, call records and recordings; starts workflows from pushed call events',
		defaults: { name: 'Volcengine VMS Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'volcengineVmsPushApi', required: true, testedBy: 'authTokenFormat' }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'Paste the Production URL above into the VMS console (privacy-number callback settings, per number pool or for the account). Every push is checked against the auth token; a push that fails gets 401 and starts nothing.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			// Version 2 first: n8n's node panel lists the Triggers of the first Events property.
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: kindsOf(2).map(({ name, value, action, description }) => ({ name, value, action, description })),
				// A literal: the verification scanner wants an array here (all kinds).
				default: [
					'callStatus',
					'callRecord',
					'smsRecord',
					'voiceNotificationRecord',
					'recording',
					'numberStatus',
					'riskControl',
					'resourceReview',
					'unknown',
				],
				description: 'The pushes that start the workflow. Others are answered with 200 and start nothing.',
				displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
			},
			// Version 1 (frozen): a voice notification's CDR is a Call Record there.
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: kindsOf(1).map(({ name, value, action, description }) => ({ name, value, action, description })),
				// A literal: the verification scanner wants an array here (all kinds).
				default: [
					'callStatus',
					'callRecord',
					'smsRecord',
					'recording',
					'numberStatus',
					'riskControl',
					'resourceReview',
					'unknown',
				],
				description: 'The pushes that start the workflow. Others are answered with 200 and start nothing.',
				displayOptions: { show: { '@version': [1] } },
			},
			{
				displayName: 'Call Status Events',
				name: 'callStatusEvents',
				type: 'multiOptions',
				displayOptions: { show: { events: ['callStatus'] } },
				options: [
					{ name: 'Start', value: 'start', description: 'The call started (eventType 1)' },
					{ name: 'Ringing', value: 'ringing', description: 'The callee is ringing (eventType 2)' },
					{ name: 'Answered', value: 'answered', description: 'The call was answered (eventType 3)' },
					{ name: 'Ended', value: 'ended', description: 'The call ended (eventType 4)' },
				],
				default: ['start', 'ringing', 'answered', 'ended'],
				description: 'The call status events that start the workflow. An event code not listed here always passes.',
			},
			{
				displayName: 'Digits Pressed',
				name: 'digits',
				type: 'string',
				displayOptions: { show: { events: ['voiceNotificationRecord'], '@version': [{ _cnd: { gte: 2 } }] } },
				default: '',
				placeholder: 'e.g. 1 or 1,2',
				description:
					'Start only for voice notification records whose keys pressed ("digits") are one of these, separated by commas. Empty: every voice notification record. For other conditions, leave it empty and add an IF node.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Deduplicate',
						name: 'deduplicate',
						type: 'boolean',
						default: true,
						description:
							'Whether a message pushed again (VMS re-pushes CDRs and recordings) starts nothing when it already started the workflow within the last 24 hours. On unless turned off here.',
					},
					{
						displayName: 'Download Recording',
						name: 'downloadRecording',
						type: 'boolean',
						default: false,
						description:
							'Whether to download the recording of a recording push into binary property "data" (split channels into "dataLeft" and "dataRight") before its link expires. A failed download still starts the workflow, with the reason in "downloadErrors". A push downloads 4 files at a time.',
					},
					{
						displayName: 'Max Recording Size (MB)',
						name: 'maxRecordingSize',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 100,
						displayOptions: { show: { downloadRecording: [true] } },
						description:
							'A recording file larger than this is not downloaded (the download stops there); the item says so in "downloadErrors" and keeps the link',
					},
					{
						displayName: 'Max Timestamp Age (Seconds)',
						name: 'maxTimestampAge',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 86400,
						description:
							'Refuse (401) a push whose timestamp is older than this, or more than 5 minutes in the future, so that a captured push cannot be replayed. Call status pushes (never re-pushed by VMS) are refused after 10 minutes. On with 24 hours (the de-duplication window; VMS re-pushes for up to a day) unless set here; 0 turns the check off.',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			// No VMS request can check the token; catch what breaks every verification instead.
			async authTokenFormat(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const raw = credential.data?.authToken;
				const token = typeof raw === 'string' ? raw : '';
				if (token.trim() !== token) {
					return { status: 'Error', message: 'The token has spaces or line breaks around it: paste it again without them' };
				}
				if (token.length < 10 || token.length > 20) {
					return {
						status: 'Error',
						message: `A VMS auth token has 10 to 20 characters; this one has ${token.length}. Copy it from Business Settings → Basic Settings.`,
					};
				}
				return {
					status: 'OK',
					message: 'The token has the right form. Only a real push can prove it: a wrong token makes the trigger answer 401.',
				};
			},
		},
	};

	// VMS has no API to register a push URL: it is pasted in the console, so there is nothing to
	// create, check or delete here.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		// The caller learns nothing (it may be anyone); the reason goes to n8n's log.
		const refuse = (reason: string): IWebhookResponseData => {
			this.logger.warn(`Volcengine VMS Trigger refused a push (401): ${reason}`, { node: this.getNode().name });
			res.status(401).send('Unauthorized');
			return { noWebhookResponse: true };
		};

		// 1. Verify, on the bytes received, before anything else. Nothing below may throw: n8n
		//    starts an execution for a webhook that throws.
		let options: Options;
		let authToken: unknown;
		const version = this.getNode().typeVersion;
		let digits = '';
		try {
			// Read here, in the try: Max Timestamp Age is part of the verification, and an options
			// expression that throws must not start an execution for an unsigned request.
			options = this.getNodeParameter('options', {}) as Options;
		} catch (error) {
			return refuse(`the trigger's options could not be read (${(error as Error).message})`);
		}
		try {
			// Version 2 only; its expression may throw too (then VMS pushes the record again later).
			if (version >= 2) digits = String(this.getNodeParameter('digits', '') ?? '');
		} catch (error) {
			return refuse(`the trigger's Digits Pressed could not be read (${(error as Error).message})`);
		}
		try {
			authToken = (await this.getCredentials('volcengineVmsPushApi')).authToken;
		} catch (error) {
			return refuse(`the trigger has no usable Volcengine VMS Push API credential (${(error as Error).message})`);
		}
		if (!req.rawBody) {
			try {
				await req.readRawBody();
			} catch (error) {
				return refuse(`the request body could not be read (${(error as Error).message})`);
			}
		}
		const query = this.getQueryData() as IDataObject;
		const verdict = verifyPush({
			rawBody: req.rawBody,
			timestamp: query.timestamp,
			authCode: query.authCode,
			authToken,
			now: Date.now() / 1000,
			// Absent (also in workflows saved before the option had a default): 24 h.
			maxAgeSeconds: options.maxTimestampAge,
		});
		if (!verdict.valid) return refuse(verdict.reason);

		const messages = messagesOf(req.rawBody!);
		const kinds = messages.map((message) => classify(message, version));
		// VMS never re-pushes call status, so a genuine one is minutes old at most: an older one is a
		// replay. (A push holding call status is never a legitimate re-push either.)
		const maxAge = maxAgeOf(options.maxTimestampAge);
		if (kinds.includes('callStatus') && maxAge > 0) {
			const fresh = checkAge(String(query.timestamp), Date.now() / 1000, Math.min(maxAge, CALL_STATUS_MAX_AGE_SECONDS));
			if (!fresh.valid) return refuse(`call status is never re-pushed, and ${fresh.reason}`);
		}

		// 2. Filter and de-duplicate, without an await until every key is recorded (see dedup.ts).
		const events = this.getNodeParameter('events', []) as Kind[];
		const callStatusEvents = this.getNodeParameter('callStatusEvents', []) as string[];
		const production = this.getMode() !== 'manual';
		const deduplicate = options.deduplicate !== false;
		const now = Math.floor(Date.now() / 1000);
		const staticData = this.getWorkflowStaticData('node');
		const store = dedupStoreOf(`${this.getWorkflow().id}|${this.getNode().id}|${production ? 'production' : 'test'}`);
		// n8n never saves static data for test URL calls: their keys live in this process only.
		if (deduplicate && production) store.load(staticData.dedup, now, staticData.dedupRecent);

		const fresh: Array<{ kind: Kind; message: unknown }> = [];
		const keys = new Set<string>();
		let duplicates = 0;
		let filteredOut = 0;
		let stored = false;
		for (const [index, message] of messages.entries()) {
			const kind = kinds[index];
			const event = kind === 'callStatus' ? callEventOf(message) : undefined;
			if (
				!events.includes(kind) ||
				(event !== undefined && !callStatusEvents.includes(event)) ||
				(kind === 'voiceNotificationRecord' && !digitsPass(message, digits))
			) {
				filteredOut++;
				continue;
			}
			const key = deduplicate ? dedupKey(kind, message) : '';
			keys.add(key);
			if (deduplicate && store.seenBefore(key, isRepushed(kind) || 'recent', now)) {
				duplicates++;
			} else {
				fresh.push({ kind, message });
				stored = true;
			}
		}
		// Every key of this push stays remembered, however large the push (dedup.ts).
		if (deduplicate) store.endPush(keys, now);
		// n8n saves it after this returns and before the execution starts (docs/development.md).
		if (deduplicate && production && stored) {
			staticData.dedup = store.stored.snapshot(now);
			staticData.dedupRecent = store.recent.snapshot(now);
		}

		// 3. Answer now: VMS only reads the status, and a recording download may take a while.
		res.status(200).json({ received: messages.length, started: fresh.length, duplicates, filteredOut });
		if (fresh.length === 0) return { noWebhookResponse: true };

		// 4. One item per message, recordings downloaded when asked, a few files at a time.
		const limiter = new Limiter(DOWNLOAD_CONCURRENCY);
		const size = Number(options.maxRecordingSize ?? 100);
		const maxBytes = Number.isFinite(size) && size > 0 ? Math.floor(size * 1024 * 1024) : DEFAULT_MAX_RECORDING_BYTES;
		const items = await Promise.all(
			fresh.map(async ({ kind, message }): Promise<INodeExecutionData> => {
				const json = toItemJson(kind, message);
				if (kind !== 'recording' || !options.downloadRecording || !isObject(message)) return { json };
				const { binary, failed } = await downloadRecordingFiles(this.helpers, message, {
					fields: 'pushField',
					callId: String(message.callId ?? 'recording'),
					timeoutMs: DOWNLOAD_TIMEOUT_MS,
					maxBytes,
					limiter,
				});
				if (failed.length > 0) json.downloadErrors = Object.fromEntries(failed.map(({ file, error }) => [file.property, error]));
				return Object.keys(binary).length > 0 ? { json, binary } : { json };
			}),
		);
		return { noWebhookResponse: true, workflowData: [items] };
	}
}
