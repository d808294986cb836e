export { AppProcess, type AppSpec } from './app-process.js';
export { linkFaultTarget, linkStateFor } from './link-targets.js';
export { STACK_APPS, type ServiceEntry } from './stack-apps.js';
export { linkStack, linkedEnv, stackLinkSpecs } from './stack-links.js';
export { startStack, type RunningStack, type StartStackOptions } from './stacks.js';
export {
  startPaymentProvider,
  type RunningProvider,
  type StartProviderOptions,
} from './payment-provider.js';
