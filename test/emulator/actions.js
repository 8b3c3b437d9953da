'use strict';
// The VMS number-privacy actions (reference §2) as a table:
//   { [Action]: { method, encoding, required, handle(params, ctx) } }
// `handle` returns the response's `Result`; business errors are raised with ctx.fail(code, message).
const { toSubscription, MAX_EXPIRE_TIME, PROVINCIAL_CAPITAL } = require('./state');
const managementActions = require('./management');
const { actions: notifyActions } = require('./notify');
const taskActions = require('./tasks');
const voiceResourceActions = require('./voiceResources');

const PHONE_RE = /^(1\d{10}|0\d{9,11})$/; // mobile, or landline with area code and no hyphen
const MAX_LIMIT = 500;
const MAX_GROUP_NUMBERS = 200;

// Result shapes (reference §2.2 and the Go SDK models).
const BIND_FIELDS = ['SubId', 'PhoneNoX', 'Status', 'PhoneNoXCityCode', 'PhoneNoA', 'PhoneNoACityCode', 'PhoneNoB', 'PhoneNoBCityCode'];
const BIND_EXTRA_FIELDS = { AXNE: ['PhoneNoE'], AXYB: ['PhoneNoY', 'YbSubId', 'YbStatus'], AXG: ['GroupId'] };
const POOL_FIELDS = ['NumberPoolName', 'NumberPoolNo', 'ServiceType', 'ServiceTypeName', 'SubServiceType', 'SubServiceTypeName', 'NumberCount', 'Scene'];
const NUMBER_FIELDS = [
	'Number', 'NumberStatusCode', 'NumberStatusDesc', 'NumberTypeCode', 'NumberTypeDesc', 'NumberLocation',
	'NumberPurchaseTime', 'NumberPoolNo', 'NumberPoolName', 'NumberPoolTypeCode', 'NumberPoolTypeDesc',
	'ServiceTypeCode', 'ServiceTypeDesc', 'QualificationNo', 'QualificationEntity', 'CurrentBindCount',
];
// UpdateType -> the parameter it changes.
const UPDATE_FIELDS = {
	updateExpireTime: 'ExpireTime',
	updateUserData: 'UserData',
	updateOutId: 'OutId',
	updatePhoneNoA: 'PhoneNoA',
	updatePhoneNoB: 'PhoneNoB',
	updatePhoneNoX: 'PhoneNoX',
	updateAutoCreateFlag: 'AutoCreateFlag',
	updateGroupId: 'GroupId',
	updateOrderId: 'OrderId',
};

// ---------- parameter helpers ----------

const pick = (obj, fields) => Object.fromEntries(fields.map((f) => [f, obj[f]]));
const given = (v) => v !== undefined && v !== null && v !== '';
const str = (v) => (given(v) ? String(v) : '');
const toInt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? v : NaN) : /^-?\d+$/.test(String(v).trim()) ? Number(v) : NaN);
const list = (v) => (Array.isArray(v) ? v.map(String) : str(v).split(',')).map((s) => s.trim()).filter(Boolean);
const isTrue = (v) => v === true || v === 'true' || v === 1 || v === '1';

function checkRequired(params, required, ctx) {
	for (const name of required) if (!given(params[name])) ctx.fail('IllegalArgument', `Missing required parameter: ${name}`);
}

/** Optional integer parameter within [min, max]; `def` when absent. */
function intParam(p, name, ctx, { min = -Infinity, max = Infinity, def } = {}) {
	if (!given(p[name])) return def;
	const n = toInt(p[name]);
	if (!(n >= min && n <= max)) ctx.fail('IllegalArgument', `Invalid ${name}: ${p[name]} (expected an integer from ${min} to ${max})`);
	return n;
}

function expireTime(p, ctx, name = 'ExpireTime') {
	const n = toInt(p[name]);
	if (!(n > ctx.now + 60 && n < MAX_EXPIRE_TIME)) {
		ctx.fail(
			'IllegalArgument',
			`Invalid ${name}: ${p[name]} (expected unix seconds later than now + 60 s and before 2038-01-01 00:00:00, i.e. < ${MAX_EXPIRE_TIME})`,
		);
	}
	return n;
}

function phoneParam(p, name, ctx) {
	const v = str(p[name]);
	if (v && !PHONE_RE.test(v)) ctx.fail('IllegalArgument', `Invalid ${name}: ${v} (expected a mobile number or a landline with area code, digits only)`);
	return v;
}

function textParam(p, name, ctx, maxLength) {
	const v = str(p[name]);
	if ([...v].length > maxLength) ctx.fail('IllegalArgument', `Invalid ${name}: longer than ${maxLength} characters`);
	return v;
}

