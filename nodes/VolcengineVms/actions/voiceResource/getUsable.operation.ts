import { resourceType } from '../common';
import { recordsOf, type VmsOperation } from '../operation';
import { withResourceReadings } from './shared';

/**
 * QueryUsableResource (classic SDKs: POST, Type in the query) or QueryUsableResourceV2 (2025: GET): the approved
 * resources of a type, what a voice notification can play. Whichever the gateway serves is used (`alternatives`).
 */
export const getUsable: VmsOperation = {
	value: 'getUsable',
	name: 'Get Usable',
	description: 'List the approved audio files, TTS templates or IVR flows of a type: the ones a voice notification can play',
	action: 'Get usable voice resources',
	apiAction: 'QueryUsableResource',
	versions: { from: 2 },
	encoding: 'postQuery',
	alternatives: [{ apiAction: 'QueryUsableResourceV2', encoding: 'query' }],
	fields: [resourceType()],
	result: 'records',
	output: (result) => recordsOf(result).map(withResourceReadings),
};
