'use strict';
// Issue 16 in a real n8n: onboarding a merchant through the management operations (upload a document from
// binary data, add the qualification, create a pool, apply for numbers, find the application), the list
// filters of GET actions (one comma-joined value), and the dual-call authorisations.
// Workflows: test/e2e/workflows/{onboarding,management-rest}.json (chains, each node fed by the previous one).
const { runWorkflow, ofAction } = require('./harness');

const AXN = 'NP160084061100694433';
const json = (items) => items.map((i) => i.json);

describe('management operations in real n8n', () => {
	test('upload → qualification → pool → application; disable numbers; list filters comma-joined; authorisations', async () => {
		const res = await runWorkflow('onboarding');
		for (const r of res.requests) expect({ action: r.action, signature: r.signature.ok, error: r.response.code || null }).toEqual({ action: r.action, signature: true, error: null });

		const [file] = json(res.items('Upload File'));
		expect(file.FileCode).toMatch(/^FC/);
		const upload = ofAction(res.requests, 'UploadQualificationFileV2')[0];
		expect(JSON.parse(upload.rawBody)).toEqual({ FileBase64: Buffer.from('%PDF-1.4 business licence').toString('base64'), FileName: 'licence.pdf', FileType: 'pdf' });

		const [qualification] = json(res.items('Add Qualification'));
		expect(JSON.parse(ofAction(res.requests, 'AddQualification')[0].rawBody).QualificationMainInfoFormDO).toEqual({
			QualificationEntity: 'Example Delivery Ltd',
			UnitSocialCreditCode: '91110000MA01ABCD2X',
			ThreeInOneBusinessLicensePhotoFileCode: file.FileCode,
		});
		const [pool] = json(res.items('Create Pool'));
		expect(pool).toMatchObject({ Name: 'Example Delivery Ltd', NumberPoolNo: expect.stringMatching(/^NP/) });
		const [applied] = json(res.items('Apply'));
		expect(json(res.items('Applications'))).toEqual([
			expect.objectContaining({ ApplyBillId: applied.ApplyBillId, NumberPoolNo: pool.NumberPoolNo, QualificationEntity: 'Example Delivery Ltd' }),
		]);
		expect(JSON.parse(ofAction(res.requests, 'CreateNumberApplication')[0].rawBody).QualificationNo).toBe(qualification.QualificationNo);

		expect(json(res.items('Disable'))).toEqual([{ success: true, numbers: ['13700000002', '13700000003'], enableCode: 2 }]);
		expect(ofAction(res.requests, 'EnableOrDisableNumber')[0].rawBody).toBe('NumberList=13700000002%2C13700000003&EnableCode=2');

		// GET list filters: one comma-joined value, and VMS (reading the first value of a key) sees every entry.
		expect(json(res.items('Numbers')).map((n) => [n.Number, n.NumberStatusCode])).toEqual([
			['13700000003', 2],
			['13700000004', 1],
		]);
		const numberList = ofAction(res.requests, 'NumberList')[0];
		expect(new URLSearchParams(numberList.rawQuery).getAll('NumberList')).toEqual(['13700000003,13700000004']);
		expect(json(res.items('Select'))).toEqual([{ Number: '13700000004' }]);
		expect(new URLSearchParams(ofAction(res.requests, 'SelectNumber')[0].rawQuery).getAll('DegradeCityList')).toEqual(['0998,010']);
		expect(ofAction(res.requests, 'SelectNumber')[0].params).toMatchObject({ NumberPoolNo: AXN, CityCode: '0999' });

		expect(json(res.items('Authorise Numbers'))).toEqual([{ code: '0', message: 'success' }]);
		expect(JSON.parse(ofAction(res.requests, 'Click2CallNumberAuth')[0].rawBody)).toEqual({
			companyName: 'Example Delivery Ltd',
			companyCreditCode: '91110000MA01ABCD2X',
			action: 'add',
			aNumbers: '13800138000,13900139000',
		});
	});

	test('the rest: update a pool, scroll numbers, industrial ID, qualification scenarios and update, get many, A-number registration', async () => {
		const res = await runWorkflow('management-rest');
		for (const r of res.requests) expect({ action: r.action, signature: r.signature.ok, error: r.response.code || null }).toEqual({ action: r.action, signature: true, error: null });
		const [pool] = json(res.items('Create Pool'));
		expect(json(res.items('Update Pool'))).toEqual([{ success: true, numberPoolNo: pool.NumberPoolNo }]);
		expect(ofAction(res.requests, 'UpdateNumberPool')[0].params).toMatchObject({ NumberPoolNo: pool.NumberPoolNo, Name: 'Merchant (north)', Scene: '2' });

		const [page] = json(res.items('Scroll'));
		expect(page.Records.map((r) => r.Number)).toEqual(['13700000005', '13700000006', '13700000007']);
		expect(page.NextToken).toBe('T6');
		expect(ofAction(res.requests, 'NumberListScroll')[0]).toMatchObject({ method: 'GET', rawBody: '' });

		expect(json(res.items('Industrial ID'))).toEqual([{ success: true, numberPoolNo: pool.NumberPoolNo }]);
		expect(JSON.parse(ofAction(res.requests, 'RegisterIndustrialId')[0].rawBody)).toEqual({ NumberPoolNo: pool.NumberPoolNo, OrderId: 'order-700' });

		const [qualification] = json(res.items('Add Qualification'));
		expect(json(res.items('Qualifications'))).toEqual([
			expect.objectContaining({
				QualificationMainInfoVO: expect.objectContaining({ QualificationNo: qualification.QualificationNo, EnterpriseAddress: 'Beijing' }),
				QualificationScenarioInfoVOList: [
					expect.objectContaining({ SceneType: 1, Description: 'Courier calls' }),
					expect.objectContaining({ SceneType: 2, Description: 'Returns' }),
				],
			}),
		]);
		expect(JSON.parse(ofAction(res.requests, 'QueryQualification')[0].rawBody)).toEqual({ QualificationNoList: [qualification.QualificationNo], Offset: 0, Limit: 100 });

		expect(ofAction(res.requests, 'RouteAAuth')[0].params).toMatchObject({ PhoneNumber: '13800138000', IdType: '1' });
		expect(json(res.items('A Registration'))).toEqual([{ Status: 1, FailReason: '' }]);
	});
});
