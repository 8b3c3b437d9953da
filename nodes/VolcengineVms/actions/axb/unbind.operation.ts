import { unbindOperation } from '../common';

export const unbind = unbindOperation('AXB', 'UnbindAXB');
