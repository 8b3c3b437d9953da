import type { VmsOperation } from '../operation';
import { taskOpenId } from './fields';

/**
 * PauseTask / ResumeTask / StopTask: POST with TaskOpenId in the query and an empty body; VMS answers
 * ResponseMetadata only, which is their success (`result: 'none'`).
 */
export function taskControl(value: string, name: string, apiAction: string, description: string): VmsOperation {
	return {
		value,
		name,
		description,
		action: `${name} a voice notification task`,
		apiAction,
		encoding: 'postQuery',
		versions: { from: 2 },
		fields: [taskOpenId()],
		result: 'none',
	};
}
