'use strict';
// Calls the emulator makes: dual calls requested through the API (Click2Call, Click2CallLite) and calls
// through a binding's X, played on request (`play`, `POST /_emulator/calls`). Playing a call builds its
// messages (reference A.4: call status events, then the CDR, then the recording event), pushes them to
// the configured URL (push.js), and keeps the CDR and recording for the query actions.
const crypto = require('node:crypto');
const { createRecordings, makeMp3, makeWav } = require('./recordings');
const { createPusher, BAD_PUSHES } = require('./push');
const { PROVINCIAL_CAPITAL } = require('./state');

const ACCOUNT_ID = '2100000001';
const PHONE_RE = /^(1\d{10}|0\d{9,11})$/;
const LAST_VOICE_TO = ['NONE', 'CALLER', 'CALLEE', 'BOTH'];
const MAX_CALL_IDS = 100;
// callResult values that mean the callee's phone rang (reference A.4, docs 6358/173383).
const RANG = new Set([1, 5, 7, 9, 22, 28]);
// Province codes (GB/T 2260) of the cities the emulator knows; the format is this emulator's choice.
const PROVINCES = { '010': '11', '021': '31', '022': '12', '023': '50', '020': '44', '0755': '44', '0571': '33', '0574': '33', '0531': '37', '0532': '37', '028': '51', '027': '42' };
const SUB_SERVICE_TYPES = { AXB: 201, AXN: 202, AXNE: 203, AXYB: 204, AXG: 206 };
const MESSAGE_TYPES = { status: 1, cdr: 2, recording: 3 };
const DUAL_KINDS = ['click2Call', 'click2CallLite'];
// Seconds of a played call before the callee answers (dialling + ringing).
const RING_DELAY = 8;
const UNANSWERED_SECONDS = 20;

const given = (v) => v !== undefined && v !== null && v !== '';
const str = (v) => (given(v) ? String(v) : '');
const list = (v) => (Array.isArray(v) ? v.map(String) : str(v).split(',')).map((s) => s.trim()).filter(Boolean);
const toInt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? v : NaN) : /^-?\d+$/.test(String(v).trim()) ? Number(v) : NaN);
const pascal = (key) => key.charAt(0).toUpperCase() + key.slice(1);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A usage error of the control API (answered 400, or `status`). */
class ControlError extends Error {
	constructor(message, status = 400) {
		super(message);
		this.status = status;
	}
}

// ---------- action parameter checks (business errors through ctx.fail) ----------

function phone(p, name, ctx) {
	const v = str(p[name]);
	if (!PHONE_RE.test(v)) ctx.fail('IllegalArgument', `Invalid ${name}: ${v} (expected a mobile number or a landline with area code, digits only)`);
	return v;
}

function intParam(p, name, ctx, min, max, def) {
	if (!given(p[name])) return def;
	const n = toInt(p[name]);
	if (!(n >= min && n <= max)) ctx.fail('IllegalArgument', `Invalid ${name}: ${p[name]} (expected an integer from ${min} to ${max})`);
	return n;
}

function userData(p, ctx) {
	const v = str(p.UserData);
	if ([...v].length > 2048) ctx.fail('IllegalArgument', 'Invalid UserData: longer than 2048 characters');
	return v;
}

function dualPool(p, name, ctx) {
	const pool = ctx.state.pools.get(str(p[name]));
	if (!pool) ctx.fail('IllegalArgument', `Number pool ${p[name]} does not exist`);
	if (pool.mode !== 'DUAL') ctx.fail('IllegalArgument', `Number pool ${p[name]} is a ${pool.mode} pool, not a dual-call pool`);
	return pool;
}

function callIdList(p, ctx) {
	const ids = list(p.CallIdList);
	if (ids.length > MAX_CALL_IDS) ctx.fail('IllegalArgument', `Invalid CallIdList: ${ids.length} call IDs, at most ${MAX_CALL_IDS}`);
	return [...new Set(ids)];
}

/**
 * The display number of one side of a dual call: `<side>Number` if given (it must be a number of the
 * pool), else a number of the pool in `<side>NumberCityCode`, then the degrade cities, then the
 * provincial capital when `<side>DegradeToCapital` is 1; without a city, one in the party's own city.
 */
