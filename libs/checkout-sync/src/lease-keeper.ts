import type { OrderStore } from '@lab/ledger';
import type { Logger } from '@lab/telemetry';

/**
 * Keeps the leases of the orders this process is driving: each is taken when
 * its order is recorded and renewed, all in one Redis call, three times a
 * lease, until the checkout ends. A process that crashes or freezes stops
 * renewing, and the settler (of this or any replica) takes its orders over.
 */
export class LeaseKeeper {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Pick<OrderStore, 'renewLeases'>,
    private readonly leaseMs: number,
    private readonly logger: Logger,
  ) {}

  /** Holds `orderId`; the lease deadline to record it with. */
  hold(orderId: string, now = Date.now()): number {
    this.held.add(orderId);
    this.timer ??= setInterval(() => void this.renew(), Math.max(1, this.leaseMs / 3));
    this.timer.unref();
    return now + this.leaseMs;
  }

  /** The checkout ended, however: its order is no longer renewed. */
  drop(orderId: string): void {
    this.held.delete(orderId);
  }

  has(orderId: string): boolean {
    return this.held.has(orderId);
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      await this.store.renewLeases([...this.held], Date.now() + this.leaseMs);
    } catch (error) {
      // Redis down: the leases may run out; the settler skips the orders held here.
      this.logger.debug('lease renewal failed', { err: error });
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
