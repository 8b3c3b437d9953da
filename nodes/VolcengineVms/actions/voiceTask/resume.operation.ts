import { taskControl } from './control';

export const resume = taskControl('resume', 'Resume', 'ResumeTask', 'Resume a paused task, or start one created with Start off');
