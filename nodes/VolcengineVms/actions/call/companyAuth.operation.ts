import type { VmsOperation } from '../operation';
import { jsonField, textField } from '../fields';
import { companyCreditCode, companyName, lowerCamel, picture } from './auth';

export const companyAuth: VmsOperation = {
	value: 'companyAuth',
	name: 'Authorise Company',
	description: 'Register the company for dual calls: the first step before Click2Call Lite',
	action: 'Authorise a company for dual calls (Click2Call Lite)',
	apiAction: 'Click2CallCompanyAuth',
	encoding: 'json',
	creates: { what: 'the authorisation', check: 'Ask Volcengine (VMS console) whether it arrived before sending it again.' },
	fields: [companyName(), companyCreditCode()],
	optional: [
		...picture('businessLicense', 'Business Licence'),
		...picture('proprietorIdcard', 'Proprietor ID Card'),
		...picture('operatorIdcard', 'Operator ID Card'),
		...picture('operatorIdcardInhand', 'Operator Holding ID Card'),
		...picture('networkaccessCommitmentletter', 'Network Access Commitment Letter'),
		...picture('numberapplicationOfficialletter', 'Number Application Letter'),
		lowerCamel(textField('calleeSource', 'Callee Source', { description: 'Where the called numbers come from' })),
		lowerCamel(textField('businessCarrier', 'Business Carrier', { description: 'The carrier of the business' })),
		lowerCamel(textField('scriptContent', 'Script Content', { trim: false, description: 'What the calls are about' })),
		lowerCamel(textField('scriptScene', 'Script Scene', { description: 'The scene of the calls' })),
		lowerCamel(
			jsonField('scriptList', 'Script List', {
				shape: 'list',
				example: '[{ "scriptContent": "…", "scriptScene": "…" }]',
				description: 'Several scripts, as a JSON list',
			}),
		),
	],
};
