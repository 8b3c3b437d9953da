import type { IDataObject } from 'n8n-workflow';

import type { VmsOperation } from '../operation';
import { FieldError, textField } from '../fields';

/**
 * UploadQualificationFileV2 (JSON, the file as Base64): the classic UploadQualificationFile is a multipart
 * upload, which a signed VMS request cannot carry (the body is hashed as sent). The file is the item's binary data.
 */
export const uploadFile: VmsOperation = {
	value: 'uploadFile',
	name: 'Upload File',
	description: 'Upload a qualification document (business licence, ID card photo…) from the input binary data; returns its file code',
	action: 'Upload a qualification document from binary data',
	apiAction: 'UploadQualificationFileV2',
	encoding: 'json',
	creates: { what: 'the file', check: 'Uploading it again gives a second file code; only the one you use counts.' },
	fields: [
		textField('binaryPropertyName', 'Input Binary Field', {
			required: true,
			default: 'data',
			apiName: 'FileBase64',
			hint: 'The name of the input binary field holding the file',
			description: 'The binary field of the input item with the document, e.g. data',
		}),
	],
	optional: [
		textField('fileName', 'File Name', { description: "The document's file name; default: the binary file's name" }),
		textField('fileType', 'File Type', { description: "The document's type, e.g. jpg, png or pdf; default: the binary file's extension" }),
	],
	async prepare(params, itemIndex) {
		const property = String(params.FileBase64);
		let binary;
		try {
			binary = this.helpers.assertBinaryData(itemIndex, property);
		} catch {
			throw Object.assign(
				new FieldError(`Input Binary Field (binaryPropertyName): the item has no binary field "${property}"`, 'Set the name of the binary field with the document, e.g. data, or read the file first (Read/Write Files from Disk, HTTP Request).'),
				{ field: 'binaryPropertyName', value: property },
			);
		}
		const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, property);
		const fileName = params.FileName ?? binary.fileName;
		const fileType = params.FileType ?? binary.fileExtension ?? (typeof fileName === 'string' ? /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1] : undefined);
		if (!fileName || !fileType) {
			throw new FieldError('Upload File needs a File Name and a File Type', "The binary data has no file name or extension: set File Name and File Type under Additional Fields.");
		}
		const ready: IDataObject = { FileBase64: buffer.toString('base64'), FileName: fileName, FileType: String(fileType).toLowerCase() };
		return ready;
	},
};
