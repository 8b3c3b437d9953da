import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { RESOURCE_TYPES, resourceTypeCode } from '../actions/common';
import { requestOf } from '../actions/operation';
import { recordsOf } from '../actions/result';
import { getUsable } from '../actions/voiceResource/getUsable.operation';
import { vmsApiRequest } from '../transport';

/**
 * The account's usable (approved) voice resources of one type, read as Voice Resource → Get Usable reads them
 * (QueryUsableResource, or its 2025 form), as named choices sorted by name.
 */
export async function usableResources(this: ILoadOptionsFunctions, type: number): Promise<INodePropertyOptions[]> {
	const { result } = await vmsApiRequest.call(this, requestOf(getUsable, { Type: type }));
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
