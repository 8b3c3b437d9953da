'use strict';
// The account-management actions of VMS (issue 16): number pools and numbers, number applications,
// qualifications and their files, A-number registration, industrial IDs and the dual-call authorisations.
// Result shapes follow the Go SDK's models where it has them (service/vms/model.go); where no SDK models
// the answer (EnableOrDisableNumber, RegisterIndustrialId) the emulator's choice is said below.
// `h` are the helpers of actions.js (table entries, parameter readers, getPool, numberRecord).

module.exports = function managementActions(h) {
	const { form, json, query, page, intParam, str, given, list, toInt, getPool, phoneParam, textParam, numberRecord } = h;

	/** State of these actions, kept on the emulator state (a reset starts a new state). */
	const store = (ctx) => {
		ctx.state.management ??= { applications: [], qualifications: new Map(), files: new Map(), aNumbers: new Map(), companies: new Map(), industrialIds: [] };
		return ctx.state.management;
	};

	const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

	function objectParam(p, name, ctx) {
		if (!isObject(p[name])) ctx.fail('IllegalArgument', `Invalid ${name}: expected a JSON object`);
		return p[name];
	}

	function objectListParam(p, name, ctx) {
		if (!Array.isArray(p[name]) || !p[name].every(isObject)) ctx.fail('IllegalArgument', `Invalid ${name}: expected a JSON array of objects`);
		return p[name];
	}

	// ---------- number pools and numbers ----------

	function createNumberPool(p, ctx) {
		const name = textParam(p, 'Name', ctx, 32);
		const serviceType = toInt(p.ServiceType);
		const subServiceType = toInt(p.SubServiceType);
		if (Number.isNaN(serviceType)) ctx.fail('IllegalArgument', `Invalid ServiceType: ${p.ServiceType}`);
		const numberPoolNo = ctx.state.nextId('NP', ctx.now);
		let pool;
		try {
			pool = ctx.state.addPool({ numberPoolNo, name, subServiceType, scene: intParam(p, 'Scene', ctx, { min: 0, def: 0 }) });
		} catch {
			ctx.fail('IllegalArgument', `Invalid SubServiceType: ${p.SubServiceType}`);
		}
		return { Name: pool.NumberPoolName, NumberPoolNo: pool.NumberPoolNo, ServiceType: pool.ServiceType, SubServiceType: pool.SubServiceType };
	}

	function updateNumberPool(p, ctx) {
		const pool = getPool(str(p.NumberPoolNo), ctx);
		if (given(p.Name)) pool.NumberPoolName = textParam(p, 'Name', ctx, 32);
		if (given(p.Scene)) pool.Scene = intParam(p, 'Scene', ctx, { min: 0 });
		for (const n of ctx.state.poolNumbers(pool.NumberPoolNo)) n.NumberPoolName = pool.NumberPoolName;
		return true;
	}

	/** EnableOrDisableNumber: 1 enables, 2 disables (Java SDK). No SDK models a Result: this emulator sends none. */
	function enableOrDisableNumber(p, ctx) {
		const code = intParam(p, 'EnableCode', ctx, { min: 1, max: 2 });
		const numbers = list(p.NumberList);
		if (!numbers.length) ctx.fail('IllegalArgument', 'Missing required parameter: NumberList');
		for (const number of numbers) if (!ctx.state.numbers.has(number)) ctx.fail('IllegalArgument', `Number ${number} does not belong to this account`);
		for (const number of numbers) {
			const record = ctx.state.numbers.get(number);
			record.NumberStatusCode = code;
			record.NumberStatusDesc = code === 1 ? '在用' : '用户停用';
		}
		return undefined;
	}

	/** NumberListScroll: a page of numbers and the NextToken of the next one ('' after the last). */
	function numberListScroll(p, ctx) {
		const only = list(p.NumberList);
		const limit = intParam(p, 'Limit', ctx, { min: 1, max: 500, def: 20 });
		const token = str(p.NextToken);
		const start = token ? Number(/^T(\d+)$/.exec(token)?.[1] ?? NaN) : 0;
		if (Number.isNaN(start)) ctx.fail('IllegalArgument', `Invalid NextToken: ${token}`);
		const numbers = [...ctx.state.numbers.values()].filter(
			(n) =>
				(!given(p.NumberPoolNo) || n.NumberPoolNo === str(p.NumberPoolNo)) &&
				(!given(p.Number) || n.Number.includes(str(p.Number))) &&
				(!only.length || only.includes(n.Number)) &&
				(!given(p.NumberStatusCode) || n.NumberStatusCode === toInt(p.NumberStatusCode)) &&
				(!given(p.NumberTypeCode) || n.NumberTypeCode === toInt(p.NumberTypeCode)),
		);
		const records = numbers.slice(start, start + limit).map(numberRecord);
		const next = start + limit < numbers.length ? `T${start + limit}` : '';
		return { Records: records, NextToken: next, Limit: limit };
	}

	// ---------- number applications ----------

	function createNumberApplication(p, ctx) {
		const pool = getPool(str(p.NumberPoolNo), ctx);
		const qualificationNo = str(p.QualificationNo);
		if (!qualificationNo && !given(p.QualificationId)) ctx.fail('IllegalArgument', 'Missing required parameter: QualificationNo');
		if (qualificationNo && !store(ctx).qualifications.has(qualificationNo)) ctx.fail('IllegalArgument', `Qualification ${qualificationNo} does not exist`);
		const cities = objectListParam(p, 'NumberApplicationCityItemList', ctx);
		if (!cities.length) ctx.fail('IllegalArgument', 'Missing required parameter: NumberApplicationCityItemList');
		for (const c of cities) {
			if (!(toInt(c.NumberCount) > 0)) ctx.fail('IllegalArgument', 'Invalid NumberApplicationCityItemList: NumberCount must be a positive whole number');
		}
		const applyBillId = `NA${ctx.now}${store(ctx).applications.length + 1}`;
		store(ctx).applications.push({
			Id: store(ctx).applications.length + 1,
			ApplyBillId: applyBillId,
			ApplyTime: new Date(ctx.now * 1000).toISOString(),
			ApplyStatusCode: 1,
			ApplyStatusDesc: '审核中',
			SubServiceTypeCode: toInt(p.SubServiceType),
			NumberPoolNo: pool.NumberPoolNo,
			NumberPoolName: pool.NumberPoolName,
			NumberTypeCode: toInt(p.NumberType),
			Notes: str(p.Remark),
			DetailList: cities.map((c) => ({ NumberLocation: str(c.CityCode), ApplyNumberCount: toInt(c.NumberCount), ImportNumberCount: 0 })),
			QualificationEntity: qualificationNo ? store(ctx).qualifications.get(qualificationNo).QualificationMainInfoVO.QualificationEntity : '',
		});
		return { ApplyBillId: applyBillId };
	}

	function queryNumberApplyRecordList(p, ctx) {
		const records = store(ctx).applications.filter(
			(a) =>
				(!given(p.ApplyBillId) || a.ApplyBillId === str(p.ApplyBillId)) &&
				(!given(p.ApplyStatusCode) || a.ApplyStatusCode === toInt(p.ApplyStatusCode)) &&
				(!given(p.SubServiceType) || a.SubServiceTypeCode === toInt(p.SubServiceType)),
		);
		return page(records, p, ctx);
	}

	/** RegisterIndustrialId: no SDK models the Result; this emulator answers true. */
	function registerIndustrialId(p, ctx) {
		const pool = getPool(str(p.NumberPoolNo), ctx);
		store(ctx).industrialIds.push({ NumberPoolNo: pool.NumberPoolNo, OrderId: str(p.OrderId) });
		return true;
	}

	// ---------- qualifications ----------

	function sceneOf(entry, ctx, n) {
		return {
			QualificationId: toInt(entry.QualificationId) || 0,
			SceneType: toInt(entry.SceneType),
			SceneTypeStr: String(entry.SceneType ?? ''),
			Description: str(entry.Description),
			ScenarioOfCalling: str(entry.ScenarioOfCalling),
			SceneId: n,
		};
	}

	function scenesFor(p, ctx) {
		const entries = objectListParam(p, 'QualificationScenarioInfoFormDOList', ctx);
		for (const e of entries) {
			if (!store(ctx).qualifications.has(str(e.QualificationNo))) ctx.fail('IllegalArgument', `Qualification ${str(e.QualificationNo) || '(none)'} does not exist`);
		}
		return entries;
	}

	function addQualification(p, ctx) {
		const main = objectParam(p, 'QualificationMainInfoFormDO', ctx);
		const admin = objectParam(p, 'QualificationAdminInfoFormDO', ctx);
		if (!given(main.QualificationEntity)) ctx.fail('IllegalArgument', 'Missing required parameter: QualificationMainInfoFormDO.QualificationEntity');
		const qualificationNo = ctx.state.nextId('QUA', ctx.now);
		const record = {
			QualificationMainInfoVO: { ...main, QualificationNo: qualificationNo, ApprovalStatus: 1, CreateTime: new Date(ctx.now * 1000).toISOString() },
			QualificationAdminInfoVO: { ...admin },
			QualificationScenarioInfoVOList: [],
		};
		store(ctx).qualifications.set(qualificationNo, record);
		const scenes = Array.isArray(p.QualificationScenarioInfoFormDOList) ? p.QualificationScenarioInfoFormDOList : [];
		scenes.forEach((s, i) => record.QualificationScenarioInfoVOList.push(sceneOf(s, ctx, i + 1)));
		return { QualificationNo: qualificationNo };
	}

	function updateQualification(p, ctx) {
		const main = objectParam(p, 'QualificationMainInfoFormDO', ctx);
		const record = store(ctx).qualifications.get(str(main.QualificationNo));
		if (!record) ctx.fail('IllegalArgument', `Qualification ${str(main.QualificationNo) || '(none)'} does not exist`);
		Object.assign(record.QualificationMainInfoVO, main, { ApprovalStatus: 1 });
		if (isObject(p.QualificationAdminInfoFormDO)) Object.assign(record.QualificationAdminInfoVO, p.QualificationAdminInfoFormDO);
		return 'success';
	}

	function addQualificationScene(p, ctx) {
		for (const e of scenesFor(p, ctx)) {
			const list_ = store(ctx).qualifications.get(str(e.QualificationNo)).QualificationScenarioInfoVOList;
			list_.push(sceneOf(e, ctx, list_.length + 1));
		}
		return 'success';
	}

	function updateQualificationScene(p, ctx) {
		for (const e of scenesFor(p, ctx)) {
			const scenes = store(ctx).qualifications.get(str(e.QualificationNo)).QualificationScenarioInfoVOList;
			const scene = scenes.find((s) => s.SceneType === toInt(e.SceneType));
			if (!scene) ctx.fail('IllegalArgument', `Qualification ${str(e.QualificationNo)} has no scene of type ${e.SceneType}`);
			Object.assign(scene, sceneOf(e, ctx, scene.SceneId));
		}
		return 'success';
	}

	function queryQualification(p, ctx) {
		const only = Array.isArray(p.QualificationNoList) ? p.QualificationNoList.map(String) : list(p.QualificationNoList);
		const pattern = str(p.QualificationEntityQueryPattern);
		const records = [...store(ctx).qualifications.values()].filter(
			(q) =>
				(!only.length || only.includes(q.QualificationMainInfoVO.QualificationNo)) &&
				(!given(p.ApprovalStatus) || q.QualificationMainInfoVO.ApprovalStatus === toInt(p.ApprovalStatus)) &&
				(!pattern || String(q.QualificationMainInfoVO.QualificationEntity).includes(pattern)),
		);
		return page(records, p, ctx);
	}

	/** UploadQualificationFileV2: the file as Base64 in JSON; answers the file's code for the qualification forms. */
	function uploadQualificationFile(p, ctx) {
		const text = str(p.FileBase64);
		if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) ctx.fail('IllegalArgument', 'Invalid FileBase64: not Base64');
		const type = str(p.FileType).toLowerCase();
		if (!['jpg', 'jpeg', 'png', 'pdf'].includes(type)) ctx.fail('IllegalArgument', `Invalid FileType: ${type} (jpg, jpeg, png or pdf)`);
		const fileCode = ctx.state.nextId('FC', ctx.now);
		store(ctx).files.set(fileCode, { FileName: str(p.FileName), FileType: type, bytes: Buffer.from(text, 'base64') });
		return { FileCode: fileCode, FileName: str(p.FileName) };
	}

	// ---------- A numbers and dual-call authorisations ----------

	function routeAAuth(p, ctx) {
		const phone = phoneParam(p, 'PhoneNumber', ctx);
		intParam(p, 'IdType', ctx, { min: 0 });
		store(ctx).aNumbers.set(phone, { Name: str(p.Name), RequestId: str(p.RequestId) });
		return { Code: '0', Message: 'success' };
	}

	function queryAuth(p, ctx) {
		const phone = phoneParam(p, 'Phone', ctx);
		return store(ctx).aNumbers.has(phone) ? { Status: 1, FailReason: '' } : { Status: 0, FailReason: 'not registered' };
	}

	/** The dual-call authorisations take lowerCamel JSON keys; `Code`-style keys are missing parameters here. */
	function click2CallCompanyAuth(p, ctx) {
		const code = str(p.companyCreditCode);
		if (!/^[0-9A-Z]{18}$/.test(code)) ctx.fail('IllegalArgument', `Invalid companyCreditCode: ${code}`);
		store(ctx).companies.set(code, { companyName: str(p.companyName), numbers: new Set() });
		return { code: '0', message: 'success' };
	}

	function click2CallNumberAuth(p, ctx) {
		const company = store(ctx).companies.get(str(p.companyCreditCode));
		if (!company) ctx.fail('IllegalArgument', `Company ${str(p.companyCreditCode)} is not authorised: Click2CallCompanyAuth first`);
		if (typeof p.aNumbers !== 'string') ctx.fail('IllegalArgument', 'Invalid aNumbers: expected comma-separated text');
		const numbers = list(p.aNumbers);
		if (numbers.length > 100) ctx.fail('IllegalArgument', 'Invalid aNumbers: at most 100 numbers');
		const action = str(p.action);
		if (action === 'add' || action === 'update') numbers.forEach((n) => company.numbers.add(n));
		else if (action === 'delete') numbers.forEach((n) => company.numbers.delete(n));
		else ctx.fail('IllegalArgument', `Invalid action: ${action} (add, update or delete)`);
		return { code: '0', message: 'success' };
	}

	return {
		CreateNumberPool: form(['Name', 'ServiceType', 'SubServiceType'], createNumberPool),
		UpdateNumberPool: form(['NumberPoolNo'], updateNumberPool),
		EnableOrDisableNumber: form(['NumberList', 'EnableCode'], enableOrDisableNumber),
		NumberListScroll: query([], numberListScroll),
		CreateNumberApplication: json(['NumberPoolNo', 'NumberApplicationCityItemList'], createNumberApplication),
		QueryNumberApplyRecordList: query([], queryNumberApplyRecordList),
		RegisterIndustrialId: json(['NumberPoolNo', 'OrderId'], registerIndustrialId),
		AddQualification: json(['QualificationMainInfoFormDO', 'QualificationAdminInfoFormDO'], addQualification),
		UpdateQualification: json(['QualificationMainInfoFormDO'], updateQualification),
		AddQualificationScene: json(['QualificationScenarioInfoFormDOList'], addQualificationScene),
		UpdateQualificationScene: json(['QualificationScenarioInfoFormDOList'], updateQualificationScene),
		QueryQualification: json([], queryQualification),
		UploadQualificationFileV2: json(['FileBase64', 'FileName', 'FileType'], uploadQualificationFile),
		RouteAAuth: form(['RequestId', 'IdType', 'Name', 'PhoneNumber', 'IdNumber', 'Photo'], routeAAuth),
		QueryAuth: form(['Phone'], queryAuth),
		Click2CallCompanyAuth: json(['companyName', 'companyCreditCode'], click2CallCompanyAuth),
		Click2CallNumberAuth: json(['companyName', 'companyCreditCode', 'action', 'aNumbers'], click2CallNumberAuth),
	};
};
