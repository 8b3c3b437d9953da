import type { VmsOperation } from '../operation';
import { booleanField } from '../fields';
import { forbidTimeList, ringAgainInterval, ringAgainTimes } from '../voiceFields';
import { checkWindow, concurrency, endTime, startTime, taskOpenId } from './fields';

export const update: VmsOperation = {
	value: 'update',
	name: 'Update',
	description: "Change a task's time window, concurrency and calling settings",
	action: 'Update a voice notification task',
	apiAction: 'UpdateTask',
	encoding: 'json',
	versions: { from: 2 },
	fields: [taskOpenId(), startTime(), endTime(), concurrency()],
	optional: [
		booleanField('recall', 'Recall', { description: 'Whether VMS calls the numbers that were not reached again' }),
		ringAgainTimes(),
		ringAgainInterval(),
		forbidTimeList(),
	],
	validate: checkWindow,
	// The SDKs type the answer loosely (a TaskOpenId, or nothing): success is the envelope without error.
	result: 'none',
};
