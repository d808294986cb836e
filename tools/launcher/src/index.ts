export { AppProcess, type AppSpec } from './app-process.js';
export { startStack, type RunningStack, type StackKind, type StartStackOptions } from './stacks.js';