/** The optional fields every Bind* shares. */
function commonBindFields(p, ctx) {
	return {
		RecordFlag: intParam(p, 'AudioRecordFlag', ctx, { min: 0, max: 1, def: 1 }),
		CallDisplayType: intParam(p, 'CallDisplayType', ctx, { min: 1, max: 4, def: 1 }),
		UserData: textParam(p, 'UserData', ctx, 2048),
		OutId: textParam(p, 'OutId', ctx, 128),
		OrderId: str(p.OrderId),
		IndustrialId: str(p.IndustrialId),
	};
}

function page(items, p, ctx) {
	const Offset = intParam(p, 'Offset', ctx, { min: 0, def: 0 });
	const Limit = intParam(p, 'Limit', ctx, { min: 1, max: MAX_LIMIT, def: 20 });
	return { Records: items.slice(Offset, Offset + Limit), Offset, Limit, Total: items.length };
}

// ---------- state lookups ----------

function getPool(poolNo, ctx, modes) {
	const pool = ctx.state.pools.get(poolNo);
	if (!pool) ctx.fail('IllegalArgument', `Number pool ${poolNo} does not exist`);
	if (modes && !modes.includes(pool.mode)) ctx.fail('IllegalArgument', `Number pool ${poolNo} is a ${pool.mode} pool, not ${modes.join('/')}`);
	return pool;
}

/** The ACTIVE binding `SubId` of pool `NumberPoolNo` in one of `modes`, else SubscriptionEmpty. */
function activeSub(subId, poolNo, ctx, modes) {
	const sub = ctx.state.subs.get(subId);
	if (!sub || sub.Status !== 1 || (poolNo && sub.numberPoolNo !== poolNo) || !modes.includes(sub.mode)) {
		ctx.fail('SubscriptionEmpty', `Subscription ${subId} does not exist or is already unbound`);
	}
	return sub;
}

/** Why number `x` of `mode` cannot take a binding of A=a, B=b: [code, message], or null if it can. */
function conflictOf(state, mode, x, a, b, exceptSubId) {
	for (const s of state.subs.values()) {
		if (s.Status !== 1 || s.mode !== mode || s.SubId === exceptSubId) continue;
		if (mode === 'YB') {
			if (s.PhoneNoY === x && s.PhoneNoB === b) return ['ConflictWithExisting', `B ${b} is already bound with Y ${x} (${s.SubId})`];
			continue;
		}
		if (s.PhoneNoX !== x) continue;
		if (s.PhoneNoA === a) return ['ConflictWithExisting', `A ${a} is already bound with X ${x} (${s.SubId})`];
		// AXN routes every caller of X to A, so X serves one A at a time.
		if (mode === 'AXN') return ['PhoneNoXOccupied', `X ${x} is already bound to another A (${s.SubId})`];
		if (mode === 'AXB') {
			const mine = [a, b].filter(Boolean);
			if ([s.PhoneNoA, s.PhoneNoB].some((n) => n && mine.includes(n))) {
				return ['PhoneNoXBConflicted', `X ${x} already has a binding with ${mine.join('/')} (${s.SubId})`];
			}
		}
	}
	return null;
}

/** Validate a caller-chosen X (or Y) of `pool` for a new binding. */
function checkChosenNumber(ctx, pool, mode, number, a, b, exceptSubId, which = 'X') {
	const rec = ctx.state.numbers.get(number);
	if (!rec || rec.NumberPoolNo !== pool.NumberPoolNo) {
		ctx.fail(`IllegalPhoneNo${which}`, `PhoneNo${which} ${number} is not a number of pool ${pool.NumberPoolNo}`);
	}
	if (rec.NumberStatusCode !== 1) ctx.fail('BlockNumber', `Number ${number} is disabled`);
	const conflict = conflictOf(ctx.state, mode, number, a, b, exceptSubId);
	if (conflict) ctx.fail(...conflict);
	return number;
}

/**
 * Pick free numbers of `pool`: CityCode > CityCodeByPhoneNo > DegradeCityList (reference §2.3).
 * `names` maps the selection parameters (the Y side of AXYB uses YCityCode etc.).
 */
