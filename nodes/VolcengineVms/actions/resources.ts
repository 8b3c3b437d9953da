import { operationsIn, type VmsOperation, type VmsResource } from './operation';
import { axb } from './axb';
import { axg } from './axg';
import { axn } from './axn';
import { axne } from './axne';
import { axyb } from './axyb';
import { call } from './call';
import { numberPool } from './numberPool';
import { qualification } from './qualification';
import { riskControl } from './riskControl';
import { subscription } from './subscription';
import { voiceNotification } from './voiceNotification';
import { voiceResource } from './voiceResource';
import { voiceTask } from './voiceTask';

/** Every resource of the node, in menu order. */
export const RESOURCES: VmsResource[] = [
	axn,
	axb,
	axne,
	axyb,
	axg,
	call,
	subscription,
	numberPool,
	qualification,
	voiceNotification,
	voiceTask,
	voiceResource,
	riskControl,
];

/** The operation a node of this version runs, or undefined when it does not exist there. */
export function findOperation(resource: string, operation: string, version: number): VmsOperation | undefined {
	const found = RESOURCES.find((r) => r.value === resource);
	return found && operationsIn(found, version).find((o) => o.value === operation);
}
