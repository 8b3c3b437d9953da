import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { numberPools } from './pools';
import { chosenResourceType, usableResources } from './resources';

/**
 * The account's number pools for the Number Pool No locator's From List mode (version 2 on), those whose
 * name or number contains the search text (any case). NumberPoolList has no name filter that matches
 * parts of a pool number, so the list is loaded whole (a few pages at most) and filtered here.
 */
export async function searchNumberPools(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const text = filter?.trim().toLowerCase() ?? '';
	const pools = await numberPools.call(this);
	return {
		results: pools
			.filter((pool) => text === '' || pool.name.toLowerCase().includes(text))
			.map(({ name, value, description }) => ({ name, value: value as string, description })),
	};
}

/**
 * The account's approved voice resources of the chosen Resource Type, for the Resource Key locator's From
 * List mode, those whose name or key contains the search text (any case).
 */
export async function searchResources(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const text = filter?.trim().toLowerCase() ?? '';
	const resources = await usableResources.call(this, chosenResourceType.call(this));
	return {
		results: resources
			.filter((resource) => text === '' || resource.name.toLowerCase().includes(text))
			.map(({ name, value, description }) => ({ name, value: value as string, description })),
	};
}