function selectNumbers(ctx, pool, p, { mode, a, b, count = 1, names = {} }) {
	const n = { CityCode: 'CityCode', CityCodeByPhoneNo: 'CityCodeByPhoneNo', DegradeCityList: 'DegradeCityList', RandomFlag: 'RandomFlag', ...names };
	const { state } = ctx;
	const degrade = list(p[n.DegradeCityList]);
	if (degrade.length > 5) ctx.fail('IllegalArgument', `Invalid ${n.DegradeCityList}: at most 5 cities`);
	const byPhone = str(p[n.CityCodeByPhoneNo]);
	if (byPhone && byPhone !== 'A' && byPhone !== 'B') ctx.fail('IllegalArgument', `Invalid ${n.CityCodeByPhoneNo}: ${byPhone} (expected A or B)`);
	const random = intParam(p, n.RandomFlag, ctx, { min: 0, max: 1, def: 0 }) === 1;

	// An explicit city choice is strict; without one, A's city is only preferred.
	const strict = given(p[n.CityCode]) || given(byPhone);
	const primary = str(p[n.CityCode]) || state.cityOf(byPhone === 'B' ? b : a);
	const cities = [primary, ...degrade.map((c) => (c === 'PNPC' ? PROVINCIAL_CAPITAL[primary] || primary : c))];

	const free = state.poolNumbers(pool.NumberPoolNo).filter((r) => r.NumberStatusCode === 1 && !conflictOf(state, mode, r.Number, a, b));
	let found = [];
	for (const city of cities) {
		found = free.filter((r) => r.cityCode === city);
		if (found.length) break;
	}
	if (!found.length && !strict) found = free;
	if (!found.length) ctx.fail('NumberNotEnough', `No free number in pool ${pool.NumberPoolNo} for cities ${cities.join(',')}`);
	if (random) found = [...found].sort(() => Math.random() - 0.5);
	return found.slice(0, count).map((r) => r.Number);
}

function newBinding(ctx, fields) {
	return ctx.state.addSubscription({ EnableTime: ctx.now, ...fields, SubId: fields.SubId || ctx.state.nextId('S', ctx.now) });
}

function bindResult(state, sub, extras = []) {
	const r = {
		...sub,
		PhoneNoXCityCode: state.cityOf(sub.PhoneNoX),
		PhoneNoACityCode: state.cityOf(sub.PhoneNoA),
		PhoneNoBCityCode: state.cityOf(sub.PhoneNoB),
	};
	return pick(r, [...BIND_FIELDS, ...extras]);
}

// ---------- handler factories (one per kind of action) ----------

/** The new binding of a Bind* call (not yet stored): X chosen by the caller, or selected. */
function prepareBinding(mode, p, ctx) {
	const pool = getPool(p.NumberPoolNo, ctx, [mode]);
	const a = phoneParam(p, 'PhoneNoA', ctx);
	const b = phoneParam(p, 'PhoneNoB', ctx);
	const fields = { mode, numberPoolNo: pool.NumberPoolNo, PhoneNoA: a, PhoneNoB: b, ExpireTime: expireTime(p, ctx), ...commonBindFields(p, ctx) };
	fields.PhoneNoX = given(p.PhoneNoX)
		? checkChosenNumber(ctx, pool, mode, str(p.PhoneNoX), a, b)
		: selectNumbers(ctx, pool, p, { mode, a, b })[0];
	if (mode === 'AXNE') fields.PhoneNoE = extensionFor(p, ctx, fields.PhoneNoX);
	if (mode === 'AXNE' || mode === 'AXYB') fields.autoCreateFlag = intParam(p, 'AutoCreateFlag', ctx, { min: 0, max: 1, def: mode === 'AXYB' ? 1 : 0 });
	if (mode === 'AXG') fields.GroupId = axgGroupFor(p, ctx, pool).GroupId; // last: it may create a group
	fields.SubId = ctx.state.nextId('S', ctx.now);
	return fields;
}

/** BindAXN / BindAXB / SelectNumberAndBind* / BindAXNE / BindAXG. */
const bind = (mode) => (p, ctx) => {
	const sub = newBinding(ctx, prepareBinding(mode, p, ctx));
	return bindResult(ctx.state, sub, BIND_EXTRA_FIELDS[mode]);
};

function extensionFor(p, ctx, x) {
	const used = new Set(ctx.state.activeSubs().filter((s) => s.mode === 'AXNE' && s.PhoneNoX === x).map((s) => s.PhoneNoE));
	if (given(p.PhoneNoE)) {
		const e = str(p.PhoneNoE);
		if (!/^\d{1,4}$/.test(e)) ctx.fail('IllegalArgument', `Invalid PhoneNoE: ${e} (expected up to 4 digits)`);
		if (used.has(e)) ctx.fail('PhoneNoEOccupied', `Extension ${e} of X ${x} is already in use`);
		return e;
	}
	for (let e = 1000; e <= 9999; e++) if (!used.has(String(e))) return String(e);
	return ctx.fail('PhoneNoEOccupied', `X ${x} has no free extension`);
}

