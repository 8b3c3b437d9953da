import { textField, type VmsField } from '../fields';

/**
 * The dual-call authorisations (Click2CallCompanyAuth, Click2CallNumberAuth) take lowerCamel JSON keys
 * (`companyName`, as the docs and the Java SDK's JSON names), unlike the rest of VMS.
 */
export const lowerCamel = (field: VmsField): VmsField => ({ ...field, apiName: field.property.name });

export const companyName = () =>
	lowerCamel(textField('companyName', 'Company Name', { required: true, maxLength: 128, description: 'The company, as registered' }));

export const companyCreditCode = () =>
	lowerCamel(
		textField('companyCreditCode', 'Company Credit Code', {
			required: true,
			pattern: /^[0-9A-Z]{18}$/,
			patternHint: 'the 18-character unified social credit code',
			description: 'The unified social credit code of the company',
		}),
	);

/** A document: its link and its file name (`<name>PicUrl`, `<name>PicFilename`). */
export const picture = (name: string, label: string): VmsField[] => [
	lowerCamel(textField(`${name}PicUrl`, `${label} Link`, { description: `A link to the ${label.toLowerCase()} image` })),
	lowerCamel(textField(`${name}PicFilename`, `${label} File Name`, { description: `The file name of the ${label.toLowerCase()} image, e.g. licence.jpg` })),
];
