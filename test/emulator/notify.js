'use strict';
// Voice notifications (reference volcengine-vms-events-and-calls.md C.3): SingleBatchAppend queues one
// notification per List entry (SuccessList / FailList per entry), SingleInfo / QuerySingleInfo read one,
// SingleCancel / SingleCancelV2 cancel one. A test "plays" a notification (`play`, `POST /_emulator/notify/play`):
// that makes a call in the calls emulator (calls.js: CDR, recording, pushes), fills CallUuid and moves State.
//
// State (the docs' string enum): 1 can be called first time, 2 waiting for hang-up, 3 finished, 4 can re-call,
// 5 deleted (cancelled). Notifications live per emulator state object, so `reset()` clears them.
const crypto = require('node:crypto');
const voiceResources = require('./voiceResources');

const PHONE_RE = /^(1\d{10}|0\d{9,11})$/;
/** Entries per SingleBatchAppend: the docs name no limit; 100 is this emulator's choice (and the node's batch size). */
const MAX_LIST = 100;
const MAX_PHONE_PARAM = 2048;
const MAX_EXT = 250;
const BEIJING_MS = 8 * 3600 * 1000;
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const STATE_NAMES = { 1: 'can be called first time', 2: 'waiting for hang-up', 3: 'finished', 4: 'can re-call', 5: 'deleted' };
// Voice family (serviceType 100), voice notification (subServiceType 102): reference A.4 enums.
const SERVICE_TYPE = 100;
const SUB_SERVICE_TYPE = 102;

/**
 * Item-level failures (FailList `Type` + `Desc`). INVALID_PHONE_FORMAT, REDUPLICATED_ITEM and TTS_PARAM_EMPTY are
 * the docs' codes (6358/172940); the others follow their style and are this emulator's choice.
 */
const FAILURES = {
	INVALID_PHONE_FORMAT: '手机号格式错误',
	REDUPLICATED_ITEM: '重复项目',
	TTS_PARAM_EMPTY: 'TTS参数为空',
	RESOURCE_NOT_FOUND: '资源不存在',
	RESOURCE_NOT_APPROVED: '资源未审核通过',
	BLACK_LIST: '号码在黑名单中',
	NUMBER_POOL_NOT_FOUND: '号码池不存在或不可用于语音通知',
};

