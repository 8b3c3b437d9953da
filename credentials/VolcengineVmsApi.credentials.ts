import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { prepareSignedRequest } from './volcengine/request';
import { DEFAULT_ENDPOINT, DEFAULT_REGION, VMS_VERSION } from './volcengine/constants';

/** What the credential test says for each error code it can meet. */
const TEST_FAILURES: Record<string, string> = {
	InvalidAccessKey: 'The Access Key ID is not known to Volcengine: check that it is copied whole and still active',
	SignatureDoesNotMatch: 'The Secret Access Key does not match the Access Key ID: paste the secret of this key pair again',
	InvalidSecretToken:
		'The Session Token is invalid or expired: get new temporary credentials, or clear the field for a permanent key',
	MissingAuthenticationToken: 'The request reached the Endpoint unsigned: check proxies between n8n and the Endpoint',
	InvalidTimestamp: "Volcengine rejected the request time: the n8n server's clock is off, sync it (NTP)",
	AccessDenied: 'The key is valid but may not use VMS: grant the user a VMS policy in Access Control',
	LackPolicy: 'The key is valid but may not use VMS: grant the user a VMS policy in Access Control',
	UnauthenticatedRequest: 'The key is valid but VMS did not accept it: check that VMS is enabled for this account',
	AccountFrozen: 'The Volcengine account is frozen: check billing and the account status',
	ServiceNotFound: 'The Endpoint does not serve VMS: check the Endpoint URL and the Region',
	InvalidActionOrVersion: 'The Endpoint does not serve the VMS OpenAPI: check the Endpoint URL',
	InternalError: 'Volcengine had an internal error: try again later',
	ServiceUnavailableTemp: 'VMS is temporarily unavailable: try again later',
	FlowLimitExceeded: 'Too many requests right now: try again in a moment',
	AccountFlowLimitExceeded: 'Too many requests right now: try again in a moment',
};

export class VolcengineVmsApi implements ICredentialType {
	name = 'volcengineVmsApi';

	displayName = 'Volcengine VMS API';

	icon = { light: 'file:icons/volcengine.svg', dark: 'file:icons/volcengine.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-volcengine-vms/n8n-nodes-volcengine-vms#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. AKLT...',
			description: 'The Access Key ID of a Volcengine user (console: Access Control → API Access Keys)',
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Secret Access Key shown once when the key pair was created',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for temporary (STS) credentials: the session token, sent as the signed X-Security-Token header. Leave empty for a permanent key pair.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: DEFAULT_REGION,
			description: 'The signing region. VMS lives in cn-north-1; change it only if Volcengine tells you to.',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: DEFAULT_ENDPOINT,
			placeholder: DEFAULT_ENDPOINT,
			description:
				'Base URL of the VMS OpenAPI. Keep the default, or point it at a proxy or a local VMS emulator (any http or https URL).',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return prepareSignedRequest(credentials, requestOptions, new Date());
	}

	// A cheap authenticated read. `ignoreHttpStatusErrors` lets the rules see the gateway's
	// error code, so a wrong key and a wrong secret get different messages.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.endpoint}}',
			url: '/',
			method: 'POST',
			qs: { Action: 'NumberPoolList', Version: VMS_VERSION, Limit: 1 },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...Object.entries(TEST_FAILURES).map(([code, message]) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'ResponseMetadata.Error.Code', value: code, message },
			})),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'ResponseMetadata',
					value: undefined,
					message: 'The Endpoint did not answer like the VMS OpenAPI: check the Endpoint URL',
				},
			},
		],
	};
}
