export { AppProcess, type AppSpec } from './app-process.js';
export {
  STACK_APPS,
  STACK_KINDS,
  startStack,
  type RunningStack,
  type StackKind,
  type StartStackOptions,
} from './stacks.js';
