export { AppProcess, type AppSpec } from './app-process.js';
export { STACK_APPS, type ServiceEntry } from './stack-apps.js';
export { startStack, type RunningStack, type StartStackOptions } from './stacks.js';
