import { isTerminal, type FailureCode } from '@lab/domain';
import type { OrderStore } from '@lab/ledger';
import type { Logger } from '@lab/telemetry';
import type { CriticalPath } from './critical-path.js';
import { LeaseKeeper } from './lease-keeper.js';

export interface SettlerOptions {
  readonly store: Pick<
    OrderStore,
    'expiredLeases' | 'claimLease' | 'dropLease' | 'get' | 'transition' | 'deferFailure'
  >;
  /** Refunds and releases whatever the order holds; throws when it could not. */
  readonly compensate: (orderId: string, reason: FailureCode) => Promise<void>;
  /** Orders this process still drives itself: never settled from here. */
  readonly isHeld: (orderId: string) => boolean;
  /** Why this process's checkout of the order failed, when that could not be recorded. */
  readonly unrecordedFailure?: (
    orderId: string,
  ) => { reason: FailureCode; message: string } | undefined;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** How long a claimed order is left alone before it is tried again. */
  readonly retryMs: number;
  /** Orders settled per pass. */
  readonly batch?: number;
}

const DEFAULT_BATCH = 100;

/**
 * Settles the orders no live checkout drives any more: a lease that ran out
 * (the process crashed or froze mid-checkout) or a failed checkout whose
 * compensation could not finish (Redis or a service down). For each, in any
 * state short of terminal: refund, release (both no-ops when there is nothing
 * to undo, and both leave a mark that refuses a late charge or reservation),
 * then `failed`. A compensation that fails is tried again after `retryMs`,
 * for as long as it takes: `failed` always means settled.
 */
export class Settler {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> | undefined;

  constructor(private readonly options: SettlerOptions) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.pass ??= this.settleDue().finally(() => (this.pass = undefined));
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  /** One pass over the orders due; the number settled. */
  async settleDue(now = Date.now()): Promise<number> {
    const { store, logger } = this.options;
    let settled = 0;
    let due: string[];
    try {
      due = await store.expiredLeases(now, this.options.batch ?? DEFAULT_BATCH);
    } catch (error) {
      logger.debug('settler: leases unreadable; next pass', { err: error });
      return 0;
    }
    for (const orderId of due) {
      if (this.options.isHeld(orderId)) continue;
      try {
        if (await this.settle(orderId, now)) settled++;
      } catch (error) {
        logger.warn('settler: could not settle yet; will retry', { orderId, err: error });
      }
    }
    return settled;
  }

  private async settle(orderId: string, now: number): Promise<boolean> {
    const { store } = this.options;
    if (!(await store.claimLease(orderId, now, now + this.options.retryMs))) return false;
    const order = await store.get(orderId);
    if (!order || isTerminal(order.status)) {
      await store.dropLease(orderId);
      return false;
    }
    const failure = order.pendingFailure ??
      this.options.unrecordedFailure?.(orderId) ?? {
        reason: 'deadline_exceeded' as const,
        message: `the checkout stopped at ${order.status} (its process stopped renewing the order)`,
      };
    try {
      await this.options.compensate(orderId, failure.reason);
      await store.transition(orderId, 'failed', failure);
    } catch (error) {
      // Not settled: keep what this process knows for the next try.
      if (!order.pendingFailure)
        await store
          .deferFailure(orderId, failure, now + this.options.retryMs)
          .catch(() => undefined);
      throw error;
    }
    return true;
  }
}

/**
 * The lease keeper and settler of a flow that runs critical paths, started:
 * what the critical path could not undo or record, the settler does.
 */
export function startSettlement(options: {
  readonly store: OrderStore;
  readonly critical: Pick<CriticalPath, 'compensateAll' | 'takeUnrecordedFailure'>;
  readonly settings: {
    readonly leaseMs: number;
    readonly intervalMs: number;
    readonly retryMs: number;
  };
  readonly logger: Logger;
}): { readonly lease: LeaseKeeper; stop(): Promise<void> } {
  const { critical } = options;
  const lease = new LeaseKeeper(options.store, options.settings.leaseMs, options.logger);
  const settler = new Settler({
    store: options.store,
    compensate: (orderId, reason) => critical.compensateAll(orderId, reason),
    isHeld: (id) => lease.has(id),
    unrecordedFailure: (orderId) => critical.takeUnrecordedFailure(orderId),
    logger: options.logger,
    intervalMs: options.settings.intervalMs,
    retryMs: options.settings.retryMs,
  });
  settler.start();
  return {
    lease,
    stop: async () => {
      await settler.stop();
      lease.stop();
    },
  };
}