/** BindAXYB: the AX part, plus a YB binding when B is given and AutoCreateFlag is 1 (default). */
function bindAXYB(p, ctx) {
	const { state } = ctx;
	const axyb = prepareBinding('AXYB', p, ctx);
	let yb;
	if (axyb.PhoneNoB && axyb.autoCreateFlag === 1) {
		const yPool = getPool(str(p.NumberPoolNoY) || state.pools.get(axyb.numberPoolNo).yPoolNo || axyb.numberPoolNo, ctx, ['AXYB']);
		const duration = intParam(p, 'YbEnableDuration', ctx, { min: 61 });
		yb = prepareYB(ctx, axyb, yPool, p, {
			y: str(p.PhoneNoY),
			b: axyb.PhoneNoB,
			expire: duration ? ctx.now + duration : axyb.ExpireTime,
			record: intParam(p, 'YbAudioRecordFlag', ctx, { min: 0, max: 1, def: axyb.RecordFlag }),
			names: { CityCode: 'YCityCode', CityCodeByPhoneNo: 'YCityCodeByPhoneNo', DegradeCityList: 'YDegradeCityList', RandomFlag: 'RandomFlagY' },
		});
		axyb.PhoneNoY = yb.PhoneNoY;
	}
	const sub = newBinding(ctx, axyb);
	if (yb) newBinding(ctx, yb);
	return { ...bindResult(state, sub), PhoneNoY: yb ? yb.PhoneNoY : '', YbSubId: yb ? yb.SubId : '', YbStatus: yb ? 1 : 0 };
}

/** A YB binding (B calls Y to reach A) under an AXYB `parent`, not yet stored. */
function prepareYB(ctx, parent, yPool, p, { y, b, expire, record, names }) {
	if (y) {
		if (y === parent.PhoneNoX) ctx.fail('XCanNotEqualsY', `Y ${y} must differ from X`);
		checkChosenNumber(ctx, yPool, 'YB', y, parent.PhoneNoA, b, undefined, 'Y');
	} else {
		y = selectNumbers(ctx, yPool, p, { mode: 'YB', a: parent.PhoneNoA, b, names })[0];
	}
	return {
		SubId: ctx.state.nextId('S', ctx.now),
		mode: 'YB',
		numberPoolNo: yPool.NumberPoolNo,
		parentSubId: parent.SubId,
		PhoneNoA: parent.PhoneNoA,
		PhoneNoB: b,
		PhoneNoY: y,
		ExpireTime: expire,
		RecordFlag: record,
		UserData: textParam(p, 'UserData', ctx, 2048),
		OutId: textParam(p, 'OutId', ctx, 128),
	};
}

function bindYBForAXYB(p, ctx) {
	const parent = activeSub(str(p.ParentSubId), null, ctx, ['AXYB']);
	const yPool = getPool(p.NumberPoolNo, ctx, ['AXYB']);
	const b = phoneParam(p, 'PhoneNoB', ctx);
	const duration = intParam(p, 'EnableDuration', ctx, { min: 61 });
	const yb = newBinding(
		ctx,
		prepareYB(ctx, parent, yPool, p, {
			y: str(p.PhoneNoY),
			b,
			expire: duration ? ctx.now + duration : parent.ExpireTime,
			record: intParam(p, 'AudioRecordFlag', ctx, { min: 0, max: 1, def: 1 }),
		}),
	);
	return { SubId: yb.SubId, PhoneNoY: yb.PhoneNoY, Status: yb.Status };
}

function bindAXBForAXNE(p, ctx) {
	const parent = activeSub(str(p.ParentSubId), null, ctx, ['AXNE']);
	const pool = getPool(p.NumberPoolNo, ctx, ['AXB', 'AXNE']);
	const a = parent.PhoneNoA;
	const b = phoneParam(p, 'PhoneNoB', ctx);
	const duration = intParam(p, 'EnableDuration', ctx, { min: 61 });
	const x = given(p.PhoneNoX)
		? checkChosenNumber(ctx, pool, 'AXB', str(p.PhoneNoX), a, b)
		: selectNumbers(ctx, pool, p, { mode: 'AXB', a, b })[0];
	const sub = newBinding(ctx, {
		mode: 'AXB',
		numberPoolNo: pool.NumberPoolNo,
		parentSubId: parent.SubId,
		PhoneNoA: a,
		PhoneNoB: b,
		PhoneNoX: x,
		ExpireTime: duration ? ctx.now + duration : parent.ExpireTime,
		...commonBindFields(p, ctx),
	});
	return bindResult(ctx.state, sub);
}

