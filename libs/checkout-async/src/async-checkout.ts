import {
  accepted,
  type CheckoutFlow,
  type CheckoutOrder,
  type CheckoutOutcome,
  type RecordedCheckout,
} from '@lab/checkout-flow';
import type { OrderStore, OutboxEvent } from '@lab/ledger';
import type { Logger } from '@lab/telemetry';
import { outboxEvent, snapshotOf } from './events.js';
import type { EventPublisher } from './publisher.js';

export interface AsyncCheckoutOptions {
  readonly namespace: string;
  readonly store: Pick<OrderStore, 'transition'>;
  readonly publisher: Pick<EventPublisher, 'publishSoon'>;
  readonly logger: Logger;
}

/**
 * The async accept: the order and its `placed` event are one Redis write, so
 * an accepted order is never lost, and the client is answered at once; the
 * saga of events and jobs does the steps. The event goes out once the card
 * vault holds the card (payment redeems it next); a card the vault lost
 * fails the order, settled.
 */
export class AsyncCheckout implements CheckoutFlow {
  readonly variant = 'async';
  /** The answer waits for no step. */
  readonly answersFrom = 'accepted';
  /** Every order is answered from the moment it is recorded: a replay never waits. */
  readonly replayWaitMs = 0;

  constructor(private readonly options: AsyncCheckoutOptions) {}

  /** The event carries the card's token, never the card: JetStream keeps it on disk. */
  eventFor(order: CheckoutOrder): OutboxEvent {
    return outboxEvent(this.options.namespace, 'placed', snapshotOf(order), { card: order.card });
  }

  async run({ order, event, outboxEntry, cardStored }: RecordedCheckout): Promise<CheckoutOutcome> {
    const { store, publisher, logger } = this.options;
    cardStored.then(
      () => event && publisher.publishSoon(outboxEntry, event),
      (error: unknown) =>
        store
          .transition(order.orderId, 'failed', {
            reason: 'dependency_unavailable',
            message: `the card vault did not keep the card: ${(error as Error).message}`,
          })
          .catch((e: unknown) =>
            logger.warn('could not fail an order whose card was lost', { err: e }),
          ),
    );
    return accepted(order.orderId);
  }
}
