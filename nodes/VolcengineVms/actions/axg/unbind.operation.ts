import { booleanField } from '../fields';
import { unbindOperation } from '../common';

export const unbind = unbindOperation('AXG', 'UnbindAXG', {
	encoding: 'json',
	optional: [booleanField('delGroup', 'Delete Group', { description: 'Whether to delete the G group of the binding too' })],
});