function upgradeAXToAXB(p, ctx) {
	const sub = activeSub(str(p.SubId), str(p.NumberPoolNo), ctx, ['AXB']);
	if (sub.PhoneNoB) ctx.fail('UpgradeError', `Subscription ${sub.SubId} already has a B number`);
	const b = phoneParam(p, 'PhoneNoB', ctx);
	const conflict = conflictOf(ctx.state, 'AXB', sub.PhoneNoX, sub.PhoneNoA, b, sub.SubId);
	if (conflict) ctx.fail(...conflict);
	sub.PhoneNoB = b;
	if (given(p.UserData)) sub.UserData = textParam(p, 'UserData', ctx, 2048);
	if (given(p.OutId)) sub.OutId = textParam(p, 'OutId', ctx, 128);
	if (given(p.CallDisplayType)) sub.CallDisplayType = intParam(p, 'CallDisplayType', ctx, { min: 1, max: 4 });
	return bindResult(ctx.state, sub);
}

/** Update<mode>: one UpdateType changes one field. */
const update = (mode, types, result = true) => (p, ctx) => {
	const type = str(p.UpdateType);
	if (!types.includes(type)) ctx.fail('IllegalArgument', `Invalid UpdateType: ${type} (Update${mode} accepts ${types.join(', ')})`);
	const field = UPDATE_FIELDS[type];
	if (!given(p[field])) ctx.fail('IllegalArgument', `Missing required parameter: ${field}`);
	const sub = activeSub(str(p.SubId), str(p.NumberPoolNo), ctx, [mode]);
	const { state } = ctx;
	const recheck = (x, a, b) => {
		const conflict = conflictOf(state, mode, x, a, b, sub.SubId);
		if (conflict) ctx.fail(...conflict);
	};
	switch (field) {
		case 'ExpireTime':
			sub.ExpireTime = expireTime(p, ctx);
			break;
		case 'UserData':
			sub.UserData = textParam(p, 'UserData', ctx, 2048);
			break;
		case 'OutId':
			sub.OutId = textParam(p, 'OutId', ctx, 128);
			break;
		case 'OrderId':
			sub.OrderId = str(p.OrderId);
			break;
		case 'PhoneNoA': {
			const a = phoneParam(p, 'PhoneNoA', ctx);
			recheck(sub.PhoneNoX, a, sub.PhoneNoB);
			sub.PhoneNoA = a;
			break;
		}
		case 'PhoneNoB': {
			// "AX关系不可直接更新B号码": an AX binding gets its B through UpgradeAXToAXB.
			if (mode === 'AXB' && !sub.PhoneNoB) ctx.fail('CanNotUpdate', `Subscription ${sub.SubId} is an AX binding; use UpgradeAXToAXB to add B`);
			const b = phoneParam(p, 'PhoneNoB', ctx);
			recheck(sub.PhoneNoX, sub.PhoneNoA, b);
			sub.PhoneNoB = b;
			break;
		}
		case 'PhoneNoX':
			sub.PhoneNoX = checkChosenNumber(ctx, state.pools.get(sub.numberPoolNo), mode, str(p.PhoneNoX), sub.PhoneNoA, sub.PhoneNoB, sub.SubId);
			state.recount();
			break;
		case 'AutoCreateFlag':
			sub.autoCreateFlag = intParam(p, 'AutoCreateFlag', ctx, { min: 0, max: 1 });
			break;
		case 'GroupId':
			sub.GroupId = getGroup(str(p.GroupId), sub.numberPoolNo, ctx).GroupId;
			break;
	}
	return result;
};

const unbind = (mode, result = true) => (p, ctx) => {
	const sub = activeSub(str(p.SubId), str(p.NumberPoolNo), ctx, [mode]);
	ctx.state.unbind(sub);
	if (mode === 'AXG' && isTrue(p.DelGroup)) ctx.state.groups.delete(sub.GroupId);
	return result;
};

// ---------- AXG groups ----------

function getGroup(groupId, poolNo, ctx) {
	const group = ctx.state.groups.get(groupId);
	if (!group || group.NumberPoolNo !== poolNo) ctx.fail('IllegalArgument', `G group ${groupId} does not exist in pool ${poolNo}`);
	return group;
}

function groupNumbers(p, name, ctx) {
	const numbers = list(p[name]);
	const bad = numbers.find((n) => !PHONE_RE.test(n));
	if (bad) ctx.fail('IllegalArgument', `Invalid ${name}: ${bad} is not a phone number`);
	if (numbers.length > MAX_GROUP_NUMBERS) ctx.fail('IllegalArgument', `Invalid ${name}: a G group holds at most ${MAX_GROUP_NUMBERS} numbers`);
	return [...new Set(numbers)];
}

function createGroup(ctx, poolNo, { name, numbers, expire }) {
	const group = { GroupId: ctx.state.nextId('G', ctx.now), NumberPoolNo: poolNo, GroupName: name, Numbers: numbers, ExpireTime: expire };
	ctx.state.groups.set(group.GroupId, group);
	return group;
}

