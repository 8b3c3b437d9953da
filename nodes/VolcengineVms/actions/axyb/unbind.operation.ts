import { unbindOperation } from '../common';

export const unbind = unbindOperation('AXYB', 'UnbindAXYB');
