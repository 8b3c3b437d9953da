import { unbindOperation } from '../common';

export const unbind = unbindOperation('AXNE', 'UnbindAXNE');
