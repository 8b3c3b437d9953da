import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { VMS_VERSION } from '../actions/operation';
import { vmsApiRequestPages } from '../transport';

/** The account's number pools (NumberPoolList, through the node's credential), as named choices sorted by name. */
export async function numberPools(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pools: IDataObject[] = await vmsApiRequestPages.call(
		this,
		{ action: 'NumberPoolList', version: VMS_VERSION, encoding: 'form', params: {} },
		{ pageSize: 100 },
	);
	return pools
		.map((pool) => ({
			name: `${String(pool.NumberPoolName ?? pool.NumberPoolNo)} (${String(pool.NumberPoolNo)})`,
			value: String(pool.NumberPoolNo),
			description: [pool.SubServiceTypeName, pool.NumberCount !== undefined ? `${String(pool.NumberCount)} numbers` : undefined]
				.filter(Boolean)
				.join(', '),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
