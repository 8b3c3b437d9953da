import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/** What to do about each known VMS code: business codes (HTTP 200) and gateway codes. */
export const ERROR_HINTS: Record<string, string> = {
	// Generic business codes
	SystemError: 'A temporary error at Volcengine. Try again later; if it persists, contact Volcengine support with the Request ID.',
	UnauthenticatedRequest: 'The request was not authenticated for VMS. Check that the key pair belongs to the account that owns VMS.',
	IllegalArgument: 'A parameter was rejected. Check the fields named in the message (phone numbers, Expire Time, Number Pool No).',
	UnsupportedOperation: 'This operation is not supported for this number pool or binding mode. Check the pool type (VMS console, Number Pools).',
	ProviderUnsupportedOperation: 'The carrier behind this number does not support the operation. Try another X number or pool.',
	ProviderException: 'The carrier reported an error. Try again later, or use another X number.',
	ConcurrencyConflict: 'Another request changed the same binding at the same time. Run the step again.',
	// Binding state
	ConflictWithExisting:
		'A binding between these numbers already exists. Look it up (Subscription → Get Many) and update or unbind it instead of binding again.',
	SubscriptionEmpty: 'No such binding: the Sub ID is wrong, belongs to another pool, or the binding was already unbound or has expired.',
	CanNotUpdate: 'This binding cannot be updated this way (an AX binding has no B to update: upgrade it to AXB instead).',
	UpgradeError: 'The AX binding could not be upgraded to AXB. Check that it is still bound and has no B yet.',
	UnbindAXError: 'The AX binding could not be unbound. Check the Sub ID and try again.',
	BindAXBError: 'The AXB binding failed. Check the numbers and the pool, then try again.',
	ExceedMaxBindCount: 'The X number or party has reached its maximum number of bindings. Unbind old bindings or use another X.',
	// Numbers
	IllegalPhoneNoX: 'The X number is not in this number pool, or not usable. Pick an X from the pool (Number Pool → Get Numbers).',
	IllegalPhoneNoY: 'The Y number is not in the Y number pool, or not usable. Pick a Y from that pool.',
	PhoneNoXOccupied: 'The X number is already in use for this party. Choose another X, or let VMS select one.',
	PhoneNoEOccupied: 'The extension number is already in use. Choose another extension, or let VMS assign one.',
	PhoneNoXBConflicted: 'X and B conflict with an existing binding. Choose another X.',
	PhoneNoYAConflicted: 'Y and A conflict with an existing binding. Choose another Y.',
	CanNotUsedAsPhoneNoX: 'This number cannot be used as an X number. Pick an X from the number pool.',
	CanNotUsedAsPhoneNoY: 'This number cannot be used as a Y number. Pick a Y from the Y number pool.',
	XCanNotEqualsY: 'X and Y must be different numbers.',
	NumberNotEnough: 'No free number matches the request. Widen the city (Degrade City List, e.g. PNPC) or add numbers to the pool.',
	BlockNumber: 'The number is disabled or blocked. Use another number, or check its status in the VMS console first.',
	DownStreamError: 'A downstream Volcengine system failed. Try again later.',
	// Account, risk and limits
	AccountFrozen: 'The Volcengine account is frozen. Check billing and the account status in the Volcengine console first.',
	AccountSubServiceException: 'The VMS sub-service of the account is not in a normal state. Check it in the VMS console first.',
	OverQpsLimit: 'Too many requests per second. The node already slowed down and retried; set Options → Max Requests per Second below the VMS QPS limit of the account.',
	PhoneNoARiskFrozen: 'Number A is frozen by risk control. Contact Volcengine support.',
	PhoneNoBRiskFrozen: 'Number B is frozen by risk control. Contact Volcengine support.',
	CallerFrequencyLimit: 'The caller reached the call frequency limit. Wait, or ask Volcengine to adjust the limit.',
	CalleeFrequencyLimit: 'The callee reached the call frequency limit. Wait, or ask Volcengine to adjust the limit.',
	CallerRiskFrozen: 'The caller is blocked by risk control. Contact Volcengine support.',
	CalleeRiskFrozen: 'The callee is blocked by risk control. Contact Volcengine support.',
	RepeatClick2Call:
		'A dual call between these two numbers is still in progress (or was just requested); the node did not send it again. Wait for it to end (call events, or Call → Get Records), or cancel it (Call → Cancel Click2Call), before calling again.',
	// Gateway codes
	MissingParameter: 'A required parameter is missing. Fill in every required field.',
	MissingAuthenticationToken: 'The request was not signed. Check that the node uses a Volcengine VMS credential.',
	MissingRequestInfo: 'The request lacked signing information (such as X-Date). Check proxies between n8n and Volcengine.',
	MissingSignature: 'The request signature was missing or malformed. Check proxies between n8n and Volcengine.',
	InvalidTimestamp: "The request time was rejected: the n8n server's clock is off. Sync it (NTP).",
	ServiceNotFound: 'The service was not found. Check the Endpoint and Region of the credential.',
	InvalidActionOrVersion: 'The endpoint does not know this action. Check the Endpoint of the credential.',
	InvalidAccessKey: 'The Access Key ID is unknown. Check the credential.',
	SignatureDoesNotMatch: 'The signature did not match: the Secret Access Key is probably wrong. Paste it again in the credential.',
	LackPolicy: 'The key lacks a permission policy for VMS. Grant the user a VMS policy in Access Control.',
	AccessDenied: 'Access denied. Grant the user a VMS policy in Access Control.',
	InternalError: 'A temporary error at Volcengine. Try again later.',
	InvalidSecretToken: 'The Session Token is invalid or expired. Get new temporary credentials.',
	FlowLimitExceeded: 'Too many requests. The node already slowed down and retried; set Options → Max Requests per Second lower.',
	AccountFlowLimitExceeded: 'The account sent too many requests. The node already slowed down and retried; set Options → Max Requests per Second lower.',
	ServiceUnavailableTemp: 'VMS is temporarily unavailable. Try again later.',
	InternalServiceTimeout: 'Volcengine timed out while handling the request.',
};

/** Codes that mean "not processed, safe to send again". */
export const THROTTLING_CODES = new Set(['OverQpsLimit', 'FlowLimitExceeded', 'AccountFlowLimitExceeded']);

export interface VmsErrorInfo {
	code: string;
	message: string;
	requestId?: string;
	httpCode: number;
	action: string;
	/** Said when the outcome is unknown (a 5xx for an action that creates something). */
	uncertain?: string;
}

export function toVmsApiError(node: INode, info: VmsErrorInfo, response: JsonObject): NodeApiError {
	// Own keys only: a code named "constructor" or "toString" has no hint.
	const hint = Object.prototype.hasOwnProperty.call(ERROR_HINTS, info.code) ? ERROR_HINTS[info.code] : undefined;
	const details = [hint, info.uncertain, info.requestId ? `Request ID: ${info.requestId}` : undefined, `Action: ${info.action}`]
		.filter(Boolean)
		.join(' ');
	const message = `${info.code}: ${info.message || 'no message'}`;
	const error = new NodeApiError(node, response, {
		message,
		description: details,
		httpCode: String(info.httpCode),
	});
	// n8n swaps messages containing e.g. "ENOTFOUND" (as in "ServiceNotFound") for a generic text.
	error.message = message;
	error.context.vmsCode = info.code;
	error.context.requestId = info.requestId;
	return error;
}
