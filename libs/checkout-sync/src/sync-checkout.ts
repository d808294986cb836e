import type { FailureCode } from '@lab/domain';
import type { Reply } from '@lab/http-edge';
import { errorBody, httpStatusOf } from '@lab/http-edge';
import type { OrderStore } from '@lab/ledger';
import type { Logger } from '@lab/telemetry';
import type { Clients } from './clients.js';
import { CriticalPath, type Progress, type SagaOrder } from './critical-path.js';

/**
 * The article's "trap": all seven steps, one gRPC call after another, and the
 * customer waits for every one. If the email fails, the whole order fails,
 * and what was reserved and charged is given back.
 */
export class SyncCheckout {
  private readonly critical: CriticalPath;

  constructor(
    private readonly clients: Clients<
      'payment' | 'inventory' | 'notification' | 'analytics' | 'warehouse'
    >,
    private readonly store: OrderStore,
    logger: Logger,
  ) {
    this.critical = new CriticalPath(clients, store, logger);
  }

  /** Refund and release whatever the order holds (the settler's compensation). */
  compensateAll(orderId: string, reason: FailureCode): Promise<void> {
    return this.critical.compensateAll(orderId, reason);
  }

  takeUnrecordedFailure(orderId: string) {
    return this.critical.takeUnrecordedFailure(orderId);
  }

  /** Runs the checkout once the vault holds its card (`cardStored`). */
  async run(order: SagaOrder, cardStored: Promise<void> = Promise.resolve()): Promise<Reply> {
    const id = order.orderId;
    const progress: Progress = { reserveAttempted: false, chargeAttempted: false };
    try {
      await cardStored;
      await this.critical.run(order, progress);
      const { notification, analytics, warehouse } = this.clients;
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
      return { status: 200, body: { orderId: id, status: 'confirmed' } };
    } catch (error) {
      const cause = await this.critical.fail(id, progress, error);
      return { status: httpStatusOf(cause), body: errorBody(cause, id) };
    }
  }
}