/** BindAXG takes an existing GroupId, or GroupNumbers (+GroupName) to create one on the fly. */
function axgGroupFor(p, ctx, pool) {
	if (given(p.GroupId)) return getGroup(str(p.GroupId), pool.NumberPoolNo, ctx);
	const numbers = groupNumbers(p, 'GroupNumbers', ctx);
	if (!numbers.length) ctx.fail('IllegalArgument', 'Missing required parameter: GroupId');
	return createGroup(ctx, pool.NumberPoolNo, { name: str(p.GroupName), numbers, expire: toInt(p.ExpireTime) });
}

function createAXGGroup(p, ctx) {
	const pool = getPool(p.NumberPoolNo, ctx, ['AXG']);
	const numbers = groupNumbers(p, 'Numbers', ctx);
	if (!numbers.length) ctx.fail('IllegalArgument', 'Missing required parameter: Numbers');
	const expire = given(p.ExpireTime) ? expireTime(p, ctx) : MAX_EXPIRE_TIME - 1;
	return { GroupId: createGroup(ctx, pool.NumberPoolNo, { name: str(p.GroupName), numbers, expire }).GroupId };
}

function updateAXGGroup(p, ctx) {
	const pool = getPool(p.NumberPoolNo, ctx, ['AXG']);
	let groupId = str(p.GroupId);
	if (!groupId && given(p.SubId)) groupId = activeSub(str(p.SubId), pool.NumberPoolNo, ctx, ['AXG']).GroupId;
	if (!groupId) ctx.fail('IllegalArgument', 'Missing required parameter: GroupId');
	const group = getGroup(groupId, pool.NumberPoolNo, ctx);
	const type = str(p.UpdateType);
	const numbers = () => {
		const n = groupNumbers(p, 'Numbers', ctx);
		if (!n.length) ctx.fail('IllegalArgument', 'Missing required parameter: Numbers');
		return n;
	};
	if (type === 'addNumbers') {
		const strategy = str(p.OverflowStrategy) || 'denyAll';
		if (!['denyAll', 'fifo'].includes(strategy)) ctx.fail('IllegalArgument', `Invalid OverflowStrategy: ${strategy} (expected denyAll or fifo)`);
		let merged = [...group.Numbers, ...numbers().filter((n) => !group.Numbers.includes(n))];
		if (merged.length > MAX_GROUP_NUMBERS) {
			if (strategy === 'denyAll') ctx.fail('IllegalArgument', `G group ${groupId} would hold more than ${MAX_GROUP_NUMBERS} numbers`);
			merged = merged.slice(merged.length - MAX_GROUP_NUMBERS);
		}
		group.Numbers = merged;
	} else if (type === 'deleteNumbers') {
		const drop = numbers();
		group.Numbers = group.Numbers.filter((n) => !drop.includes(n));
	} else if (type === 'overwriteNumbers') {
		group.Numbers = numbers();
	} else if (type === 'updateGroupInfo') {
		if (!given(p.GroupName) && !given(p.ExpireTime)) ctx.fail('IllegalArgument', 'Missing required parameter: GroupName');
		if (given(p.GroupName)) group.GroupName = str(p.GroupName);
		if (given(p.ExpireTime)) group.ExpireTime = expireTime(p, ctx);
	} else {
		ctx.fail('IllegalArgument', `Invalid UpdateType: ${type} (UpdateAXGGroup accepts addNumbers, deleteNumbers, overwriteNumbers, updateGroupInfo)`);
	}
	return { Success: true };
}

function deleteAXGGroup(p, ctx) {
	getPool(p.NumberPoolNo, ctx, ['AXG']);
	const group = getGroup(str(p.GroupId), str(p.NumberPoolNo), ctx);
	ctx.state.groups.delete(group.GroupId);
	return { Success: true };
}

// ---------- queries ----------

function querySubscription(p, ctx) {
	const sub = ctx.state.subs.get(str(p.SubId));
	if (!sub || sub.numberPoolNo !== str(p.NumberPoolNo)) ctx.fail('SubscriptionEmpty', `Subscription ${p.SubId} does not exist`);
	return toSubscription(sub);
}

