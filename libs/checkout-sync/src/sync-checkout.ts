import {
  confirmed,
  failed,
  sequentialCallsMs,
  type CheckoutFlow,
  type CheckoutOutcome,
  type RecordedCheckout,
} from '@lab/checkout-flow';
import type { LabConfig } from '@lab/config';
import { CHECKOUT_STEPS } from '@lab/domain';
import type { OrderStore } from '@lab/ledger';
import type { Logger } from '@lab/telemetry';
import type { Clients } from './clients.js';
import { CriticalPath, noProgress } from './critical-path.js';
import type { LeaseKeeper } from './lease-keeper.js';
import { startSettlement } from './settler.js';

export interface SyncCheckoutOptions {
  readonly clients: Clients<'payment' | 'inventory' | 'notification' | 'analytics' | 'warehouse'>;
  readonly store: OrderStore;
  readonly logger: Logger;
  /** The gRPC deadline of one call and the leases' settings. */
  readonly config: Pick<LabConfig, 'grpc' | 'settlement'>;
}

/**
 * The article's "trap": all seven steps, one gRPC call after another, and the
 * customer waits for every one. If the email fails, the whole order fails,
 * and what was reserved and charged is given back. Its orders are leased
 * while it drives them; its settler compensates those whose lease runs out
 * (from the moment it is built until `close`).
 */
export class SyncCheckout implements CheckoutFlow {
  readonly variant = 'sync';
  /** The client gets the final outcome. */
  readonly answersFrom = 'confirmed';
  readonly replayWaitMs: number;
  readonly lease: LeaseKeeper;
  private readonly critical: CriticalPath;
  private readonly settlement: { stop(): Promise<void> };

  constructor(private readonly options: SyncCheckoutOptions) {
    const { clients, store, logger, config } = options;
    this.replayWaitMs = sequentialCallsMs(CHECKOUT_STEPS, config.grpc.deadlineMs);
    this.critical = new CriticalPath(clients, store, logger);
    const settlement = startSettlement({
      store,
      critical: this.critical,
      settings: config.settlement,
      logger,
    });
    this.lease = settlement.lease;
    this.settlement = settlement;
  }

  /** Runs the checkout once the vault holds its card. */
  async run({ order, cardStored }: RecordedCheckout): Promise<CheckoutOutcome> {
    const id = order.orderId;
    const progress = noProgress();
    try {
      await cardStored;
      await this.critical.run(order, progress);
      const { notification, analytics, warehouse } = this.options.clients;
      await notification.call('SendEmail', {
        requestId: `${id}:email`,
        orderId: id,
        to: order.email,
        template: 'order-confirmed',
        customerId: order.customerId,
      });
      const itemCount = order.items.reduce((n, i) => n + i.quantity, 0);
      await analytics.call('RecordOrder', {
        requestId: `${id}:analytics`,
        orderId: id,
        customerId: order.customerId,
        amountCents: order.amountCents,
        itemCount,
      });
      await warehouse.call('NotifyShipment', {
        requestId: `${id}:warehouse`,
        orderId: id,
        items: [...order.items],
      });
      await this.critical.advance(id, 'confirmed');
      return confirmed(id);
    } catch (error) {
      return failed(id, await this.critical.fail(id, progress, error));
    }
  }

  /** Stops settling; the checkouts still running end on their own. */
  close(): Promise<void> {
    return this.settlement.stop();
  }
}
