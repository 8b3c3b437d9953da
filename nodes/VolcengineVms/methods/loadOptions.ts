import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { numberPools } from './pools';

/** The account's number pools, for version 1's Number Pool No dropdowns. */
export async function getNumberPools(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await numberPools.call(this);
}