const given = (v) => v !== undefined && v !== null && v !== '';
const str = (v) => (given(v) ? String(v) : '');
const toInt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? v : NaN) : /^-?\d+$/.test(String(v).trim()) ? Number(v) : NaN);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `yyyy-MM-dd HH:mm:ss` in Beijing time. */
const beijing = (ms) => new Date(ms + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');

class ControlError extends Error {
	constructor(message, status = 400) {
		super(message);
		this.status = status;
	}
}

/** The notifications of one emulator state (a WeakMap: a new state after `reset()` starts empty). */
const stores = new WeakMap();
function storeOf(state) {
	let store = stores.get(state);
	if (!store) {
		store = {
			notifications: new Map(), // SingleOpenId -> notification
			config: defaults(),
		};
		stores.set(state, store);
	}
	return store;
}
const defaults = () => ({
	/** FailList entries: 'full' `{ Phone, SingleOpenId, Type: CODE, Desc }`, or 'doc' `{ Phone, Type: 中文 }` as in the docs' sample. */
	failListShape: 'full',
	/** Numbers refused with a FAILURES code, on top of the blacklist (voiceResources.js): `{ [phone]: code }`. */
	refuse: {},
});

/** Variables `${name}` of a TTS template. */
const variablesOf = (content) => [...str(content).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);

/** TriggerTime: `yyyy-MM-dd HH:mm:ss` Beijing time (classic SDKs), or unix seconds / ms (the generated SDK's int64). */
function triggerTime(value, fail, where) {
	if (!given(value)) return undefined;
	if (typeof value === 'number' || /^\d+$/.test(String(value))) {
		const n = Number(value);
		return n >= 1e11 ? n : n * 1000;
	}
	const m = TIME_RE.exec(String(value));
	const ms = m && Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - BEIJING_MS;
	if (!m || beijing(ms) !== String(value)) fail('IllegalArgument', `Invalid ${where}.TriggerTime: ${value} (expected yyyy-MM-dd HH:mm:ss, Beijing time)`);
	return ms;
}

/** Checks the fields of one List entry that make the whole request invalid (nothing is queued then). */
function checkEntry(entry, i, ctx) {
	const where = `List[${i}]`;
	if (!isObject(entry)) ctx.fail('IllegalArgument', `Invalid ${where}: expected an object`);
	for (const name of ['SingleOpenId', 'Resource', 'NumberPoolNo']) {
		if (!given(entry[name])) ctx.fail('IllegalArgument', `Missing required parameter: ${where}.${name}`);
	}
	if (typeof entry.SingleOpenId !== 'string' || entry.SingleOpenId.length > 64) {
		ctx.fail('IllegalArgument', `Invalid ${where}.SingleOpenId: expected text of at most 64 characters`);
	}
	const type = given(entry.Type) ? toInt(entry.Type) : 0;
	if (![0, 1, 2].includes(type)) ctx.fail('IllegalArgument', `Invalid ${where}.Type: ${entry.Type} (expected 0 audio, 1 TTS or 2 IVR)`);
	const ringAgainTimes = given(entry.RingAgainTimes) ? toInt(entry.RingAgainTimes) : 0;
	if (!(ringAgainTimes >= 0 && ringAgainTimes <= 3)) ctx.fail('IllegalArgument', `Invalid ${where}.RingAgainTimes: ${entry.RingAgainTimes} (expected 0 to 3)`);
	const ringAgainInterval = given(entry.RingAgainInterval) ? toInt(entry.RingAgainInterval) : 5;
	if (!(ringAgainInterval >= 5)) ctx.fail('IllegalArgument', `Invalid ${where}.RingAgainInterval: ${entry.RingAgainInterval} (expected whole minutes, at least 5)`);
	let phoneParam = entry.PhoneParam;
	if (given(phoneParam)) {
		// An object (classic SDKs) or a JSON text (the generated SDK).
		if (typeof phoneParam === 'string') {
			try {
				phoneParam = JSON.parse(phoneParam);
			} catch {
				phoneParam = undefined;
			}
		}
		if (!isObject(phoneParam)) ctx.fail('IllegalArgument', `Invalid ${where}.PhoneParam: expected an object of variables`);
		if (JSON.stringify(phoneParam).length > MAX_PHONE_PARAM) ctx.fail('IllegalArgument', `Invalid ${where}.PhoneParam: longer than ${MAX_PHONE_PARAM} characters`);
	}
	if ([...str(entry.Ext)].length > MAX_EXT) ctx.fail('IllegalArgument', `Invalid ${where}.Ext: longer than ${MAX_EXT} characters`);
	if (given(entry.NumberList) && !(Array.isArray(entry.NumberList) && entry.NumberList.every((n) => PHONE_RE.test(str(n))))) {
		ctx.fail('IllegalArgument', `Invalid ${where}.NumberList: expected an array of phone numbers`);
	}
	if (given(entry.ForbidTimeList)) {
		const ok =
			Array.isArray(entry.ForbidTimeList) &&
			entry.ForbidTimeList.every(
				(f) =>
					isObject(f) &&
					(!given(f.Weekdays) || (Array.isArray(f.Weekdays) && f.Weekdays.every((d) => toInt(d) >= 1 && toInt(d) <= 7))) &&
					Array.isArray(f.Times) &&
					f.Times.every((t) => /^\d{2}:\d{2}-\d{2}:\d{2}$/.test(str(t))),
			);
		if (!ok) ctx.fail('IllegalArgument', `Invalid ${where}.ForbidTimeList: expected [{ Weekdays: [1-7], Times: ["09:00-10:00"] }]`);
	}
	return {
		type,
		ringAgainTimes,
		ringAgainInterval,
		phoneParam: given(phoneParam) ? phoneParam : undefined,
		triggerAt: triggerTime(entry.TriggerTime, ctx.fail, where),
	};
}

/** Why VMS refuses one entry (a FAILURES code), or undefined when it is queued. */
function refusal(entry, checked, state, store, seen) {
	const phone = str(entry.Phone);
	if (!PHONE_RE.test(phone)) return 'INVALID_PHONE_FORMAT';
	if (seen.has(entry.SingleOpenId) || store.notifications.has(entry.SingleOpenId)) return 'REDUPLICATED_ITEM';
	const pool = state.pools.get(str(entry.NumberPoolNo));
	if (!pool || pool.ServiceType !== SERVICE_TYPE || !state.poolNumbers(pool.NumberPoolNo).some((n) => n.NumberStatusCode === 1)) {
		return 'NUMBER_POOL_NOT_FOUND';
	}
	// Resources and the blacklist are the resource emulator's (voiceResources.js).
	const unusable = voiceResources.usableResource(state, str(entry.Resource), checked.type);
	if (unusable) return unusable[0] === 'ResourceNotApproved' ? 'RESOURCE_NOT_APPROVED' : 'RESOURCE_NOT_FOUND';
	if (checked.type === 1) {
		const resource = voiceResources.storeOf(state).resources.get(str(entry.Resource));
		const missing = variablesOf(resource.TtsTemplateContent).filter((v) => !given(checked.phoneParam && checked.phoneParam[v]));
		if (missing.length) return 'TTS_PARAM_EMPTY';
	}
	if (store.config.refuse[phone]) return FAILURES[store.config.refuse[phone]] ? store.config.refuse[phone] : 'BLACK_LIST';
	if (voiceResources.blockedNumber(state, phone)) return 'BLACK_LIST';
	return undefined;
}

function failEntry(entry, code, config) {
	if (config.failListShape === 'doc') return { Phone: str(entry.Phone), Type: FAILURES[code] };
	return { Phone: str(entry.Phone), SingleOpenId: str(entry.SingleOpenId), Type: code, Desc: FAILURES[code] };
}

// ---------- actions (handlers get ctx = { state, calls, now, fail }) ----------

function singleBatchAppend(p, ctx) {
	const list = p.List;
	if (!Array.isArray(list) || list.length === 0) ctx.fail('IllegalArgument', 'Invalid List: expected a non-empty array of notifications');
	if (list.length > MAX_LIST) ctx.fail('IllegalArgument', `Invalid List: ${list.length} entries, at most ${MAX_LIST} per request`);
	// Every entry is checked before any is queued: a malformed request queues nothing.
	const checked = list.map((entry, i) => checkEntry(entry, i, ctx));
	const store = storeOf(ctx.state);
	const seen = new Set();
	const SuccessList = [];
	const FailList = [];
	list.forEach((entry, i) => {
		const code = refusal(entry, checked[i], ctx.state, store, seen);
		seen.add(entry.SingleOpenId);
		if (code) {
			FailList.push(failEntry(entry, code, store.config));
			return;
		}
		const { type, ringAgainTimes, ringAgainInterval, phoneParam, triggerAt } = checked[i];
		store.notifications.set(entry.SingleOpenId, {
			SingleOpenId: entry.SingleOpenId,
			Phone: str(entry.Phone),
			Type: type,
			Resource: str(entry.Resource),
			NumberPoolNo: str(entry.NumberPoolNo),
			NumberList: Array.isArray(entry.NumberList) ? entry.NumberList.map(String) : [],
			NumberType: given(entry.NumberType) ? toInt(entry.NumberType) : 0,
			PhoneParam: phoneParam,
			Ext: str(entry.Ext),
			RingAgainTimes: ringAgainTimes,
			RingAgainInterval: ringAgainInterval,
			ForbidTimeList: entry.ForbidTimeList,
			TriggerTime: triggerAt === undefined ? '' : beijing(triggerAt),
			CreateTime: beijing(ctx.now * 1000),
			State: 1,
			attempts: 0,
			CallUuid: '',
			ReleaseTime: '',
			Duration: 0,
			Digits: '',
			callIds: [],
		});
		SuccessList.push({ Phone: str(entry.Phone), SingleOpenId: entry.SingleOpenId, ...(given(entry.Ext) ? { Ext: str(entry.Ext) } : {}), Type: type });
	});
	return { SuccessList, FailList };
}

function notificationOf(p, ctx) {
	const id = str(p.SingleOpenId);
	const n = storeOf(ctx.state).notifications.get(id);
	if (!n) ctx.fail('TaskNotFound', `SingleOpenId ${id} does not exist`);
	return n;
}

/** SingleInfo (classic: `Resource`) and QuerySingleInfo (2025 docs, generated SDK: `ResourceKey`). */
const singleInfo = (resourceField) => (p, ctx) => {
	const n = notificationOf(p, ctx);
	return {
		SingleOpenId: n.SingleOpenId,
		[resourceField]: n.Resource,
		Phone: n.Phone,
		Ext: n.Ext,
		CreateTime: n.CreateTime,
		State: String(n.State),
		ReleaseTime: n.ReleaseTime,
		Duration: n.Duration,
		CallUuid: n.CallUuid,
	};
};

/** SingleCancel / SingleCancelV2: a notification not yet called (State 1) or waiting to re-call (4) is deleted (5). */
function singleCancel(p, ctx) {
	const n = notificationOf(p, ctx);
	if (n.State !== 1 && n.State !== 4) {
		ctx.fail('TaskWrongState', `SingleOpenId ${n.SingleOpenId} is in State ${n.State} (${STATE_NAMES[n.State]}); only State 1 or 4 can be cancelled`);
	}
	n.State = 5;
	return undefined; // ResponseMetadata only, in all SDKs
}

const json = (required, handle, set) => ({ method: 'POST', encoding: 'json', required, handle, ...(set ? { set } : {}) });
const query = (required, handle, set) => ({ method: 'GET', encoding: 'query', required, handle, ...(set ? { set } : {}) });

/** The action table's entries (merged in actions.js). `set`: which action-name set serves it (server.js actionSet). */
const actions = {
	SingleBatchAppend: json(['List'], singleBatchAppend),
	SingleInfo: query(['SingleOpenId'], singleInfo('Resource'), 'classic'),
	QuerySingleInfo: json(['SingleOpenId'], singleInfo('ResourceKey'), 'v2'),
	SingleCancel: query(['SingleOpenId'], singleCancel, 'classic'),
	SingleCancelV2: json(['SingleOpenId'], singleCancel, 'v2'),
};

// ---------- playing a notification (control) ----------

/**
 * @param {{ now: () => Date, state: () => object, calls: object }} options  calls: the calls store (calls.js)
 */
function createNotify({ now, state, calls }) {
	const nowMs = () => now().getTime();

	/** The caller number: one of NumberList (NumberType 1), else the pool's first usable number. */
	function callerOf(n) {
		const st = state();
		if (n.NumberType === 1 && n.NumberList.length) return n.NumberList[0];
		const usable = st.poolNumbers(n.NumberPoolNo).filter((r) => r.NumberStatusCode === 1);
		return usable.length ? usable[0].Number : '';
	}

	/**
	 * Plays a notification: `{ singleOpenId, answered = true, digits, duration, callResult, record = true, split,
	 * inProgress }` plus the push knobs of calls.js (`messages`, `duplicate`, `delayMs`, `batch`, `bad`, `push`, ...).
	 * `inProgress: true` only starts the call (State 2, CallUuid set, nothing pushed); the next play ends it.
	 */
	async function play(scenario = {}) {
		if (!given(scenario.singleOpenId)) throw new ControlError('Say which notification: singleOpenId');
		const n = storeOf(state()).notifications.get(str(scenario.singleOpenId));
		if (!n) throw new ControlError(`No notification ${scenario.singleOpenId}`, 404);
		if (![1, 2, 4].includes(n.State)) throw new ControlError(`Notification ${n.SingleOpenId} is in State ${n.State} (${STATE_NAMES[n.State]}); it cannot be played`, 409);
		if (given(scenario.digits) && !/^[0-9*#]{1,32}$/.test(str(scenario.digits))) throw new ControlError(`digits: ${scenario.digits} is not keys 0-9, * or #`);
		const { singleOpenId, digits, inProgress, answered, ...knobs } = scenario;
		let callId = n.State === 2 ? n.CallUuid : undefined;
		if (!callId) {
			callId = `VN${crypto.randomBytes(12).toString('hex')}`;
			calls.calls.set(callId, {
				CallId: callId,
				kind: 'notify',
				state: 'requested',
				serviceType: SERVICE_TYPE,
				subServiceType: SUB_SERVICE_TYPE,
				numberPoolNo: n.NumberPoolNo,
				caller: callerOf(n),
				callee: n.Phone,
				userData: '',
				record: true,
				taskOpenId: '',
				singleOpenId: n.SingleOpenId,
				ext: n.Ext,
				digits: '',
			});
			n.attempts += 1;
			n.callIds.push(callId);
			n.CallUuid = callId;
		}
		if (inProgress) {
			n.State = 2;
			return { singleOpenId: n.SingleOpenId, callId, state: n.State, messages: [], pushes: [] };
		}
		const heard = answered !== false;
		calls.calls.get(callId).digits = heard && given(digits) ? str(digits) : '';
		const played = await calls.play({ ...knobs, answered: heard, callId });
		const call = calls.calls.get(callId);
		n.Digits = call.digits;
		n.Duration = call.cdr.callDuration;
		n.ReleaseTime = beijing(call.cdr.endTime);
		// Not answered with re-calls left: 4 (VMS calls again after RingAgainInterval); else finished.
		n.State = !heard && n.attempts <= n.RingAgainTimes ? 4 : 3;
		return { singleOpenId: n.SingleOpenId, callId, state: n.State, ...played };
	}

	const notify = {
		play,
		/** Every notification of the current state (internal fields included). */
		list: () => [...storeOf(state()).notifications.values()],
		get: (singleOpenId) => storeOf(state()).notifications.get(singleOpenId),
		/** `failListShape`, `refuse` (see defaults); reset with the state. */
		get config() {
			return storeOf(state()).config;
		},
		/** Control routes: `[status, payload]`, or undefined for a route that is not ours. */
		async control(route, body) {
			const input = () => {
				const text = body.toString('utf8').trim();
				const value = text ? JSON.parse(text) : {};
				if (!isObject(value)) throw new ControlError('Send a JSON object');
				return value;
			};
			try {
				switch (route) {
					case 'POST /_emulator/notify/play':
						return [200, await play(input())];
					case 'GET /_emulator/notify':
						return [200, notify.list()];
					case 'POST /_emulator/notify/config': {
						const changes = input();
						const config = notify.config;
						for (const key of Object.keys(changes)) if (!(key in config)) throw new ControlError(`Unknown setting ${key}; known: ${Object.keys(config).join(', ')}`);
						if (changes.failListShape !== undefined && !['full', 'doc'].includes(changes.failListShape)) throw new ControlError('failListShape: full or doc');
						if (changes.refuse !== undefined && !isObject(changes.refuse)) throw new ControlError('refuse: { [phone]: code }');
						Object.assign(config, changes);
						return [200, { ok: true, config }];
					}
					default:
						return undefined;
				}
			} catch (err) {
				return [err instanceof ControlError ? err.status : err.status || 400, { ok: false, error: err.message }];
			}
		},
	};
	return notify;
}

module.exports = { actions, createNotify, FAILURES, MAX_LIST, STATE_NAMES, beijing };
