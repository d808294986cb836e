export {
  FAULT_KINDS,
  FAULT_KIND_HELP,
  FaultRequestError,
  MAX_FAULT_MS,
  PROCESS_FAULT_KINDS,
  describeFault,
  isLinkFault,
  parseDuration,
  parseFaultRequest,
  type AnyFaultKind,
  type AnyFaultRecord,
  type AnyFaultRequest,
  type FaultKind,
  type FaultRecord,
  type FaultRequest,
  type FaultTarget,
  type FaultTimes,
  type StepFaultSetting,
} from './fault.js';
export {
  LINK_FAULT_DIRECTIONS,
  LINK_FAULT_HELP,
  LINK_FAULT_KINDS,
  MAX_LINK_RATE_KBPS,
  isLinkFaultKind,
  type LinkDirection,
  type LinkFaultCounts,
  type LinkFaultKind,
  type LinkFaultRecord,
  type LinkFaultRequest,
  type LinkFaultSetting,
} from './link-fault.js';
export { selectsLink, type LinkEnds } from './link-selector.js';
export { FaultInjector, type InjectorOptions } from './injector.js';
export {
  startControlServer,
  type ControlServer,
  type ControlServerOptions,
} from './control-server.js';
export { ControlClient, ControlError } from './control-client.js';
