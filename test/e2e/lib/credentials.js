'use strict';
// The credentials imported into n8n before the workflows run. Workflows refer to them by type, id and name:
//   "credentials": { "volcengineVmsApi": { "id": "vmsEmulator", "name": "VMS emulator" } }
//   "credentials": { "volcengineVmsPushApi": { "id": "vmsPush", "name": "VMS push" } }      (the trigger)
// The endpoint of the API credentials is filled in at setup with the emulator's URL.

const CREDENTIAL_TYPE = 'volcengineVmsApi';
const PUSH_CREDENTIAL_TYPE = 'volcengineVmsPushApi';

const CREDENTIALS = {
	/** The emulator's default key pair: requests are signed correctly. */
	emulator: { id: 'vmsEmulator', name: 'VMS emulator', data: { accessKeyId: 'AKLTEMULATOR', secretAccessKey: 'emulator-secret-key' } },
	/** The right Access Key ID with a wrong secret: the emulator answers SignatureDoesNotMatch. */
	wrongSecret: {
		id: 'vmsWrongSecret',
		name: 'VMS emulator (wrong secret)',
		data: { accessKeyId: 'AKLTEMULATOR', secretAccessKey: 'not-the-emulator-secret' },
	},
	/** Temporary (STS) credentials: signed with X-Security-Token. */
	sts: {
		id: 'vmsEmulatorSts',
		name: 'VMS emulator (STS)',
		data: { accessKeyId: 'AKLTSTSEMULATOR', secretAccessKey: 'emulator-sts-secret', sessionToken: 'emulator-session-token' },
	},
	/** The trigger's auth token: the emulator signs its pushes with it (POST /_emulator/push-target). */
	push: { id: 'vmsPush', name: 'VMS push', type: PUSH_CREDENTIAL_TYPE, data: { authToken: 'e2ePushToken2468' } },
};

/** The array `n8n import:credentials --input=<file>` takes; plain `data` is encrypted on import. */
function credentialsFile(endpoint) {
	return Object.values(CREDENTIALS).map((c) => ({
		id: c.id,
		name: c.name,
		type: c.type || CREDENTIAL_TYPE,
		data: c.type ? c.data : { sessionToken: '', ...c.data, region: 'cn-north-1', endpoint },
	}));
}

module.exports = { CREDENTIAL_TYPE, PUSH_CREDENTIAL_TYPE, CREDENTIALS, credentialsFile };
