'use strict';
// In-memory VMS account: number pools, their numbers, AXG groups and bindings (subscriptions).

const SERVICE_TYPE = 200; // 隐私号 (number privacy), docs 6358/173382
const SERVICE_TYPE_NAME = '隐私号';
// subServiceType enum (docs 6358/173382); AXG is not in that table, 206 is this emulator's choice.
// DUAL (103, 双向呼叫) pools give the display numbers of Click2Call and Click2CallLite.
const SUB_SERVICE_TYPES = { AXB: 201, AXN: 202, AXNE: 203, AXYB: 204, AXG: 206, DUAL: 103 };
// Dual calls belong to the voice family (serviceType 100); its name here is this emulator's choice.
const SERVICE_TYPES = { DUAL: [100, '语音服务'] };
const MODES = Object.keys(SUB_SERVICE_TYPES);
const MAX_EXPIRE_TIME = 2145888000; // 2038-01-01 00:00:00 Beijing time (reference §6)

const CITY_NAMES = {
	'010': '北京',
	'021': '上海',
	'020': '广州',
	'022': '天津',
	'023': '重庆',
	'0755': '深圳',
	'0571': '杭州',
	'0574': '宁波',
	'0531': '济南',
	'0532': '青岛',
	'028': '成都',
	'027': '武汉',
};
// Provincial capital of a city, for DegradeCityList "PNPC".
const PROVINCIAL_CAPITAL = { '0755': '020', '0574': '0571', '0532': '0531' };

const CALL_DISPLAY_TYPE_NAMES = {
	1: '不透传',
	2: 'A看见B的真实号码',
	3: 'B看见A的真实号码',
	4: '看见对方真实号码',
};

// Public fields of a Subscription (QuerySubscription / QuerySubscriptionForList records), reference §2.2.
const SUBSCRIPTION_FIELDS = [
	'SubId',
	'PhoneNoA',
	'PhoneNoB',
	'PhoneNoX',
	'PhoneNoY',
	'Status',
	'RecordFlag',
	'EnableTime',
	'ExpireTime',
	'CallDisplayType',
	'CallDisplayTypeName',
	'UserData',
	'OutId',
	'PhoneNoE',
	'GroupId',
	'OrderId',
	'IndustrialId',
];

const AXN_POOL = 'NP160084061100694433';
const AXB_POOL = 'NP160084061100694434';
const AXNE_POOL = 'NP160084061100694435';
const AXYB_POOL = 'NP160084061100694436';
const AXYB_Y_POOL = 'NP160084061100694437';
const AXG_POOL = 'NP160084061100694438';
const DUAL_POOL = 'NP160084061100694439';

const range = (prefix, from, to) => {
	const out = [];
	for (let i = from; i <= to; i++) out.push(prefix + String(i).padStart(2, '0'));
	return out;
};

const DEFAULT_SEED = {
	defaultMobileCityCode: '010', // city assumed for A/B mobiles that are not listed in phoneCities
	phoneCities: {},
	pools: [
		{ numberPoolNo: AXN_POOL, name: 'Demo AXN pool', subServiceType: 'AXN', cityCode: '010', numbers: range('137000000', 2, 11) },
		{
			numberPoolNo: AXB_POOL,
			name: 'Demo AXB pool',
			subServiceType: 'AXB',
			numbers: [
				...range('138000000', 2, 6).map((number) => ({ number, cityCode: '021' })),
				...range('138000000', 7, 11).map((number) => ({ number, cityCode: '010' })),
			],
		},
		{ numberPoolNo: AXNE_POOL, name: 'Demo AXNE pool', subServiceType: 'AXNE', cityCode: '010', numbers: range('136000000', 2, 11) },
		{
			numberPoolNo: AXYB_POOL,
			name: 'Demo AXYB pool',
			subServiceType: 'AXYB',
			cityCode: '010',
			numbers: range('135000000', 2, 11),
			yPoolNo: AXYB_Y_POOL,
		},
		{ numberPoolNo: AXYB_Y_POOL, name: 'Demo AXYB Y pool', subServiceType: 'AXYB', cityCode: '010', numbers: range('134000000', 2, 11) },
		{ numberPoolNo: AXG_POOL, name: 'Demo AXG pool', subServiceType: 'AXG', cityCode: '010', numbers: range('133000000', 2, 11) },
		{
			numberPoolNo: DUAL_POOL,
			name: 'Demo dual-call pool',
			subServiceType: 'DUAL',
			numbers: [
				...range('010530000', 2, 6).map((number) => ({ number, cityCode: '010' })),
				...range('021530000', 2, 6).map((number) => ({ number, cityCode: '021' })),
			],
		},
	],
};

