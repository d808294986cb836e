import { SERVICE_NAMES, type ServiceName, type Variant } from '@lab/domain';

export interface ServiceEntry {
  /** The service, as the app calls itself in logs and ready lines. */
  readonly service: ServiceName;
  /** The app's folder: hybrid runs the sync and async stacks' code, not its own. */
  readonly dir: string;
}

/** What each stack runs. No service is written a third time: hybrid reuses both stacks' apps. */
export const STACK_APPS: Readonly<Record<Variant, readonly ServiceEntry[]>> = {
  sync: SERVICE_NAMES.map((s) => ({ service: s, dir: `apps/sync/${s}` })),
  async: SERVICE_NAMES.map((s) => ({ service: s, dir: `apps/async/${s}` })),
  hybrid: [
    { service: 'payment', dir: 'apps/sync/payment' },
    { service: 'inventory', dir: 'apps/sync/inventory' },
    { service: 'notification', dir: 'apps/async/notification' },
    { service: 'analytics', dir: 'apps/async/analytics' },
    { service: 'warehouse', dir: 'apps/async/warehouse' },
  ],
};