function querySubscriptionForList(p, ctx) {
	const keys = ['SubId', 'PhoneNoA', 'PhoneNoB', 'PhoneNoX', 'OutId', 'NumberPoolNo'];
	if (!keys.some((k) => given(p[k]))) ctx.fail('IllegalArgument', `At least one of ${keys.join(', ')} is required`);
	const status = intParam(p, 'Status', ctx, { min: 0, max: 2 });
	const eq = (field, sub) => !given(p[field]) || str(p[field]) === sub[field];
	const number = str(p.Number);
	const records = [...ctx.state.subs.values()].filter(
		(s) =>
			(!given(p.NumberPoolNo) || s.numberPoolNo === str(p.NumberPoolNo)) &&
			['SubId', 'PhoneNoA', 'PhoneNoB', 'PhoneNoX', 'PhoneNoY', 'OutId'].every((f) => eq(f, s)) &&
			(status === undefined || s.Status === status) &&
			(!number || [s.PhoneNoA, s.PhoneNoB, s.PhoneNoX, s.PhoneNoY].includes(number)),
	);
	return page(records.map(toSubscription), p, ctx);
}

function numberPoolList(p, ctx) {
	const pools = [...ctx.state.pools.values()].filter(
		(pool) =>
			(!given(p.ServiceType) || pool.ServiceType === toInt(p.ServiceType)) &&
			(!given(p.SubServiceType) || pool.SubServiceType === toInt(p.SubServiceType)) &&
			(!given(p.NumberPoolNo) || pool.NumberPoolNo === str(p.NumberPoolNo)) &&
			(!given(p.NumberPoolName) || pool.NumberPoolName.includes(str(p.NumberPoolName))),
	);
	return page(pools.map((pool) => pick(pool, POOL_FIELDS)), p, ctx);
}

function numberList(p, ctx) {
	const only = list(p.NumberList);
	if (only.length > MAX_LIMIT) ctx.fail('IllegalArgument', `Invalid NumberList: at most ${MAX_LIMIT} numbers`);
	const numbers = [...ctx.state.numbers.values()].filter(
		(n) =>
			(!given(p.Number) || n.Number.includes(str(p.Number))) &&
			(!only.length || only.includes(n.Number)) &&
			(!given(p.NumberPoolNo) || n.NumberPoolNo === str(p.NumberPoolNo)) &&
			(!given(p.NumberPoolTypeCode) || n.NumberPoolTypeCode === toInt(p.NumberPoolTypeCode)) &&
			(!given(p.NumberStatusCode) || n.NumberStatusCode === toInt(p.NumberStatusCode)) &&
			(!given(p.NumberTypeCode) || n.NumberTypeCode === toInt(p.NumberTypeCode)),
	);
	return page(numbers.map((n) => pick(n, NUMBER_FIELDS)), p, ctx);
}

/** SelectNumber: free numbers of a pool ("free" = not bound, or not conflicting with BindNumberList). */
function selectNumber(p, ctx) {
	const { state } = ctx;
	const pool = getPool(p.NumberPoolNo, ctx);
	const count = intParam(p, 'NumberCount', ctx, { min: 1, max: MAX_LIMIT, def: 1 });
	const type = intParam(p, 'NumberType', ctx, { min: 0, max: 1 });
	const degrade = list(p.DegradeCityList);
	if (degrade.length > 5) ctx.fail('IllegalArgument', 'Invalid DegradeCityList: at most 5 cities');
	const bindWith = list(p.BindNumberList);
	const candidates = list(p.CandidateNumberList);
	const free = state.poolNumbers(pool.NumberPoolNo).filter(
		(r) =>
			r.NumberStatusCode === 1 &&
			(type === undefined || r.NumberTypeCode === type) &&
			(!candidates.length || candidates.includes(r.Number)) &&
			(bindWith.length ? !conflictOf(state, pool.mode, r.Number, bindWith[0], bindWith[1]) : r.CurrentBindCount === 0),
	);
	const cities = [str(p.CityCode), ...degrade].filter(Boolean);
	let found = cities.length ? [] : free;
	for (const city of cities) {
		found = found.concat(free.filter((r) => r.cityCode === city && !found.includes(r)));
	}
	if (!found.length) ctx.fail('NumberNotEnough', `No free number in pool ${pool.NumberPoolNo}${cities.length ? ` for cities ${cities.join(',')}` : ''}`);
	return found.slice(0, count).map((r) => r.Number);
}

// ---------- the table ----------

const form = (required, handle) => ({ method: 'POST', encoding: 'form', required, handle });
const json = (required, handle) => ({ method: 'POST', encoding: 'json', required, handle });
const query = (required, handle) => ({ method: 'GET', encoding: 'query', required, handle });

const BIND_X = ['PhoneNoA', 'PhoneNoX', 'NumberPoolNo', 'ExpireTime'];
const SELECT_X = ['PhoneNoA', 'NumberPoolNo', 'ExpireTime'];
const UPDATE = ['UpdateType', 'NumberPoolNo', 'SubId'];
const BY_SUB = ['NumberPoolNo', 'SubId'];
const UPDATE_COMMON = ['updatePhoneNoA', 'updatePhoneNoB', 'updateExpireTime', 'updateUserData', 'updateOutId'];
// Calls and their records live in calls.js (`ctx.calls`).
const calls = (method) => (p, ctx) => ctx.calls[method](p, ctx);

