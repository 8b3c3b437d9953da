/**
 * The 17 account-management actions (issue 16) through real n8n-core against the emulator: number pools,
 * number applications, qualifications and their files, A-number registration, dual-call authorisations.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/n8n';
import { AXN_POOL, useEmulator } from '../../helpers/emulator';

const env = useEmulator();
const CREDIT_CODE = '91110000MA01ABCD2X';

async function run(parameters: IDataObject, extra: { binary?: Array<IDataObject | undefined> } = {}) {
	const { credentials } = env();
	const result = await runNode({ parameters, credentials, ...(extra as object) });
	if (result.error) throw result.error;
	return result.items!;
}
const json = async (parameters: IDataObject) => (await run(parameters)).map((i) => i.json);
const lastRequest = () => env().emulator.requests[env().emulator.requests.length - 1];
const body = () => JSON.parse(lastRequest().rawBody) as IDataObject;

const MAIN = { QualificationEntity: 'Example Delivery Ltd', CertificateThreeInOne: 1, UnitSocialCreditCode: CREDIT_CODE };
const ADMIN = { Name: 'Zhang San', ContactNumber: '13800138000' };

async function addQualification(): Promise<string> {
	const [added] = await json({
		resource: 'qualification',
		operation: 'add',
		qualificationMainInfoFormDO: JSON.stringify(MAIN),
		qualificationAdminInfoFormDO: ADMIN,
		qualificationScenarioInfoFormDOList: '[{ "SceneType": 1, "Description": "Delivery calls" }]',
	});
	return added.QualificationNo as string;
}

describe('Number Pool management', () => {
	it('create → get many finds it → update renames it', async () => {
		const [pool] = await json({ resource: 'numberPool', operation: 'create', name: 'Merchant 42', serviceType: 200, subServiceType: 202 });
		expect(pool).toMatchObject({ Name: 'Merchant 42', NumberPoolNo: expect.stringMatching(/^NP/), SubServiceType: 202 });
		expect(lastRequest()).toMatchObject({ method: 'POST', action: 'CreateNumberPool', params: { Name: 'Merchant 42', ServiceType: '200', SubServiceType: '202' } });

		const [updated] = await json({ resource: 'numberPool', operation: 'update', numberPoolNo: pool.NumberPoolNo, name: 'Merchant 42 (north)' });
		expect(updated).toEqual({ success: true, numberPoolNo: pool.NumberPoolNo });
		const found = await json({ resource: 'numberPool', operation: 'getMany', returnAll: true, filters: { numberPoolNo: pool.NumberPoolNo } });
		expect(found).toEqual([expect.objectContaining({ NumberPoolName: 'Merchant 42 (north)' })]);
	});

	it('create refuses a name over 32 characters before sending', async () => {
		const { credentials, emulator } = env();
		const { error } = await runNode({ credentials, parameters: { resource: 'numberPool', operation: 'create', name: 'x'.repeat(33), serviceType: 200, subServiceType: 202 } });
		expect(error!.message).toBe('Name (name) is 33 characters long; at most 32 are allowed');
		expect(emulator.requests).toHaveLength(0);
	});

	it('enable or disable numbers: the numbers go as one comma-joined form value; Get Numbers shows the status', async () => {
		const [done] = await json({ resource: 'numberPool', operation: 'setNumberStatus', numberList: ['13700000002', '13700000003'], enableCode: 2 });
		expect(done).toEqual({ success: true, numbers: ['13700000002', '13700000003'], enableCode: 2 });
		expect(lastRequest().rawBody).toBe('NumberList=13700000002%2C13700000003&EnableCode=2');
		const disabled = await json({ resource: 'numberPool', operation: 'getNumbers', numberPoolNo: AXN_POOL, returnAll: true, filters: { numberStatusCode: 2 } });
		expect(disabled.map((n) => n.Number)).toEqual(['13700000002', '13700000003']);
	});

	it('get numbers (scroll) follows NextToken', async () => {
		const [first] = await json({ resource: 'numberPool', operation: 'scrollNumbers', numberPoolNo: AXN_POOL, limit: 4 });
		expect((first.Records as IDataObject[]).map((r) => r.Number)).toEqual(['13700000002', '13700000003', '13700000004', '13700000005']);
		expect(lastRequest()).toMatchObject({ method: 'GET', action: 'NumberListScroll', rawBody: '' });
		const [second] = await json({ resource: 'numberPool', operation: 'scrollNumbers', numberPoolNo: AXN_POOL, limit: 4, filters: { nextToken: first.NextToken } });
		expect((second.Records as IDataObject[])[0].Number).toBe('13700000006');
		const [only] = await json({ resource: 'numberPool', operation: 'scrollNumbers', numberPoolNo: AXN_POOL, limit: 10, filters: { numberList: '13700000003,13700000009' } });
		expect((only.Records as IDataObject[]).map((r) => r.Number)).toEqual(['13700000003', '13700000009']);
		expect(new URLSearchParams(lastRequest().rawQuery).getAll('NumberList')).toEqual(['13700000003,13700000009']);
	});

	it('apply for numbers (JSON, codes as text) → get number applications finds it', async () => {
		const qualificationNo = await addQualification();
		const [applied] = await json({
			resource: 'numberPool',
			operation: 'applyForNumbers',
			qualificationNo,
			numberPoolNo: AXN_POOL,
			numberPurpose: '1',
			numberType: '1',
			subServiceType: '202',
			numberApplicationCityItemList: '[{ "CityCode": "010", "CountryIsoCode": "CN", "NumberCount": "5" }]',
			additionalFields: { remark: 'new merchant' },
		});
		expect(applied.ApplyBillId).toMatch(/^NA/);
		expect(body()).toEqual({
			QualificationNo: qualificationNo,
			NumberPoolNo: AXN_POOL,
			NumberPurpose: '1',
			NumberType: '1',
			SubServiceType: '202',
			NumberApplicationCityItemList: [{ CityCode: '010', CountryIsoCode: 'CN', NumberCount: '5' }],
			Remark: 'new merchant',
		});
		const records = await json({ resource: 'numberPool', operation: 'getApplications', returnAll: true, filters: { applyBillId: applied.ApplyBillId } });
		expect(records).toEqual([expect.objectContaining({ ApplyBillId: applied.ApplyBillId, NumberPoolNo: AXN_POOL, QualificationEntity: MAIN.QualificationEntity })]);
		expect(lastRequest()).toMatchObject({ method: 'GET', action: 'QueryNumberApplyRecordList', params: { ApplyBillId: applied.ApplyBillId, Offset: '0', Limit: '100' } });
	});

	it('apply for numbers refuses cities that are not a JSON list, before sending', async () => {
		const { credentials, emulator } = env();
		const { error } = await runNode({
			credentials,
			parameters: { resource: 'numberPool', operation: 'applyForNumbers', qualificationNo: 'QUA1', numberPoolNo: AXN_POOL, numberPurpose: '1', numberType: '1', subServiceType: '202', numberApplicationCityItemList: '{ "CityCode": "010" }' },
		});
		expect(error!.message).toBe('Cities (numberApplicationCityItemList) must be a list of objects, not an object');
		expect(emulator.requests).toHaveLength(0);
	});

	it('register industrial ID (JSON)', async () => {
		const [item] = await json({ resource: 'numberPool', operation: 'registerIndustrialId', numberPoolNo: AXN_POOL, orderId: 'order-700' });
		expect(item).toEqual({ success: true, numberPoolNo: AXN_POOL });
		expect(body()).toEqual({ NumberPoolNo: AXN_POOL, OrderId: 'order-700' });
	});
});

describe('Qualification', () => {
	it('upload file reads the input binary data and sends it as Base64 with its name and type', async () => {
		const bytes = Buffer.from('%PDF-1.4 licence');
		const items = await run(
			{ resource: 'qualification', operation: 'uploadFile', binaryPropertyName: 'data' },
			{ binary: [{ data: { data: bytes.toString('base64'), mimeType: 'application/pdf', fileName: 'licence.pdf', fileExtension: 'pdf' } }] },
		);
		expect(items[0].json).toEqual({ FileCode: expect.stringMatching(/^FC/), FileName: 'licence.pdf' });
		expect(body()).toEqual({ FileBase64: bytes.toString('base64'), FileName: 'licence.pdf', FileType: 'pdf' });
		expect(lastRequest().action).toBe('UploadQualificationFileV2');
	});

	it('upload file without that binary field is refused before anything is sent', async () => {
		const { credentials, emulator } = env();
		const { error } = await runNode({ credentials, parameters: { resource: 'qualification', operation: 'uploadFile', binaryPropertyName: 'licence' } });
		expect(error!.message).toBe('Input Binary Field (binaryPropertyName): the item has no binary field "licence"');
		expect(emulator.requests).toHaveLength(0);
	});

	it('add → add scenarios → update scenarios → update → get many', async () => {
		const qualificationNo = await addQualification();
		expect(body()).toEqual({ QualificationMainInfoFormDO: MAIN, QualificationAdminInfoFormDO: ADMIN, QualificationScenarioInfoFormDOList: [{ SceneType: 1, Description: 'Delivery calls' }] });

		const scene = { QualificationNo: qualificationNo, SceneType: 2, Description: 'Returns' };
		expect(await json({ resource: 'qualification', operation: 'addScene', qualificationScenarioInfoFormDOList: [scene] })).toEqual([{ success: true, result: 'success' }]);
		await json({ resource: 'qualification', operation: 'updateScene', qualificationScenarioInfoFormDOList: [{ QualificationNo: qualificationNo, SceneType: 1, Description: 'Courier calls' }] });
		await json({ resource: 'qualification', operation: 'update', qualificationMainInfoFormDO: { ...MAIN, QualificationNo: qualificationNo, EnterpriseAddress: 'Beijing' } });

		const found = await json({ resource: 'qualification', operation: 'getMany', returnAll: true, filters: { qualificationNoList: qualificationNo } });
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({
			QualificationMainInfoVO: { QualificationNo: qualificationNo, EnterpriseAddress: 'Beijing' },
			QualificationScenarioInfoVOList: [{ SceneType: 1, Description: 'Courier calls' }, { SceneType: 2, Description: 'Returns' }],
		});
		expect(body()).toEqual({ QualificationNoList: [qualificationNo], Offset: 0, Limit: 100 });
	});

	it('register an A number → get its registration', async () => {
		expect(await json({ resource: 'qualification', operation: 'getANumberRegistration', phone: '13800138000' })).toEqual([{ Status: 0, FailReason: 'not registered' }]);
		const [registered] = await json({
			resource: 'qualification',
			operation: 'registerANumber',
			requestId: 'reg-1',
			phoneNumber: '+86 138 0013 8000',
			name: 'Zhang San',
			idType: 1,
			idNumber: '110101199001011234',
			photo: 'aGVsbG8=',
		});
		expect(registered).toEqual({ Code: '0', Message: 'success' });
		expect(lastRequest().params).toMatchObject({ RequestId: 'reg-1', PhoneNumber: '13800138000', IdType: '1' });
		expect(await json({ resource: 'qualification', operation: 'getANumberRegistration', phone: '13800138000' })).toEqual([{ Status: 1, FailReason: '' }]);
	});
});

describe('Call authorisations (for Click2Call Lite)', () => {
	it('authorise company, then its numbers: lowerCamel JSON keys, the numbers as one comma-separated text', async () => {
		const [company] = await json({
			resource: 'call',
			operation: 'companyAuth',
			companyName: 'Example Delivery Ltd',
			companyCreditCode: CREDIT_CODE,
			additionalFields: { businessLicensePicUrl: 'https://example.com/licence.jpg', businessLicensePicFilename: 'licence.jpg' },
		});
		expect(company).toEqual({ code: '0', message: 'success' });
		expect(body()).toEqual({
			companyName: 'Example Delivery Ltd',
			companyCreditCode: CREDIT_CODE,
			businessLicensePicUrl: 'https://example.com/licence.jpg',
			businessLicensePicFilename: 'licence.jpg',
		});

		await json({ resource: 'call', operation: 'numberAuth', companyName: 'Example Delivery Ltd', companyCreditCode: CREDIT_CODE, authAction: 'add', aNumbers: ['13800138000', '13900139000'] });
		expect(body()).toEqual({ companyName: 'Example Delivery Ltd', companyCreditCode: CREDIT_CODE, action: 'add', aNumbers: '13800138000,13900139000' });
	});

	it('numbers of a company not authorised first are refused by VMS', async () => {
		const { credentials } = env();
		const { error } = await runNode({
			credentials,
			parameters: { resource: 'call', operation: 'numberAuth', companyName: 'Other Ltd', companyCreditCode: '91110000MA01ZZZZ9Y', authAction: 'add', aNumbers: '13800138000' },
		});
		expect(error!.message).toBe('IllegalArgument: Company 91110000MA01ZZZZ9Y is not authorised: Click2CallCompanyAuth first');
	});
});
