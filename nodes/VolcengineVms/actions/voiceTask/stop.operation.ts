import { taskControl } from './control';

export const stop = taskControl('stop', 'Stop', 'StopTask', 'End a task for good: numbers not called yet are not called');
