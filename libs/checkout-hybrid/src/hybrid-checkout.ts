import { outboxEvent, snapshotOf, type EventPublisher } from '@lab/checkout-async';
import {
  confirmed,
  failed,
  paymentPending,
  sequentialCallsMs,
  type CheckoutFlow,
  type CheckoutOutcome,
  type OrderLease,
  type RecordedCheckout,
} from '@lab/checkout-flow';
import {
  CriticalPath,
  noProgress,
  startSettlement,
  type Clients,
  type LeaseKeeper,
  type Progress,
  type SagaOrder,
} from '@lab/checkout-sync';
import type { LabConfig } from '@lab/config';
import { CRITICAL_STEPS } from '@lab/domain';
import type { OrderStore, OutboxEvent, TransitionResult } from '@lab/ledger';
import type { Logger } from '@lab/telemetry';

export interface HybridCheckoutOptions {
  readonly namespace: string;
  /** The sync stack's payment and inventory, for the critical path. */
  readonly clients: Clients<'payment' | 'inventory'>;
  readonly store: OrderStore;
  /** Hands `confirmed` to the async stack's background workers. */
  readonly publisher: Pick<EventPublisher, 'publishSoon'>;
  readonly logger: Logger;
  /** The gRPC deadline of one call, the leases' settings and how the card is charged. */
  readonly config: Pick<LabConfig, 'grpc' | 'settlement' | 'charging'>;
}

/**
 * The lease of an order waiting for the provider's event: it never runs out
 * (the provider keeps retrying until the event is taken), and a failed
 * charge's event makes it due for the settler at once.
 */
const AWAITING_PROVIDER = Number.MAX_SAFE_INTEGER;

/**
 * The article's smart solution: the critical path (validate, check, reserve,
 * charge) over gRPC to the sync stack's payment and inventory, the answer
 * after the charge, then email, analytics and warehouse as the `confirmed`
 * event that the async stack's workers handle. Confirmed and its event are
 * one write, so the background work cannot be lost; a failure before it is
 * compensated by the critical path. Its orders are leased like the sync
 * stack's (from the moment it is built until `close`).
 */
export class HybridCheckout implements CheckoutFlow {
  readonly variant = 'hybrid';
  /** The client gets the outcome of the charge, or, charging by webhook, of the reservation. */
  readonly answersFrom: 'confirmed' | 'reserved';
  readonly answersPending: boolean;
  readonly replayWaitMs: number;
  /**
   * The edge's hold on its orders. An order whose charge is still being
   * requested after its answer stays held: the request lets it go.
   */
  readonly lease: OrderLease;
  private readonly keeper: LeaseKeeper;
  private readonly critical: CriticalPath;
  private readonly settlement: { stop(): Promise<void> };
  /** Charges being requested after their customer's answer, by order. */
  private readonly requesting = new Map<string, Promise<void>>();

  constructor(private readonly options: HybridCheckoutOptions) {
    const { clients, store, logger, config } = options;
    this.answersPending = config.charging.mode === 'webhook';
    this.answersFrom = this.answersPending ? 'reserved' : 'confirmed';
    this.replayWaitMs = sequentialCallsMs(CRITICAL_STEPS, config.grpc.deadlineMs);
    this.critical = new CriticalPath(clients, store, logger);
    const settlement = startSettlement({
      store,
      critical: this.critical,
      settings: config.settlement,
      logger,
    });
    const keeper = settlement.lease;
    this.keeper = keeper;
    this.lease = {
      hold: (id) => keeper.hold(id),
      drop: (id) => {
        if (!this.requesting.has(id)) keeper.drop(id);
      },
    };
    this.settlement = settlement;
  }

  async run(recorded: RecordedCheckout): Promise<CheckoutOutcome> {
    const { order, cardStored } = recorded;
    const id = order.orderId;
    const progress = noProgress();
    let event: OutboxEvent;
    let moved: TransitionResult;
    if (this.options.config.charging.mode === 'webhook') return this.runToCharge(recorded);
    try {
      await cardStored;
      await this.critical.run(order, progress);
      event = outboxEvent(
        this.options.namespace,
        'confirmed',
        snapshotOf(order),
        progress.chargeId ? { chargeId: progress.chargeId } : {},
      );
      moved = await this.critical.advance(id, 'confirmed', event);
    } catch (error) {
      return failed(id, await this.critical.fail(id, progress, error));
    }
    // Confirmed is recorded: from here nothing is undone, and what the
    // publish misses the relay sends.
    this.options.publisher.publishSoon(moved.outboxEntry, event);
    return confirmed(id);
  }

  /**
   * Charging by webhook: the first three steps, and the customer is told
   * `payment_pending` once the reservation is recorded, as the article has
   * it ("order placed, payment pending" after 450 ms). The charge is
   * requested after the answer, the order still leased to this process; a
   * request that fails fails the order, compensated, and the customer
   * following it sees that.
   */
  private async runToCharge({ order, cardStored }: RecordedCheckout): Promise<CheckoutOutcome> {
    const id = order.orderId;
    const progress = noProgress();
    try {
      await cardStored;
      await this.critical.run(order, progress, { chargeBy: 'webhook' });
    } catch (error) {
      return failed(id, await this.critical.fail(id, progress, error));
    }
    // Held until the request ends: the edge's drop, after this answer, is skipped.
    const request = Promise.resolve()
      .then(() => this.requestCharge(order, progress))
      .finally(() => {
        this.requesting.delete(id);
        this.keeper.drop(id);
      });
    this.requesting.set(id, request);
    return paymentPending(id);
  }

  /**
   * The charge's request, then its lease handed to the provider's event.
   * Dropped first, so this process stops renewing it (a renewal already on
   * its way only ever lengthens a lease). The hand-over is refused when the
   * provider's charge.failed came first and made the order due: the settler
   * then releases the reservation and fails the order.
   */
  private async requestCharge(order: SagaOrder, progress: Progress): Promise<void> {
    const id = order.orderId;
    try {
      await this.critical.charge(order, progress);
      this.keeper.drop(id);
      await this.options.store.chargeRequested(id, AWAITING_PROVIDER);
    } catch (error) {
      const cause = await this.critical.fail(id, progress, error);
      this.options.logger.info('charge request failed after payment_pending', {
        orderId: id,
        reason: cause.code,
      });
    }
  }

  /**
   * Stops settling, once the charges being requested after their answer have
   * been (each ends by its call's deadline); the checkouts still running end
   * on their own.
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.requesting.values()]);
    await this.settlement.stop();
  }
}