function displayNumber(p, side, pool, party, ctx) {
	const { state } = ctx;
	const usable = state.poolNumbers(pool.NumberPoolNo).filter((n) => n.NumberStatusCode === 1);
	const fixed = str(p[`${side}Number`]);
	if (fixed) {
		if (!usable.some((n) => n.Number === fixed)) ctx.fail('IllegalArgument', `${side}Number ${fixed} is not a usable number of pool ${pool.NumberPoolNo}`);
		return fixed;
	}
	const city = str(p[`${side}NumberCityCode`]);
	const degrade = list(p[`${side}NumberDegradeCityList`]);
	if (degrade.length > 5) ctx.fail('IllegalArgument', `Invalid ${side}NumberDegradeCityList: at most 5 cities`);
	if (degrade.length && !city) ctx.fail('IllegalArgument', `${side}NumberDegradeCityList needs ${side}NumberCityCode`);
	const toCapital = intParam(p, `${side}DegradeToCapital`, ctx, 0, 1, 0) === 1;
	if (!city) {
		const own = usable.find((n) => n.cityCode === state.cityOf(party));
		return (own || usable[0] || ctx.fail('NumberNotEnough', `Pool ${pool.NumberPoolNo} has no usable number`)).Number;
	}
	const cities = [city, ...degrade, ...(toCapital ? [PROVINCIAL_CAPITAL[city] || city] : [])];
	for (const c of cities) {
		const found = usable.find((n) => n.cityCode === c);
		if (found) return found.Number;
	}
	return ctx.fail('NumberNotEnough', `No usable number in pool ${pool.NumberPoolNo} for cities ${cities.join(',')}`);
}

// ---------- the calls store, message builders, pushes ----------

/**
 * @param {{ now: () => Date, state: () => object, baseUrl: () => string }} options
 */
