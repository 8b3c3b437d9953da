import { testCredential } from '../helpers/n8n';
import { useEmulator, withNonVmsServer } from '../helpers/emulator';

const env = useEmulator();

describe('the credential test (run through n8n-core’s RoutingNode, as the credentials tester does)', () => {
	it('succeeds with the right keys, with one signed NumberPoolList call', async () => {
		const { emulator, credentials } = env();
		expect(await testCredential(credentials)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0]).toMatchObject({ action: 'NumberPoolList', signature: { ok: true } });
		expect(emulator.requests[0].params.Limit).toBe('1');
	});

	it('says the secret is wrong when it is', async () => {
		const { credentials } = env();
		expect(await testCredential({ ...credentials, secretAccessKey: 'wrong' })).toEqual({
			status: 'Error',
			message: 'The Secret Access Key does not match the Access Key ID: paste the secret of this key pair again',
		});
	});

	it('says the key is unknown when it is', async () => {
		const { credentials } = env();
		expect(await testCredential({ ...credentials, accessKeyId: 'AKLTNOBODY' })).toEqual({
			status: 'Error',
			message: 'The Access Key ID is not known to Volcengine: check that it is copied whole and still active',
		});
	});

	it('says the session token is wrong when it is', async () => {
		const { credentials } = env();
		const sts = { ...credentials, accessKeyId: 'AKLTSTSEMULATOR', secretAccessKey: 'emulator-sts-secret' };
		expect(await testCredential({ ...sts, sessionToken: 'emulator-session-token' })).toMatchObject({ status: 'OK' });
		expect(await testCredential({ ...sts, sessionToken: 'expired' })).toEqual({
			status: 'Error',
			message: 'The Session Token is invalid or expired: get new temporary credentials, or clear the field for a permanent key',
		});
	});

	it('says the endpoint is wrong when it does not answer like VMS', async () => {
		const { credentials } = env();
		const result = await withNonVmsServer(200, '<html>hi</html>', (endpoint) => testCredential({ ...credentials, endpoint }));
		expect(result).toEqual({
			status: 'Error',
			message: 'The Endpoint did not answer like the VMS OpenAPI: check the Endpoint URL',
		});
	});
});
