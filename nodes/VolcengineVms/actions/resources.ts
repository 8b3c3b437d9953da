import type { VmsOperation, VmsResource } from './operation';
import { axb } from './axb';
import { axg } from './axg';
import { axn } from './axn';
import { axne } from './axne';
import { axyb } from './axyb';
import { call } from './call';
import { numberPool } from './numberPool';
import { qualification } from './qualification';
import { subscription } from './subscription';

/** Every resource of the node, in menu order. */
export const RESOURCES: VmsResource[] = [axn, axb, axne, axyb, axg, call, subscription, numberPool, qualification];

export function findOperation(resource: string, operation: string): VmsOperation | undefined {
	return RESOURCES.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
}
