import { unbindOperation } from '../common';

export const unbind = unbindOperation('AXN', 'UnbindAXN');
