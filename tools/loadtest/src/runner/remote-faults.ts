/**
 * Faults by hand (`loadtest fault`) or in `--running` runs: through the
 * control endpoints of stacks started by `nx run-many -t serve`, each
 * supervisor owning its stack's processes and the brokers' their own.
 */
import type { LabConfig } from '@lab/config';
import { VARIANTS, type Variant } from '@lab/domain';
import { ControlClient, isLinkFault, type AnyFaultRecord, type AnyFaultRequest } from '@lab/faults';

/** What the run needs of an injector, local or behind a control endpoint. */
export interface FaultRunner {
  inject(request: AnyFaultRequest): Promise<AnyFaultRecord>;
  whenEnded(id: string): Promise<AnyFaultRecord | undefined>;
}

export const BROKERS = new Set(['nats', 'redis']);

/** The stack a target such as `async-notification` belongs to, if any. */
function stackOf(target: string): Variant | undefined {
  const stack = target.split('-')[0];
  return VARIANTS.find((v) => v === stack);
}

/**
 * The control endpoint that owns a target: the brokers', or its stack's
 * supervisor. A link fault's target is always a stack's: its links are.
 */
export function controlUrlFor(target: string, config: LabConfig, link = false): string {
  if (link && !stackOf(target))
    throw new Error(
      `no stack for target ${target}: a link fault names the links of a stack (sync-gateway->sync-payment, hybrid-*->redis, async-payment, hybrid)`,
    );
  const port =
    BROKERS.has(target) && !link
      ? config.control.brokersPort
      : stackOf(target)
        ? config.stacks[stackOf(target)!].controlPort
        : undefined;
  if (port === undefined)
    throw new Error(
      `no stack for target ${target}: name a service as <stack>-<service> (async-notification, sync-payment, hybrid-gateway…) or a broker (nats, redis)`,
    );
  return `http://127.0.0.1:${port}`;
}

/** Faults by hand or in `--running` runs: through the control endpoints of running stacks. */
export function remoteFaults(config: LabConfig): FaultRunner {
  if (!config.control.token)
    throw new Error(
      'LAB_CONTROL_TOKEN is not set: give the same token the stacks were started with (LAB_CONTROL_ENABLED=true LAB_CONTROL_TOKEN=… npx nx run-many -t serve)',
    );
  const clients = new Map<string, ControlClient>();
  const clientFor = (request: AnyFaultRequest) => {
    const url = controlUrlFor(request.target, config, isLinkFault(request));
    if (!clients.has(url)) clients.set(url, new ControlClient(url, config.control.token));
    return clients.get(url)!;
  };
  const owner = new Map<string, ControlClient>();
  return {
    inject: async (request) => {
      const client = clientFor(request);
      const record = await client.inject(request);
      owner.set(record.id, client);
      return record;
    },
    whenEnded: (id) => owner.get(id)?.whenEnded<AnyFaultRecord>(id) ?? Promise.resolve(undefined),
  };
}
