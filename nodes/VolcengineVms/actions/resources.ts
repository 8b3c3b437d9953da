import type { VmsOperation, VmsResource } from './operation';
import { axn } from './axn';

/** Every resource of the node, in menu order. */
export const RESOURCES: VmsResource[] = [axn];

export function findOperation(resource: string, operation: string): VmsOperation | undefined {
	return RESOURCES.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
}
