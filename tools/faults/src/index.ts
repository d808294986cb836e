export {
  FAULT_KINDS,
  FAULT_KIND_HELP,
  FaultRequestError,
  MAX_FAULT_MS,
  describeFault,
  parseDuration,
  parseFaultRequest,
  type FaultKind,
  type FaultRecord,
  type FaultRequest,
  type FaultTarget,
  type StepFaultSetting,
} from './fault.js';
export { FaultInjector, type InjectorOptions } from './injector.js';
export {
  startControlServer,
  type ControlServer,
  type ControlServerOptions,
} from './control-server.js';
export { ControlClient, ControlError } from './control-client.js';
