import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { RESOURCE_TYPES, resourceTypeCode } from '../actions/common';
import { VMS_VERSION } from '../actions/operation';
import { recordsOf } from '../actions/result';
import { vmsApiRequest } from '../transport';

/** Review states of a voice resource (API `State`). */
export const REVIEW_STATES: Record<string, string> = { '0': 'pending', '1': 'approved', '2': 'rejected' };

/**
 * The account's usable (approved) voice resources of one type (QueryUsableResource, or its 2025 form
 * QueryUsableResourceV2 where the gateway serves only that), as named choices sorted by name.
 */
export async function usableResources(this: ILoadOptionsFunctions, type: number): Promise<INodePropertyOptions[]> {
	const { result } = await vmsApiRequest.call(this, {
		action: 'QueryUsableResource',
		version: VMS_VERSION,
		encoding: 'postQuery',
		params: { Type: type },
		alternatives: [{ action: 'QueryUsableResourceV2', version: VMS_VERSION, encoding: 'query' }],
	});
	return recordsOf(result)
		.filter((resource) => resource.State === undefined || String(resource.State) === '1')
		.map((resource) => ({
			name: `${String(resource.Name ?? resource.ResourceKey)} (${String(resource.ResourceKey)})`,
			value: String(resource.ResourceKey),
			description: [RESOURCE_TYPES.find((t) => t.code === type)?.name, resource.Remark ?? resource.TtsTemplateContent]
				.filter(Boolean)
				.map(String)
				.join(': '),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The Resource Type chosen in the node (TTS when it cannot be read, e.g. an expression not yet resolvable). */
export function chosenResourceType(this: ILoadOptionsFunctions): number {
	let value: unknown;
	try {
		value = this.getCurrentNodeParameter('resourceType');
	} catch {
		value = undefined;
	}
	return resourceTypeCode(value) ?? 1;
}
