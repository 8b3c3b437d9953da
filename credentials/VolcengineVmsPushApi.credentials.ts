import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The token VMS signs its pushes with. It only verifies pushes, so a workflow that only receives
 * events needs no access key. No request can check it against VMS: the Volcengine VMS Trigger tests
 * its format (`testedBy`), and the first real push proves it.
 */
export class VolcengineVmsPushApi implements ICredentialType {
	name = 'volcengineVmsPushApi';

	displayName = 'Volcengine VMS Push API';

	icon = { light: 'file:icons/volcengine.svg', dark: 'file:icons/volcengine.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-volcengine-vms/n8n-nodes-volcengine-vms#receive-call-events';

	properties: INodeProperties[] = [
		{
			displayName:
				'Find the token in the VMS console under Business Settings → Basic Settings: AuthToken, 10 to 20 characters. Then paste the Production URL of the Volcengine VMS Trigger into the privacy-number callback settings, for one number pool or for the whole account.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. 8D202AC288',
			description:
				'The AuthToken of your VMS account (10 to 20 characters). VMS signs every push with it; the trigger answers 401 to a push whose signature does not match.',
		},
	];
}
