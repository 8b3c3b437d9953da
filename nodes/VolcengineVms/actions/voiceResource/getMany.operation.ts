import { resourceType } from '../common';
import { textField } from '../fields';
import { recordsOf, type VmsOperation } from '../operation';
import { state, withResourceReadings } from './shared';

export const getMany: VmsOperation = {
	value: 'getMany',
	name: 'Get Many',
	description: 'List the audio files, TTS templates or IVR flows of the account in every review state, with type and state named',
	action: 'Get voice resources',
	apiAction: 'QueryOpenGetResource',
	versions: { from: 2 },
	encoding: 'json',
	paginate: { pageSize: 100 },
	fields: [resourceType()],
	optionalCollection: 'filters',
	optional: [state(), textField('keyword', 'Keyword', { maxLength: 64, description: 'Only resources whose name (or key) contains this text' })],
	output: (result) => recordsOf(result).map(withResourceReadings),
};
