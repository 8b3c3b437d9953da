'use strict';
// Voice-notification tasks (campaigns): CreateTask, BatchAppend, UpdateTask, PauseTask / ResumeTask / StopTask and
// QueryTaskList (reference volcengine-vms-events-and-calls.md C.2, C.3; the Java SDK's TaskAppendResult, FailItem and
// TaskListItem models). Error codes are those of C.2; where no source says how VMS behaves, the emulator's choice is
// said below (task state codes, FailList Index base, the concurrency cap).
// `h` are the helpers of actions.js (table entries, parameter readers, getPool). Resources are the account's, with
// their review states, from voiceResources.js.
const { storeOf: resourcesOf, usableResource } = require('./voiceResources');

/** Entries of one PhoneList (CreateTask, BatchAppend): "≤10 000 per call". */
const MAX_PHONE_LIST = 10000;
/** "同时在运行中的任务数量不超过50": running tasks per account. */
const MAX_RUNNING_TASKS = 50;
/** The account's concurrency cap: the emulator's choice (VMS sets it per account). */
const MAX_CONCURRENCY = 100;

/**
 * Task states: the codes are the emulator's choice (no SDK or page lists them; UNCONFIRMED), the node names them
 * the same way (actions/voiceTask/states.ts).
 */
const STATE = { notStarted: 0, running: 1, paused: 2, stopped: 3, finished: 4 };

const PHONE_RE = /^(1\d{10}|0\d{9,11})$/;
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const SLOT_RE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