const ACTIONS = {
	BindAXN: form(BIND_X, bind('AXN')),
	SelectNumberAndBindAXN: form(SELECT_X, bind('AXN')),
	UpdateAXN: form(UPDATE, update('AXN', UPDATE_COMMON)),
	UnbindAXN: form(BY_SUB, unbind('AXN')),

	BindAXB: form(BIND_X, bind('AXB')),
	SelectNumberAndBindAXB: form(SELECT_X, bind('AXB')),
	UpgradeAXToAXB: form(['NumberPoolNo', 'SubId', 'PhoneNoB'], upgradeAXToAXB),
	UpdateAXB: form(UPDATE, update('AXB', UPDATE_COMMON)),
	UnbindAXB: form(BY_SUB, unbind('AXB')),

	BindAXNE: form(SELECT_X, bind('AXNE')),
	BindAXBForAXNE: form(['ParentSubId', 'PhoneNoB', 'NumberPoolNo'], bindAXBForAXNE),
	UpdateAXNE: form(UPDATE, update('AXNE', [...UPDATE_COMMON, 'updateAutoCreateFlag'])),
	UnbindAXNE: form(BY_SUB, unbind('AXNE')),

	BindAXYB: form(SELECT_X, bindAXYB),
	BindYBForAXYB: form(['ParentSubId', 'PhoneNoB', 'NumberPoolNo'], bindYBForAXYB),
	UpdateAXYB: form(
		UPDATE,
		update('AXYB', ['updatePhoneNoA', 'updatePhoneNoX', 'updatePhoneNoB', 'updateExpireTime', 'updateUserData', 'updateAutoCreateFlag']),
	),
	UnbindAXYB: form(BY_SUB, unbind('AXYB')),

	BindAXG: json(SELECT_X, bind('AXG')),
	UpdateAXG: json(
		UPDATE,
		update('AXG', ['updatePhoneNoA', 'updatePhoneNoB', 'updatePhoneNoX', 'updateUserData', 'updateOutId', 'updateGroupId', 'updateOrderId', 'updateExpireTime'], { Success: true }),
	),
	UnbindAXG: json(BY_SUB, unbind('AXG', { Success: true })),
	CreateAXGGroup: json(['NumberPoolNo', 'Numbers'], createAXGGroup),
	UpdateAXGGroup: json(['NumberPoolNo', 'UpdateType'], updateAXGGroup),
	DeleteAXGGroup: json(['NumberPoolNo', 'GroupId'], deleteAXGGroup),

	QuerySubscription: form(BY_SUB, querySubscription),
	QuerySubscriptionForList: form([], querySubscriptionForList),
	NumberPoolList: form([], numberPoolList),
	NumberList: query([], numberList),
	SelectNumber: query(['NumberPoolNo'], selectNumber),

	Click2Call: form(['Caller', 'Callee', 'CallerNumberPoolNo', 'CalleeNumberPoolNo'], calls('click2Call')),
	Click2CallLite: form(['Caller', 'Callee', 'NumberPoolNo'], calls('click2CallLite')),
	CancelClick2Call: form(['CallId'], calls('cancelClick2Call')),
	QueryCallRecordMsg: form(['CallIdList'], calls('queryCallRecordMsg')),
	QueryAudioRecordFileUrl: form(['CallId'], calls('queryAudioRecordFileUrl')),
	QueryAudioRecordToTextFileUrl: form(['CallIdList'], calls('queryAudioRecordToTextFileUrl')),

	// Number pool management, qualifications, A numbers, dual-call authorisations (management.js).
	// Voice notifications (notify.js).
	...notifyActions,

	...managementActions({ form, json, query, page, intParam, str, given, list, toInt, getPool, phoneParam, textParam, numberRecord: (n) => pick(n, NUMBER_FIELDS) }),

	// Voice-notification tasks (tasks.js).
	...taskActions({ json, intParam, str, given, toInt, getPool }),

	// Voice-notification resources and their review, risk control and the blacklist (voiceResources.js).
	...voiceResourceActions({ form, json, query, page, intParam, str, given, list, phoneParam, textParam }),
};

/** Check `required`, then run the handler. Non-enumerable so the table's keys stay the action names. */
function runAction(name, params, ctx) {
	const action = ACTIONS[name];
	checkRequired(params, action.required, ctx);
	return action.handle(params, ctx);
}
Object.defineProperty(ACTIONS, 'runAction', { value: runAction, enumerable: false });

module.exports = ACTIONS;