const modeOf = (subServiceType) =>
	typeof subServiceType === 'string' && SUB_SERVICE_TYPES[subServiceType]
		? subServiceType
		: MODES.find((m) => SUB_SERVICE_TYPES[m] === Number(subServiceType));

function createState(seed = DEFAULT_SEED) {
	const state = {
		pools: new Map(), // NumberPoolNo -> pool (NumberPoolList record + internal `mode`, `yPoolNo`)
		numbers: new Map(), // number -> NumberList record + internal `cityCode`
		subs: new Map(), // SubId -> subscription (public fields + internal `mode`, `numberPoolNo`, ...)
		groups: new Map(), // GroupId -> AXG group
		phoneCities: { ...(seed.phoneCities || {}) },
		defaultMobileCityCode: seed.defaultMobileCityCode || '010',
		seq: 0,

		/** Add a pool with its numbers. `subServiceType` is a mode name ('AXN') or code (202). */
		addPool({ numberPoolNo, name, subServiceType, numbers = [], cityCode = '010', yPoolNo, scene = 0 }) {
			const mode = modeOf(subServiceType);
			if (!mode) throw new Error(`Unknown subServiceType ${subServiceType}`);
			const [serviceType, serviceTypeName] = SERVICE_TYPES[mode] || [SERVICE_TYPE, SERVICE_TYPE_NAME];
			const pool = {
				NumberPoolName: name || numberPoolNo,
				NumberPoolNo: numberPoolNo,
				ServiceType: serviceType,
				ServiceTypeName: serviceTypeName,
				SubServiceType: SUB_SERVICE_TYPES[mode],
				SubServiceTypeName: mode,
				NumberCount: 0,
				Scene: scene,
				mode,
				yPoolNo,
			};
			state.pools.set(numberPoolNo, pool);
			for (const n of numbers) state.addNumber(numberPoolNo, typeof n === 'string' ? { number: n, cityCode } : { cityCode, ...n });
			return pool;
		},

		addNumber(numberPoolNo, { number, cityCode = '010', statusCode = 1 }) {
			const pool = state.pools.get(numberPoolNo);
			const before = state.numbers.get(number);
			const landline = number.startsWith('0');
			state.numbers.set(number, {
				Number: number,
				NumberStatusCode: statusCode,
				NumberStatusDesc: { 1: '在用', 2: '用户停用', 3: '平台停用', 4: '已注销' }[statusCode] || '',
				NumberTypeCode: landline ? 1 : 0,
				NumberTypeDesc: landline ? '固话' : '手机号',
				NumberLocation: CITY_NAMES[cityCode] || cityCode,
				NumberPurchaseTime: '2020-09-23 10:00:00',
				NumberPoolNo: numberPoolNo,
				NumberPoolName: pool.NumberPoolName,
				NumberPoolTypeCode: pool.SubServiceType,
				NumberPoolTypeDesc: pool.mode,
				ServiceTypeCode: pool.ServiceType,
				ServiceTypeDesc: pool.ServiceTypeName,
				QualificationNo: 'QN000000000001',
				QualificationEntity: 'Emulator Demo Co., Ltd.',
				CurrentBindCount: 0,
				cityCode,
			});
			// Counted as it goes: recounting the pool per number made a pool of 20,000 take 20 s.
			if (!before || before.NumberPoolNo !== numberPoolNo) pool.NumberCount += 1;
			if (before && before.NumberPoolNo !== numberPoolNo) state.pools.get(before.NumberPoolNo).NumberCount -= 1;
		},

		poolNumbers(numberPoolNo) {
			return [...state.numbers.values()].filter((n) => n.NumberPoolNo === numberPoolNo);
		},

		/** City code of any phone: pool numbers know theirs, landlines carry an area code, mobiles use a table. */
		cityOf(phone) {
			if (!phone) return '';
			if (state.numbers.has(phone)) return state.numbers.get(phone).cityCode;
			if (state.phoneCities[phone]) return state.phoneCities[phone];
			if (phone.startsWith('0')) return /^0(10|2\d)/.test(phone) ? phone.slice(0, 3) : phone.slice(0, 4);
			return state.defaultMobileCityCode;
		},

		nextId(prefix, now) {
			state.seq += 1;
			return `${prefix}${now}${String(state.seq).padStart(8, '0')}`;
		},

		/** Bindings past their ExpireTime are unbound by the platform. */
		expire(now) {
			for (const s of state.subs.values()) if (s.Status === 1 && s.ExpireTime <= now) state.unbind(s);
		},

		activeSubs() {
			return [...state.subs.values()].filter((s) => s.Status === 1);
		},

		addSubscription(fields) {
			const sub = {
				PhoneNoA: '',
				PhoneNoB: '',
				PhoneNoX: '',
				PhoneNoY: '',
				Status: 1,
				RecordFlag: 1,
				CallDisplayType: 1,
				UserData: '',
				OutId: '',
				PhoneNoE: '',
				GroupId: '',
				OrderId: '',
				IndustrialId: '',
				...fields,
			};
			sub.CallDisplayTypeName = CALL_DISPLAY_TYPE_NAMES[sub.CallDisplayType] || '';
			const replaced = state.subs.has(sub.SubId);
			state.subs.set(sub.SubId, sub);
			// A new binding only adds to its numbers' counts (a full recount per bind is quadratic).
			if (replaced) state.recount();
			else if (sub.Status === 1) for (const phone of [sub.PhoneNoX, sub.PhoneNoY]) if (state.numbers.has(phone)) state.numbers.get(phone).CurrentBindCount += 1;
			return sub;
		},

		unbind(sub) {
			sub.Status = 0;
			for (const child of state.subs.values()) if (child.parentSubId === sub.SubId && child.Status === 1) child.Status = 0;
			state.recount();
		},

		recount() {
			for (const n of state.numbers.values()) n.CurrentBindCount = 0;
			for (const s of state.activeSubs()) {
				for (const phone of [s.PhoneNoX, s.PhoneNoY]) if (state.numbers.has(phone)) state.numbers.get(phone).CurrentBindCount += 1;
			}
		},
	};
	for (const p of seed.pools || []) state.addPool(p);
	return state;
}

/** Public Subscription record of an internal one. */
const toSubscription = (sub) => Object.fromEntries(SUBSCRIPTION_FIELDS.map((f) => [f, sub[f]]));

module.exports = {
	createState,
	toSubscription,
	DEFAULT_SEED,
	AXN_POOL,
	AXB_POOL,
	AXNE_POOL,
	AXYB_POOL,
	AXYB_Y_POOL,
	AXG_POOL,
	DUAL_POOL,
	SERVICE_TYPE,
	SUB_SERVICE_TYPES,
	MODES,
	MAX_EXPIRE_TIME,
	CITY_NAMES,
	PROVINCIAL_CAPITAL,
	CALL_DISPLAY_TYPE_NAMES,
	SUBSCRIPTION_FIELDS,
};