function createCalls({ now, state, baseUrl }) {
	const recordings = createRecordings({ now });
	const pusher = createPusher({ now });
	/** CallId -> call. */
	const calls = new Map();
	const defaults = () => ({
		/** QueryAudioRecordFileUrl answers an object (docs, Go SDK) or a one-element list (Java SDK's model). */
		recordingResultShape: 'object',
		/** QueryAudioRecordToTextFileUrl answers an array (classic), `{ Records }` or `{ Data }` (V2 docs). */
		transcriptResultShape: 'array',
		/** Validity of queried recording links (docs: 3 h); negative = already expired, to test failures. */
		queryUrlTtlSeconds: 3 * 3600,
		/** Validity of pushed recording links (6 h). */
		pushUrlTtlSeconds: 6 * 3600,
	});
	const config = defaults();

	const nowMs = () => now().getTime();
	const newCallId = (prefix) => prefix + crypto.randomBytes(12).toString('hex');
	const geo = (prefix, number) => {
		const city = state().cityOf(number);
		return { [`${prefix}CountryIsoCode`]: 'CN', [`${prefix}ProvinceCode`]: PROVINCES[city] || '', [`${prefix}CityCode`]: city };
	};

	/** Recording links of a played call, fresh, valid for `ttl` seconds; empty strings when there is none. */
	function recordingUrls(call, ttl) {
		const url = (name) => (name ? recordings.url(baseUrl(), name, ttl) : '');
		const f = call.files || {};
		return { mixed: url(f.mixed), left: url(f.left), right: url(f.right) };
	}

	/** Call status messages (messageType 1): start, ringing, answered, ended, as far as the call got. */
	function statusMessages(call, t) {
		const common = { accountId: ACCOUNT_ID, callId: call.CallId, serviceType: call.serviceType, caller: call.caller, callee: call.callee };
		const make = (eventType, ms, allEventType, extra) => ({
			...common,
			eventTime: String(Math.floor(ms / 1000)),
			allEventType,
			eventType,
			messageType: 1,
			userData: call.userData,
			...extra,
		});
		// The callee's side: start, ringing if it rang, answered if answered, ended.
		const callee = [[1, t.calling], ...(t.rang ? [[2, t.ring]] : []), ...(t.answered ? [[3, t.start]] : []), [4, t.end]];
		const calleeTypes = callee.map(([e]) => e);
		if (call.kind === 'binding') {
			const extra = { phoneNoX: call.phoneNoX, phoneNoA: call.phoneNoA, phoneNoB: call.phoneNoB, subscriptionId: call.subscriptionId };
			return callee.map(([e, ms]) => make(e, ms, calleeTypes, extra));
		}
		// A voice notification (notify.js) has one leg: VMS calls the callee.
		if (call.kind === 'notify') return callee.map(([e, ms]) => make(e, ms, calleeTypes, {}));
		// A dual call rings the caller first (party 1); once the caller answers, the callee (party 2).
		const shows = { callerShowNumber: call.callerShowNumber, calleeShowNumber: call.calleeShowNumber };
		const caller = [[1, t.begin], [2, t.begin + 2000], [3, t.calling]];
		return [
			...caller.map(([e, ms]) => make(e, ms, [1, 2, 3, 4], { party: 1, ...shows })),
			...callee.slice(0, -1).map(([e, ms]) => make(e, ms, calleeTypes, { party: 2, ...shows })),
			make(4, t.end, [1, 2, 3, 4], { party: 1, ...shows }),
			make(4, t.end, calleeTypes, { party: 2, ...shows }),
		];
	}

	/** The CDR (messageType 2) with the common fields of reference A.4; times in unix ms. */
	function cdrMessage(call, t, scenario) {
		const cdr = {
			accountId: ACCOUNT_ID,
			callId: call.CallId,
			serviceType: call.serviceType,
			subServiceType: call.subServiceType,
			numberPoolNo: call.numberPoolNo,
			caller: call.caller,
			...geo('caller', call.caller),
			callee: call.callee,
			...geo('callee', call.callee),
			beginCallTime: t.begin,
			ringTime: t.rang ? t.ring : 0,
			startTime: t.answered ? t.start : 0,
			endTime: t.end,
			releaseType: t.answered ? scenario.releaseType : 1,
			callDuration: t.duration,
			callResult: t.callResult,
			// "录音是否分轨" (split into channels), per the CDR pages.
			audioRecordFlag: t.recorded && call.split ? 1 : 0,
			cdrCreateTime: t.end + 1000,
			userData: call.userData,
			messageType: 2,
			cdrType: 1,
		};
		if (call.kind === 'binding') {
			Object.assign(cdr, {
				subscriptionId: call.subscriptionId,
				phoneNoX: call.phoneNoX,
				...geo('phoneNoX', call.phoneNoX),
				phoneNoA: call.phoneNoA,
				phoneNoB: call.phoneNoB,
				secretCallType: call.caller === call.phoneNoA ? 11 : 10,
			});
			if (call.phoneNoE) cdr.phoneNoE = call.phoneNoE;
			if (call.outId) cdr.outId = call.outId;
		} else if (call.kind === 'notify') {
			// Voice-notification CDR fields (reference C.3, docs 6358/173373); digits: keys pressed (IVR).
			Object.assign(cdr, { taskOpenId: call.taskOpenId, singleOpenId: call.singleOpenId, ext: call.ext, digits: call.digits });
		} else {
			Object.assign(cdr, {
				callerShowNumber: call.callerShowNumber,
				callerShowNumberPoolNo: call.callerShowNumberPoolNo,
				calleeShowNumber: call.calleeShowNumber,
				calleeShowNumberPoolNo: call.calleeShowNumberPoolNo,
				callerCallingTime: t.begin,
				callerRingingTime: t.begin + 2000,
				callerDuration: Math.round((t.end - t.calling) / 1000),
			});
		}
		return cdr;
	}

	function recordingMessage(call) {
		const urls = recordingUrls(call, config.pushUrlTtlSeconds);
		return {
			accountId: ACCOUNT_ID,
			callId: call.CallId,
			serviceType: call.serviceType,
			audioRecordUrl: urls.mixed,
			audioRecordLeftUrl: urls.left,
			audioRecordRightUrl: urls.right,
			messageType: 3,
			// 1 = caller on the left channel (split), 3 = mixed.
			audioRecordModel: call.split ? 1 : 3,
			userData: call.userData,
		};
	}

	/** The call a scenario is about: a requested dual call (`callId`), or a new call through a binding. */
	function callFor(scenario) {
		if (given(scenario.callId)) {
			const call = calls.get(str(scenario.callId));
			if (!call) throw new ControlError(`No call ${scenario.callId}`, 404);
			if (call.state !== 'requested') throw new ControlError(`Call ${call.CallId} is ${call.state}; it can be played once`, 409);
			return call;
		}
		const st = state();
		let sub;
		if (given(scenario.subId)) {
			sub = st.subs.get(str(scenario.subId));
			if (!sub) throw new ControlError(`No binding ${scenario.subId}`, 404);
		} else if (given(scenario.phoneNoX)) {
			const matches = st
				.activeSubs()
				.filter((s) => s.PhoneNoX === str(scenario.phoneNoX) && (!given(scenario.phoneNoA) || s.PhoneNoA === str(scenario.phoneNoA)));
			if (matches.length !== 1) {
				throw new ControlError(`${matches.length} active bindings with X ${scenario.phoneNoX}${given(scenario.phoneNoA) ? ` and A ${scenario.phoneNoA}` : ''}; give subId`, 404);
			}
			sub = matches[0];
		} else {
			throw new ControlError('Say which call: subId, phoneNoX (+ phoneNoA), or callId of a Click2Call');
		}
		st.expire(Math.floor(nowMs() / 1000));
		if (sub.Status !== 1) throw new ControlError(`Binding ${sub.SubId} is not active (Status ${sub.Status}): VMS would not connect the call`, 409);
		const from = given(scenario.from) ? str(scenario.from) : sub.PhoneNoA;
		if (!PHONE_RE.test(from)) throw new ControlError(`from: ${from} is not a phone number`);
		// A dials X and reaches B; anyone else dialling X reaches A.
		const to = from === sub.PhoneNoA ? sub.PhoneNoB : sub.PhoneNoA;
		if (!to) throw new ControlError(`Binding ${sub.SubId} has no B for A to reach; give "from" (another number) instead`, 409);
		const pool = st.pools.get(sub.numberPoolNo);
		const call = {
			CallId: newCallId('NM'),
			kind: 'binding',
			state: 'requested',
			serviceType: 200,
			subServiceType: (pool && pool.SubServiceType) || SUB_SERVICE_TYPES[sub.mode],
			numberPoolNo: sub.numberPoolNo,
			caller: from,
			callee: to,
			subscriptionId: sub.SubId,
			phoneNoA: sub.PhoneNoA,
			phoneNoB: sub.PhoneNoB,
			phoneNoX: sub.PhoneNoX,
			phoneNoE: sub.PhoneNoE,
			outId: sub.OutId,
			userData: sub.UserData || '',
			record: sub.RecordFlag === 1,
		};
		return call;
	}

	/** Message bodies of a played call, in push order: status events, the CDR, the recording. */
	function playOut(call, scenario) {
		const answered = scenario.answered !== false;
		const callResult = given(scenario.callResult) ? toInt(scenario.callResult) : answered ? 1 : 7;
		if (!Number.isInteger(callResult)) throw new ControlError(`callResult: ${scenario.callResult} is not an integer`);
		const duration = answered ? (given(scenario.duration) ? toInt(scenario.duration) : 42) : 0;
		if (!(duration >= 0)) throw new ControlError(`duration: ${scenario.duration} is not a whole number of seconds`);
		const end = nowMs() - 1000;
		const begin = end - (answered ? duration + RING_DELAY : UNANSWERED_SECONDS) * 1000;
		// A dual call first rings the caller (4 s), then the callee; a call through X goes to the callee at once.
		const calling = call.kind === 'binding' || call.kind === 'notify' ? begin : begin + 4000;
		const t = { answered, rang: answered || RANG.has(callResult), callResult, duration, begin, calling, ring: calling + 2000, start: begin + RING_DELAY * 1000, end };
		t.recorded = answered && (given(scenario.record) ? scenario.record !== false : call.record);
		call.split = Boolean(scenario.split);
		if (t.recorded) {
			const seconds = Math.min(Math.max(duration, 1), 3);
			call.files = { mixed: recordings.add(`${call.CallId}.mp3`, makeMp3({ seconds })) };
			if (call.split) {
				call.files.left = recordings.add(`${call.CallId}-left.wav`, makeWav({ seconds, frequency: 440 }));
				call.files.right = recordings.add(`${call.CallId}-right.wav`, makeWav({ seconds, frequency: 660 }));
			}
		}
		call.state = 'ended';
		call.cdr = cdrMessage(call, t, { releaseType: given(scenario.releaseType) ? toInt(scenario.releaseType) : 1 });
		const messages = [
			...statusMessages(call, t).map((body) => ({ kind: 'status', body })),
			{ kind: 'cdr', body: call.cdr },
			...(t.recorded ? [{ kind: 'recording', body: recordingMessage(call) }] : []),
		];
		call.messages = messages.map((m) => m.body);
		return messages;
	}

	/** `bad` for a message kind: one value for all, or per kind `{ cdr: 'wrongToken' }`. */
	const badFor = (bad, kind) => (bad && typeof bad === 'object' ? bad[kind] : bad);

	/** Checks a scenario and plays its call: `{ call, messages }`, nothing pushed yet. Throws ControlError. */
	function prepare(scenario) {
		for (const bad of scenario.bad && typeof scenario.bad === 'object' ? Object.values(scenario.bad) : [scenario.bad]) {
			if (bad && !BAD_PUSHES[bad]) throw new ControlError(`bad: "${bad}" is not one of ${Object.keys(BAD_PUSHES).join(', ')}`);
		}
		const only = scenario.messages ? list(scenario.messages) : Object.keys(MESSAGE_TYPES);
		for (const kind of [...only, ...list(scenario.duplicate)]) {
			if (!MESSAGE_TYPES[kind]) throw new ControlError(`Unknown message kind "${kind}" (status, cdr, recording)`);
		}
		const call = callFor(scenario);
		const messages = playOut(call, scenario).filter((m) => only.includes(m.kind));
		calls.set(call.CallId, call); // a new call through a binding exists once it played
		return { call, messages };
	}

	/** Pushes the messages (one by one or as one array), with the scenario's duplicates, delays and bad pushes. */
	async function deliver(call, messages, scenario) {
		const pushes = [];
		if (!pusher.target || scenario.push === false) return pushes;
		const delayMs = toInt(scenario.delayMs) || 0;
		const duplicate = list(scenario.duplicate);
		const send = async (kind, body) => {
			const rawBody = JSON.stringify(body);
			const options = { rawBody, kind, callId: call.CallId, bad: badFor(scenario.bad, kind), timestampOffset: toInt(scenario.timestampOffset) || 0 };
			pushes.push(await pusher.send(options));
			if (duplicate.includes(kind) || (kind === 'batch' && duplicate.length)) {
				if (delayMs > 0) await sleep(delayMs);
				const timestamp = scenario.freshTimestamp ? undefined : pushes[pushes.length - 1].timestamp;
				pushes.push(await pusher.send({ ...options, timestamp, repeatOf: pushes[pushes.length - 1].seq }));
			}
		};
		if (scenario.batch) {
			await send('batch', messages.map((m) => m.body));
			return pushes;
		}
		for (const [i, m] of messages.entries()) {
			if (i > 0 && delayMs > 0) await sleep(delayMs);
			await send(m.kind, m.body);
		}
		return pushes;
	}

	/** Plays a call and pushes its messages; resolves `{ callId, messages, pushes }`. */
	async function play(scenario = {}) {
		const { call, messages } = prepare(scenario);
		const pushes = await deliver(call, messages, scenario);
		return { callId: call.CallId, messages: messages.map((m) => m.body), pushes };
	}

	const summary = (call) => {
		const { files, cdr, ...rest } = call;
		return { ...rest, recorded: Boolean(files), cdr };
	};

	const store = {
		calls,
		config,
		pusher,
		recordings,
		play,

		reset() {
			calls.clear();
			recordings.reset();
			pusher.reset();
			Object.assign(config, defaults());
		},

		/** The bytes of a call's recording file: `mixed`, `left` or `right`. */
		file(callId, which = 'mixed') {
			const call = calls.get(callId);
			const name = call && call.files && call.files[which];
			return name ? recordings.files.get(name) : undefined;
		},

		// ----- actions (handlers of the action table; `ctx.calls` is this store) -----

		click2Call(p, ctx) {
			const caller = phone(p, 'Caller', ctx);
			const callee = phone(p, 'Callee', ctx);
			if (caller === callee) ctx.fail('IllegalArgument', 'Caller and Callee must be different numbers');
			const callerPool = dualPool(p, 'CallerNumberPoolNo', ctx);
			const calleePool = dualPool(p, 'CalleeNumberPoolNo', ctx);
			intParam(p, 'MaxTime', ctx, 0, 1440);
			intParam(p, 'LastMinutes', ctx, 0, 1440);
			if (given(p.LastVoiceTo) && !LAST_VOICE_TO.includes(str(p.LastVoiceTo))) {
				ctx.fail('IllegalArgument', `Invalid LastVoiceTo: ${p.LastVoiceTo} (expected ${LAST_VOICE_TO.join(', ')})`);
			}
			const ud = userData(p, ctx);
			const callerShowNumber = displayNumber(p, 'Caller', callerPool, caller, ctx);
			const calleeShowNumber = displayNumber(p, 'Callee', calleePool, callee, ctx);
			return store.requestDualCall(ctx, {
				subServiceType: 103,
				caller,
				callee,
				numberPoolNo: callerPool.NumberPoolNo,
				callerShowNumber,
				callerShowNumberPoolNo: callerPool.NumberPoolNo,
				calleeShowNumber,
				calleeShowNumberPoolNo: calleePool.NumberPoolNo,
				userData: ud,
				record: true,
				params: { ...p },
			});
		},

		click2CallLite(p, ctx) {
			const caller = phone(p, 'Caller', ctx);
			const callee = phone(p, 'Callee', ctx);
			if (caller === callee) ctx.fail('IllegalArgument', 'Caller and Callee must be different numbers');
			const pool = dualPool(p, 'NumberPoolNo', ctx);
			const record = intParam(p, 'AudioRecordFlag', ctx, 0, 1, 1) === 1;
			const ud = userData(p, ctx);
			const show = displayNumber({}, 'Caller', pool, caller, ctx);
			return store.requestDualCall(ctx, {
				subServiceType: 105,
				caller,
				callee,
				numberPoolNo: pool.NumberPoolNo,
				callerShowNumber: show,
				callerShowNumberPoolNo: pool.NumberPoolNo,
				calleeShowNumber: show,
				calleeShowNumberPoolNo: pool.NumberPoolNo,
				userData: ud,
				record,
				params: { ...p },
			});
		},

		/** A dual call waits (`requested`) until played or cancelled; a second one between the same two is RepeatClick2Call. */
		requestDualCall(ctx, fields) {
			for (const c of calls.values()) {
				if (DUAL_KINDS.includes(c.kind) && c.state === 'requested' && c.caller === fields.caller && c.callee === fields.callee) {
					ctx.fail('RepeatClick2Call', `重复呼叫: call ${c.CallId} between ${c.caller} and ${c.callee} is still in progress`);
				}
			}
			const call = { CallId: newCallId('D'), kind: fields.subServiceType === 105 ? 'click2CallLite' : 'click2Call', state: 'requested', serviceType: 100, ...fields };
			calls.set(call.CallId, call);
			return { CallId: call.CallId };
		},

		cancelClick2Call(p, ctx) {
			const call = calls.get(str(p.CallId));
			if (!call || !DUAL_KINDS.includes(call.kind)) ctx.fail('IllegalArgument', `CallId ${p.CallId} is not a dual call of this account`);
			if (call.state !== 'requested') return false;
			call.state = 'cancelled';
			return true;
		},

		/** QueryCallRecordMsg (2022-01-01): the CDRs of the ended calls among CallIdList, keys in PascalCase, times in ms. */
		queryCallRecordMsg(p, ctx) {
			return callIdList(p, ctx)
				.map((id) => calls.get(id))
				.filter((call) => call && call.cdr)
				.map((call) => Object.fromEntries(Object.entries(call.cdr).filter(([k]) => k !== 'messageType').map(([k, v]) => [pascal(k), v])));
		},

		queryAudioRecordFileUrl(p, ctx) {
			const call = calls.get(str(p.CallId));
			if (!call) ctx.fail('IllegalArgument', `CallId ${p.CallId} does not exist`);
			const urls = recordingUrls(call, config.queryUrlTtlSeconds);
			const result = { AudioRecordFileUrl: urls.mixed, AudioRecordLeftFileUrl: urls.left, AudioRecordRightFileUrl: urls.right };
			return config.recordingResultShape === 'list' ? [result] : result;
		},

		queryAudioRecordToTextFileUrl(p, ctx) {
			const records = callIdList(p, ctx)
				.map((id) => calls.get(id))
				.filter((call) => call && call.files)
				.map((call) => {
					const name = `${call.CallId}.txt`;
					if (!recordings.files.has(name)) {
						const text = `[00:00] ${call.caller}: 你好，我是来送快递的。\n[00:03] ${call.callee}: 好的，放门口吧。\n`;
						recordings.add(name, Buffer.from(text, 'utf8'));
					}
					return { CallId: call.CallId, AudioRecordToTextFileUrl: recordings.url(baseUrl(), name, config.queryUrlTtlSeconds) };
				});
			if (config.transcriptResultShape === 'records') return { Records: records };
			if (config.transcriptResultShape === 'data') return { Data: records };
			return records;
		},

		// ----- control API: `[status, payload]`, or undefined for a route that is not ours -----

		async control(route, body) {
			const input = () => {
				const text = body.toString('utf8').trim();
				const value = text ? JSON.parse(text) : {};
				if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ControlError('Send a JSON object');
				return value;
			};
			try {
				switch (route) {
					case 'POST /_emulator/push-target': {
						pusher.setTarget(input());
						return [200, { ok: true, url: pusher.target ? pusher.target.url : null }];
					}
					case 'GET /_emulator/push-target':
						return [200, { url: pusher.target ? pusher.target.url : null, authTokenSet: Boolean(pusher.target) }];
					case 'GET /_emulator/pushes':
						return [200, pusher.log];
					case 'POST /_emulator/pushes/repeat': {
						const { seq, freshTimestamp, bad } = input();
						return [200, await pusher.repeat(toInt(seq), { freshTimestamp: Boolean(freshTimestamp), bad })];
					}
					case 'POST /_emulator/pushes/send': {
						const { body: message, raw, bad, timestampOffset } = input();
						const rawBody = typeof raw === 'string' ? raw : JSON.stringify(message);
						if (rawBody === undefined) throw new ControlError('Give body (a message or an array) or raw (the exact text)');
						return [200, await pusher.send({ rawBody, bad, timestampOffset: toInt(timestampOffset) || 0 })];
					}
					case 'POST /_emulator/calls': {
						const scenario = input();
						if (scenario.wait === false) {
							const { call, messages } = prepare(scenario);
							// Push failures land in the push log; the caller asked not to wait.
							deliver(call, messages, scenario).catch(() => {});
							return [202, { callId: call.CallId, messages: messages.map((m) => m.body) }];
						}
						return [200, await play(scenario)];
					}
					case 'GET /_emulator/calls':
						return [200, [...calls.values()].map(summary)];
					case 'POST /_emulator/calls/config': {
						const changes = input();
						for (const key of Object.keys(changes)) if (!(key in config)) throw new ControlError(`Unknown setting ${key}; known: ${Object.keys(config).join(', ')}`);
						Object.assign(config, changes);
						return [200, { ok: true, config }];
					}
					default:
						return undefined;
				}
			} catch (err) {
				return [err instanceof ControlError ? err.status : 400, { ok: false, error: err.message }];
			}
		},
	};
	return store;
}

module.exports = { createCalls, ACCOUNT_ID, MAX_CALL_IDS, ControlError };