module.exports = function taskActions(h) {
	const { json, intParam, str, given, toInt, getPool } = h;

	/** Tasks of the account, kept on the emulator state (a reset starts a new state). */
	const store = (ctx) => {
		ctx.state.voiceTasks ??= { tasks: new Map(), seq: 0 };
		return ctx.state.voiceTasks;
	};

	const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
	const isTrue = (v) => v === true || v === 'true' || v === 1 || v === '1';

	/** Unix seconds of a Beijing `yyyy-MM-dd HH:mm:ss`. */
	function beijingTime(p, name, ctx) {
		const m = TIME_RE.exec(str(p[name]));
		const utc = m && Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
		const check = m && new Date(utc);
		if (!m || check.getUTCMonth() !== +m[2] - 1 || check.getUTCDate() !== +m[3]) {
			ctx.fail('IllegalArgument', `Invalid ${name}: ${p[name]} (expected yyyy-MM-dd HH:mm:ss, Beijing time)`);
		}
		return utc / 1000 - 8 * 3600;
	}

	function window(p, ctx) {
		const start = beijingTime(p, 'StartTime', ctx);
		const end = beijingTime(p, 'EndTime', ctx);
		if (end <= start) ctx.fail('IllegalArgument', `Invalid EndTime: ${p.EndTime} is not after StartTime ${p.StartTime}`);
		if (end <= ctx.now) ctx.fail('IllegalArgument', `Invalid EndTime: ${p.EndTime} is in the past`);
		return { start, end };
	}

	function concurrency(p, ctx) {
		const n = intParam(p, 'Concurrency', ctx, { min: 1 });
		if (n > MAX_CONCURRENCY) ctx.fail('ExceedMaxConcurrency', `Concurrency ${n} exceeds the account's maximum of ${MAX_CONCURRENCY}`);
		return n;
	}

	function forbidTimeList(p, ctx) {
		if (!given(p.ForbidTimeList)) return [];
		const list = p.ForbidTimeList;
		const ok =
			Array.isArray(list) &&
			list.every(
				(e) =>
					isObject(e) &&
					Array.isArray(e.Weekdays) &&
					e.Weekdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7) &&
					Array.isArray(e.Times) &&
					e.Times.every((t) => SLOT_RE.test(String(t))),
			);
		if (!ok) ctx.fail('IllegalArgument', 'Invalid ForbidTimeList: expected [{ "Weekdays": [1-7 ...], "Times": ["HH:mm-HH:mm" ...] }]');
		return list;
	}

	/** The ring-again, forbid-time settings shared by CreateTask and UpdateTask. */
	function callingSettings(p, ctx, def = {}) {
		return {
			RingAgainTimes: intParam(p, 'RingAgainTimes', ctx, { min: 0, max: 3, def: def.RingAgainTimes ?? 0 }),
			RingAgainInterval: intParam(p, 'RingAgainInterval', ctx, { min: 5, def: def.RingAgainInterval ?? 5 }),
			ForbidTimeList: given(p.ForbidTimeList) ? forbidTimeList(p, ctx) : def.ForbidTimeList || [],
		};
	}

	/** The variables a TTS template needs (`${name}`). */
	const variablesOf = (resource) => [...String(resource.TtsTemplateContent || '').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);

	/**
	 * Adds a PhoneList to a task: entries VMS refuses go to FailList (Index = position in this request's list,
	 * 0-based: the emulator's choice), the others are queued. The whole request fails only for its shape.
	 */
	function appendPhones(task, p, ctx) {
		if (!given(p.PhoneList)) return [];
		if (!Array.isArray(p.PhoneList)) ctx.fail('IllegalArgument', 'Invalid PhoneList: expected a JSON array of { Phone, PhoneParam, Ext }');
		if (p.PhoneList.length > MAX_PHONE_LIST) {
			ctx.fail('PhoneListExceedLimit', `PhoneList has ${p.PhoneList.length} entries; at most ${MAX_PHONE_LIST} per request`);
		}
		const needs = variablesOf(task.resource);
		const failures = [];
		const failed = (Index, Phone, Type, Desc) => failures.push({ Index, Phone, Type, Desc });
		p.PhoneList.forEach((entry, index) => {
			if (!isObject(entry)) ctx.fail('IllegalArgument', `Invalid PhoneList[${index}]: expected an object`);
			const phone = str(entry.Phone);
			if (given(entry.Ext) && [...String(entry.Ext)].length > 255) ctx.fail('IllegalArgument', `Invalid PhoneList[${index}].Ext: longer than 255 characters`);
			let params = entry.PhoneParam;
			if (typeof params === 'string' && params.trim()) {
				try {
					params = JSON.parse(params);
				} catch {
					params = undefined;
				}
			}
			if (given(entry.PhoneParam) && !isObject(params)) ctx.fail('IllegalArgument', `Invalid PhoneList[${index}].PhoneParam: expected an object`);
			if (!PHONE_RE.test(phone)) return failed(index, phone, 'INVALID_PHONE_FORMAT', `${phone || '(empty)'} is not a valid phone number`);
			const missing = needs.filter((v) => !params || !given(params[v]));
			if (missing.length) return failed(index, phone, 'TTS_PARAM_EMPTY', `PhoneParam lacks ${missing.join(', ')}`);
			if (task.unique && task.phones.has(phone)) return failed(index, phone, 'REDUPLICATED_ITEM', `${phone} is already in the task`);
			task.phones.add(phone);
			task.list.push({ Phone: phone, PhoneParam: params || {}, Ext: str(entry.Ext) });
		});
		return failures;
	}

	/** The task's state now: a task past its EndTime has finished. */
	function stateOf(task, ctx) {
		if (task.end <= ctx.now && task.State !== STATE.stopped) task.State = STATE.finished;
		return task.State;
	}

	function runningCount(ctx) {
		return [...store(ctx).tasks.values()].filter((t) => stateOf(t, ctx) === STATE.running).length;
	}

	function checkRunningLimit(ctx) {
		if (runningCount(ctx) >= MAX_RUNNING_TASKS) {
			ctx.fail('ExceedTaskNumLimit', `At most ${MAX_RUNNING_TASKS} tasks may run at the same time`);
		}
	}

	function taskOf(p, ctx) {
		const task = store(ctx).tasks.get(str(p.TaskOpenId));
		if (!task) ctx.fail('TaskNotFound', `Task ${p.TaskOpenId} does not exist`);
		return task;
	}

	function createTask(p, ctx) {
		const name = str(p.Name);
		if ([...name].length > 100) ctx.fail('IllegalArgument', 'Invalid Name: longer than 100 characters');
		const pool = getPool(str(p.NumberPoolNo), ctx);
		const numbers = ctx.state.poolNumbers(pool.NumberPoolNo).filter((n) => n.NumberStatusCode === 1);
		if (!numbers.length) ctx.fail('NoNumberUnderNumberPool', `Number pool ${pool.NumberPoolNo} has no usable number`);
		const type = intParam(p, 'Type', ctx, { min: 0, max: 2, def: 0 });
		const unusable = usableResource(ctx.state, str(p.Resource), type);
		if (unusable) ctx.fail(...unusable);
		const resource = resourcesOf(ctx.state).resources.get(str(p.Resource));
		const { start, end } = window(p, ctx);
		const selectType = intParam(p, 'SelectNumberType', ctx, { min: 0, max: 1, def: 0 });
		const numberList = given(p.NumberList) ? [].concat(p.NumberList).map(String) : [];
		if (selectType === 1) {
			if (!numberList.length) ctx.fail('IllegalArgument', 'NumberList is required when SelectNumberType is 1');
			if (!given(p.SelectNumberRule)) ctx.fail('SelectNumberRuleNotNull', 'SelectNumberRule is required when SelectNumberType is 1');
		}
		const foreign = numberList.find((n) => !numbers.some((r) => r.Number === n));
		if (foreign) ctx.fail('IllegalArgument', `Invalid NumberList: ${foreign} is not a usable number of pool ${pool.NumberPoolNo}`);
		if (numberList.length > numbers.length) ctx.fail('SelectNumberOverLimit', `NumberList has more numbers than pool ${pool.NumberPoolNo}`);
		const startNow = given(p.Start) ? isTrue(p.Start) : true;
		if (startNow) checkRunningLimit(ctx);
		const s = store(ctx);
		s.seq += 1;
		const task = {
			TaskOpenId: `T${ctx.now}${String(s.seq).padStart(6, '0')}`,
			Name: name,
			NumberPoolNo: pool.NumberPoolNo,
			resource,
			start,
			end,
			StartTime: str(p.StartTime),
			EndTime: str(p.EndTime),
			Concurrency: concurrency(p, ctx),
			MaxRingDuration: intParam(p, 'MaxRingDuration', ctx, { min: 1, max: 60, def: 20 }),
			...callingSettings(p, ctx),
			NumberList: numberList,
			SelectNumberType: selectType,
			SelectNumberRule: intParam(p, 'SelectNumberRule', ctx, { min: 0 }),
			FinishWhenListEnd: given(p.FinishWhenListEnd) ? isTrue(p.FinishWhenListEnd) : false,
			unique: given(p.Unique) ? isTrue(p.Unique) : true,
			State: startNow ? STATE.running : STATE.notStarted,
			phones: new Set(),
			list: [],
			CalledNum: 0,
			ThroughNum: 0,
		};
		// The list is checked before the task is kept: a request refused as a whole creates nothing.
		const FailList = appendPhones(task, p, ctx);
		s.tasks.set(task.TaskOpenId, task);
		return { TaskOpenId: task.TaskOpenId, FailList };
	}

	function batchAppend(p, ctx) {
		const task = taskOf(p, ctx);
		if ([STATE.stopped, STATE.finished].includes(stateOf(task, ctx))) ctx.fail('TaskWrongState', `Task ${task.TaskOpenId} has ended`);
		if (!given(p.PhoneList)) ctx.fail('IllegalArgument', 'Missing required parameter: PhoneList');
		// All or nothing for a refused request: check on a copy, then keep.
		const trial = { ...task, phones: new Set(task.phones), list: [...task.list] };
		const FailList = appendPhones(trial, p, ctx);
		task.phones = trial.phones;
		task.list = trial.list;
		return { TaskOpenId: task.TaskOpenId, FailList };
	}

	function updateTask(p, ctx) {
		const task = taskOf(p, ctx);
		if ([STATE.stopped, STATE.finished].includes(stateOf(task, ctx))) ctx.fail('TaskWrongState', `Task ${task.TaskOpenId} has ended`);
		const { start, end } = window(p, ctx);
		const settings = callingSettings(p, ctx, task);
		Object.assign(task, { start, end, StartTime: str(p.StartTime), EndTime: str(p.EndTime), Concurrency: concurrency(p, ctx), ...settings });
		if (isTrue(p.Recall)) task.recall = true;
		return { TaskOpenId: task.TaskOpenId };
	}

	/** PauseTask / ResumeTask / StopTask: the state moves, the answer has no Result. */
	const move = (from, to, before) => (p, ctx) => {
		const task = taskOf(p, ctx);
		const state = stateOf(task, ctx);
		if (!from.includes(state)) {
			const name = Object.keys(STATE).find((k) => STATE[k] === state);
			ctx.fail('TaskWrongState', `Task ${task.TaskOpenId} is ${name}`);
		}
		if (before) before(task, ctx);
		task.State = to;
		return undefined;
	};
	// A resumed task counts as running (before its StartTime it waits for it).
	const resumable = (_task, ctx) => checkRunningLimit(ctx);

	function record(task, ctx) {
		const listNum = task.list.length;
		const rate = (n, of) => (of ? Math.round((n / of) * 10000) / 100 : 0);
		return {
			TaskOpenId: task.TaskOpenId,
			Name: task.Name,
			Resource: task.resource.ResourceKey,
			ResourceType: task.resource.Type,
			ResourceName: task.resource.Name,
			State: stateOf(task, ctx),
			StartTime: task.StartTime,
			EndTime: task.EndTime,
			ListNum: listNum,
			CalledNum: task.CalledNum,
			ThroughNum: task.ThroughNum,
			ThroughRate: rate(task.ThroughNum, task.CalledNum),
			FinishRate: rate(task.CalledNum, listNum),
		};
	}

	function queryTaskList(p, ctx) {
		const keyword = str(p.Keyword);
		let states;
		if (given(p.State)) {
			if (!Array.isArray(p.State) || !p.State.every((s) => Object.values(STATE).includes(toInt(s)))) {
				ctx.fail('IllegalArgument', `Invalid State: expected a list of task states (${Object.values(STATE).join(', ')})`);
			}
			states = p.State.map(toInt);
		}
		const type = intParam(p, 'ResourceType', ctx, { min: 0, max: 2 });
		const phone = str(p.Phone);
		const tasks = [...store(ctx).tasks.values()].filter(
			(t) =>
				(!keyword || t.Name.includes(keyword) || t.TaskOpenId === keyword) &&
				(!states || states.includes(stateOf(t, ctx))) &&
				(type === undefined || t.resource.Type === type) &&
				(!given(p.Resource) || t.resource.ResourceKey === str(p.Resource)) &&
				(!phone || t.phones.has(phone)),
		);
		const Offset = intParam(p, 'Offset', ctx, { min: 0, def: 0 });
		const Limit = intParam(p, 'Limit', ctx, { min: 1, max: 100, def: 10 });
		// Newest first, as a console list shows them.
		const records = tasks.reverse().map((t) => record(t, ctx));
		return { Records: records.slice(Offset, Offset + Limit), Total: records.length, Limit, Offset };
	}

	const postQuery = (required, handle) => ({ method: 'POST', encoding: 'postQuery', required, handle });
	const TASK = ['TaskOpenId'];

	return {
		CreateTask: json(['Name', 'NumberPoolNo', 'StartTime', 'EndTime', 'Concurrency', 'Resource'], createTask),
		BatchAppend: json(['TaskOpenId', 'PhoneList'], batchAppend),
		UpdateTask: json(['TaskOpenId', 'StartTime', 'EndTime', 'Concurrency'], updateTask),
		PauseTask: postQuery(TASK, move([STATE.running], STATE.paused)),
		ResumeTask: postQuery(TASK, move([STATE.paused, STATE.notStarted], STATE.running, resumable)),
		StopTask: postQuery(TASK, move([STATE.notStarted, STATE.running, STATE.paused], STATE.stopped)),
		QueryTaskList: json([], queryTaskList),
	};
};

module.exports.STATE = STATE;
module.exports.MAX_PHONE_LIST = MAX_PHONE_LIST;
module.exports.MAX_RUNNING_TASKS = MAX_RUNNING_TASKS;
module.exports.MAX_CONCURRENCY = MAX_CONCURRENCY;
