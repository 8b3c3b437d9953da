import type { IDataObject } from 'n8n-workflow';

import {
	beijingTimeField,
	booleanField,
	FieldError,
	integerField,
	optionsField,
	phoneField,
	textField,
	type VmsField,
} from '../fields';
import { forbidTimeList, numberList, ringAgainInterval, ringAgainTimes } from '../voiceFields';

/** The fields of the Voice Notification Task operations (CreateTask, BatchAppend, UpdateTask, ...). */

/**
 * Task states of QueryTaskList. No SDK or page lists the codes: these are the emulator's, UNCONFIRMED
 * (README, "Voice Notification Task"); an unknown code keeps its number and gets no name.
 */
export const TASK_STATES: Record<string, string> = { 0: 'not started', 1: 'running', 2: 'paused', 3: 'stopped', 4: 'finished' };

/** Resource type codes (API `Type`, `ResourceType`). */
export const RESOURCE_TYPE_NAMES: Record<string, string> = { 0: 'audio', 1: 'tts', 2: 'ivr' };

export const taskOpenId = () =>
	textField('taskOpenId', 'Task Open ID', {
		required: true,
		maxLength: 64,
		placeholder: 'e.g. T1764727200000001',
		description: 'The task, as returned by Create (taskOpenId) or found with Get Many',
		pattern: /^[A-Za-z0-9_-]{1,64}$/,
		patternHint: 'a task ID such as T1764727200000001 (letters, digits, _ and -)',
	});

const TIME_HINT = 'Sent as Beijing time (yyyy-MM-dd HH:mm:ss). Example: {{ $today.plus(1, "day").set({ hour: 9 }) }}';

export const startTime = () =>
	beijingTimeField('startTime', 'Start Time', {
		required: true,
		hint: TIME_HINT,
		description: 'When VMS starts calling the numbers of the task. Without an offset it is read in the workflow timezone.',
	});

export const endTime = () =>
	beijingTimeField('endTime', 'End Time', {
		required: true,
		hint: TIME_HINT,
		description: 'When VMS stops calling (numbers not called by then are not called); after Start Time. Without an offset it is read in the workflow timezone.',
	});

/** Beijing times as text compare in time order: the end must come after the start. */
export function checkWindow(params: IDataObject): void {
	if (typeof params.StartTime === 'string' && typeof params.EndTime === 'string' && params.EndTime <= params.StartTime) {
		throw Object.assign(
			new FieldError(
				`End Time (endTime): ${params.EndTime} is not after Start Time ${params.StartTime} (Beijing time)`,
				'Give an End Time later than the Start Time.',
			),
			{ field: 'endTime', value: params.EndTime },
		);
	}
}

export const concurrency = () =>
	integerField('concurrency', 'Concurrency', {
		required: true,
		min: 1,
		max: 1000,
		default: 1,
		description: "How many calls of the task VMS places at the same time (at most the account's limit)",
	});

export const phone = () =>
	phoneField('phone', 'Phone', {
		required: true,
		description:
			"This item's number to call: a mainland mobile or a landline with its area code (+86, spaces and hyphens are removed). Each input item is one number of the task.",
		hint: 'Usually an expression such as {{ $json.phone }}',
	});

/** CreateTask's optional settings (after the entry fields phoneParam and ext). */
export const createSettings = (): VmsField[] => [
	booleanField('start', 'Start', { default: true, description: 'Whether the task starts at Start Time by itself (off: it waits for Resume)' }),
	integerField('maxRingDuration', 'Max Ring Duration', { min: 1, max: 120, default: 20, description: 'Seconds a call rings before VMS gives up' }),
	ringAgainTimes(),
	ringAgainInterval(),
	forbidTimeList(),
	numberList({
		description: 'Call from these numbers of the pool only (with Select Number Type "Listed Numbers"), separated by commas or given as a list',
		maxItems: Infinity,
	}),
	optionsField(
		'selectNumberType',
		'Select Number Type',
		[
			{ name: 'Whole Pool', value: 0, description: 'Call from any number of the pool' },
			{ name: 'Listed Numbers', value: 1, description: 'Call from the numbers of Number List only' },
		],
		{ description: 'Which caller numbers VMS uses' },
	),
	integerField('selectNumberRule', 'Select Number Rule', {
		min: 0,
		max: 99,
		description: 'How VMS picks the caller number (a VMS code; needed with Listed Numbers)',
	}),
	booleanField('finishWhenListEnd', 'Finish When List Ends', { description: 'Whether the task ends when every number was called, before End Time' }),
	booleanField('unique', 'Unique', { default: true, description: 'Whether VMS refuses a number that is already in the task' }),
];
