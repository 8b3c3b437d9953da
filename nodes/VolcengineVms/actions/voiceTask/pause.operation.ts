import { taskControl } from './control';

export const pause = taskControl('pause', 'Pause', 'PauseTask', 'Pause a running task: VMS places no more calls until it is resumed');
