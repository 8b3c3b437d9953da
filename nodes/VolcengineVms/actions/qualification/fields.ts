import { jsonField } from '../fields';

/** The qualification forms, as JSON in the API's own key names (the Go SDK's *FormDO models). */

export const mainInfo = (options: { required?: boolean } = {}) =>
	jsonField('qualificationMainInfoFormDO', 'Main Info', {
		shape: 'object',
		example:
			'{ "QualificationEntity": "Example Ltd", "CertificateThreeInOne": 1, "UnitSocialCreditCode": "91110000…", "ThreeInOneBusinessLicensePhotoFileCode": "<file code>" }',
		description:
			'The company: QualificationEntity, EnterpriseAddress, LegalRepresentativeName/Id, UnitSocialCreditCode, and the FileCode of each uploaded document (Upload File). To update, include QualificationNo.',
		...options,
	});

export const adminInfo = (options: { required?: boolean } = {}) =>
	jsonField('qualificationAdminInfoFormDO', 'Admin Info', {
		shape: 'object',
		example: '{ "Name": "Zhang San", "ContactNumber": "13800138000", "IdCardNumber": "…", "IdCardFrontPhotoFileCode": "<file code>" }',
		description: 'The person in charge: Name, ContactNumber, IdCardNumber and the FileCodes of the ID card photos',
		...options,
	});

export const scenarios = (options: { required?: boolean } = {}) =>
	jsonField('qualificationScenarioInfoFormDOList', 'Scenarios', {
		shape: 'list',
		example: '[{ "QualificationNo": "QUA…", "SceneType": 1, "Description": "Delivery calls", "ScenarioOfCalling": "…" }]',
		description: 'The calling scenarios: a JSON list of { QualificationNo, SceneType, Description, ScenarioOfCalling }',
		...options,
	});
