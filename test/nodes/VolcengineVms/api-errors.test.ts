import { runNode } from '../../helpers/n8n';
import { useEmulator, VALID_BIND, withNonVmsServer } from '../../helpers/emulator';
import { ERROR_HINTS, toVmsApiError } from '../../../nodes/VolcengineVms/transport/errors';

const env = useEmulator();

// The number-privacy business codes (reference §3.3, docs 6358/172156 and 6358/173334): HTTP 200.
const BUSINESS_CODES = [
	'SystemError', 'UnauthenticatedRequest', 'IllegalArgument', 'UnsupportedOperation', 'ProviderUnsupportedOperation',
	'ProviderException', 'ConcurrencyConflict', 'ConflictWithExisting', 'SubscriptionEmpty', 'CanNotUpdate', 'UpgradeError',
	'UnbindAXError', 'BindAXBError', 'ExceedMaxBindCount', 'IllegalPhoneNoX', 'IllegalPhoneNoY', 'PhoneNoXOccupied',
	'PhoneNoEOccupied', 'PhoneNoXBConflicted', 'PhoneNoYAConflicted', 'CanNotUsedAsPhoneNoX', 'CanNotUsedAsPhoneNoY',
	'XCanNotEqualsY', 'NumberNotEnough', 'BlockNumber', 'AccountFrozen', 'AccountSubServiceException', 'OverQpsLimit',
	'PhoneNoARiskFrozen', 'PhoneNoBRiskFrozen', 'CallerFrequencyLimit', 'CalleeFrequencyLimit', 'CallerRiskFrozen',
	'CalleeRiskFrozen', 'RepeatClick2Call', 'DownStreamError',
];

// Gateway codes and their HTTP statuses (reference §3.2).
const GATEWAY_CODES: Array<[string, number]> = [
	['MissingParameter', 400], ['MissingAuthenticationToken', 401], ['MissingRequestInfo', 400], ['MissingSignature', 401],
	['InvalidTimestamp', 400], ['ServiceNotFound', 404], ['InvalidActionOrVersion', 404], ['InvalidAccessKey', 401],
	['SignatureDoesNotMatch', 401], ['LackPolicy', 403], ['AccessDenied', 403], ['InternalError', 500],
	['InvalidSecretToken', 401], ['FlowLimitExceeded', 429], ['AccountFlowLimitExceeded', 429],
	['ServiceUnavailableTemp', 503], ['InternalServiceTimeout', 504],
];

const THROTTLING = new Set(['OverQpsLimit', 'FlowLimitExceeded', 'AccountFlowLimitExceeded']);

const CATALOGUE: Array<[string, number]> = [...BUSINESS_CODES.map((c): [string, number] => [c, 200]), ...GATEWAY_CODES];

const parameters = VALID_BIND;

describe('API error catalogue', () => {
	it('covers the 36 business codes and 17 gateway codes, each with a hint', () => {
		expect(BUSINESS_CODES).toHaveLength(36);
		expect(GATEWAY_CODES).toHaveLength(17);
		for (const [code] of CATALOGUE) expect({ code, hint: ERROR_HINTS[code] }).toEqual({ code, hint: expect.any(String) });
	});

	it.each(CATALOGUE.filter(([code]) => !THROTTLING.has(code)))(
		'%s (HTTP %i) becomes a NodeApiError with code, message, status, request ID and hint',
		async (code, status) => {
			const { emulator, credentials } = env();
			emulator.injectError({ action: 'BindAXN', code, message: `Message of ${code}`, status });
			const { error } = await runNode({ parameters, items: [{}], credentials });
			expect(error!.name).toBe('NodeApiError');
			expect(error!.message).toBe(`${code}: Message of ${code}`);
			expect(error!.httpCode).toBe(String(status));
			expect(String(error!.description)).toContain(ERROR_HINTS[code]);
			expect(String(error!.description)).toMatch(/Request ID: \w+/);
			expect(emulator.requests).toHaveLength(1);
		},
	);

	it.each([...THROTTLING].map((code) => [code, code === 'OverQpsLimit' ? 200 : 429] as [string, number]))(
		'%s (HTTP %i) is retried after a back-off and then succeeds',
		async (code, status) => {
			const { emulator, credentials } = env();
			emulator.injectError({ action: 'BindAXN', code, message: 'slow down', status, times: 1 });
			const { items } = await runNode({ parameters, items: [{}], credentials });
			expect(items![0].json.SubId).toMatch(/^S\d+$/);
			expect(emulator.requests.map((r) => r.response.code ?? null)).toEqual([code, null]);
			expect(emulator.requests[1].rawBody).toBe(emulator.requests[0].rawBody);
		},
	);

	it('throttling is retried however often while the account is not blocked: five throttled answers, then bound once', async () => {
		const { emulator, credentials } = env();
		emulator.injectError({ action: 'BindAXN', code: 'FlowLimitExceeded', message: 'slow down', status: 429, times: 5 });
		const { items, error } = await runNode({ parameters, items: [{}], credentials });
		expect(error).toBeUndefined();
		expect(items![0].json.SubId).toMatch(/^S\d+$/);
		expect(emulator.requests.map((r) => r.response.code ?? null)).toEqual([...Array(5).fill('FlowLimitExceeded'), null]);
	}, 30000);

	it('throttling with nothing accepted for 30 s is reported with its hint, every attempt unprocessed', async () => {
		const { emulator, credentials } = env();
		emulator.injectError({ action: 'BindAXN', code: 'FlowLimitExceeded', message: 'slow down', status: 429, times: 1000 });
		const started = Date.now();
		const { error } = await runNode({ parameters, items: [{}], credentials });
		expect(Date.now() - started).toBeGreaterThanOrEqual(30000);
		expect(error!.message).toBe('FlowLimitExceeded: slow down');
		expect(error!.httpCode).toBe('429');
		expect(String(error!.description)).toContain(ERROR_HINTS.FlowLimitExceeded);
		const codes = emulator.requests.map((r) => r.response.code);
		expect(codes.length).toBeGreaterThan(5);
		expect(codes).toEqual(Array(codes.length).fill('FlowLimitExceeded'));
	}, 90000);

	it('an unknown code still shows its code and message, without a hint', () => {
		const node = { id: '1', name: 'VMS', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const error = toVmsApiError(
			node,
			{ code: 'BrandNewCode', message: 'Something new', requestId: 'R1', httpCode: 200, action: 'BindAXN' },
			{},
		);
		expect(error.message).toBe('BrandNewCode: Something new');
		expect(error.description).toBe('Request ID: R1 Action: BindAXN');
	});

	it('reports a non-VMS answer (HTML from a wrong endpoint) clearly', async () => {
		const { credentials } = env();
		const { error } = await withNonVmsServer(404, '<h1>Not Found</h1>', (endpoint) =>
			runNode({ parameters, items: [{}], credentials: { ...credentials, endpoint } }),
		);
		expect(error!.message).toBe('VMS answered BindAXN with HTTP 404 and no readable result');
		expect(error!.description).toContain('<h1>Not Found</h1>');
	});

	it('reports an unreachable endpoint without sending twice', async () => {
		const { credentials } = env();
		const { error } = await runNode({
			parameters,
			items: [{}],
			credentials: { ...credentials, endpoint: 'http://127.0.0.1:9' },
		});
		expect(error!.message).toMatch(/^Could not send the BindAXN request: connect ECONNREFUSED 127\.0\.0\.1:9$/);
		expect(String(error!.description)).toContain('Nothing was sent');
	});
});
