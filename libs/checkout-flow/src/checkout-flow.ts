import {
  STATUS_RANK,
  errorForCode,
  type CardRef,
  type DomainError,
  type OrderStatus,
  type StepDefinition,
  type Variant,
} from '@lab/domain';
import type { NewOrder, OrderRecord, OutboxEvent } from '@lab/ledger';

/**
 * A checkout as the edge hands it to a flow: recorded, keyed, and paid with
 * the vault's token. The card itself never gets past the edge.
 */
export type CheckoutOrder = NewOrder & { readonly idempotencyKey: string; readonly card: CardRef };

/** A new order, just recorded, with what was written beside it. */
export interface RecordedCheckout {
  readonly order: CheckoutOrder;
  /** The event recorded in the same write as the order (the flow's `eventFor`). */
  readonly event?: OutboxEvent;
  /** Its outbox entry, removed once the event is published. */
  readonly outboxEntry?: string;
  /**
   * Settles when the card vault holds the card (its write runs beside the
   * order's record): nothing may redeem the token, by a charge or by handing
   * the order on, before it has resolved; a rejection means the card is lost.
   */
  readonly cardStored: Promise<void>;
}

/** The statuses of an order still on its way. */
export type PendingStatus = Exclude<OrderStatus, 'confirmed' | 'failed'>;

/** How a checkout ended, as far as its client is told. */
export type CheckoutOutcome =
  /**
   * Recorded and on its way; the client follows it (async). `status` is how
   * far it had got when answered: `accepted` for a fresh order, further when
   * a repeated Idempotency-Key finds it moving.
   */
  | { readonly kind: 'accepted'; readonly orderId: string; readonly status: PendingStatus }
  /** Charged and confirmed (sync, hybrid). */
  | { readonly kind: 'confirmed'; readonly orderId: string }
  /**
   * Reserved, its charge to be requested from the payment provider, whose
   * event will confirm or fail it (the hybrid charging by webhook); the
   * client follows it.
   */
  | { readonly kind: 'payment_pending'; readonly orderId: string }
  /** Failed, and what was done was undone or is left to the settler. */
  | { readonly kind: 'failed'; readonly orderId: string; readonly error: DomainError };

export const accepted = (orderId: string, status: PendingStatus = 'accepted'): CheckoutOutcome => ({
  kind: 'accepted',
  orderId,
  status,
});
export const confirmed = (orderId: string): CheckoutOutcome => ({ kind: 'confirmed', orderId });
export const paymentPending = (orderId: string): CheckoutOutcome => ({
  kind: 'payment_pending',
  orderId,
});
export const failed = (orderId: string, error: DomainError): CheckoutOutcome => ({
  kind: 'failed',
  orderId,
  error,
});

/** The lease an edge takes on an order its flow drives in memory. */
export interface OrderLease {
  /** Holds `orderId`; the lease deadline to record the order with. */
  hold(orderId: string): number;
  /** The run ended, however: the order is no longer renewed. */
  drop(orderId: string): void;
}

/**
 * One variant's checkout: it takes a recorded order and returns its outcome,
 * and says what the edge must know of it to record and to replay an order.
 * Nothing here speaks HTTP: the edge maps an outcome to an answer.
 */
export interface CheckoutFlow {
  readonly variant: Variant;
  /**
   * The status from which an order is answered: an order short of it is
   * still running, and a repeated Idempotency-Key waits for it. Statuses of
   * the same rank count too (`confirmed` answers `failed` orders as well).
   */
  readonly answersFrom: OrderStatus;
  /**
   * An order at `answersFrom` that has not ended is answered
   * `payment_pending` (the hybrid charging by webhook), not `accepted`.
   */
  readonly answersPending?: boolean;
  /** Longest wait of a repeated Idempotency-Key for an order still short of `answersFrom`. */
  readonly replayWaitMs: number;
  /**
   * Present when the flow drives its orders in memory (sync, hybrid): each
   * new order is leased to this process while `run` works on it, and a
   * settler compensates the orders whose lease runs out.
   */
  readonly lease?: OrderLease;
  /** The event recorded in the same write as the new order, so it cannot be lost (async). */
  eventFor?(order: CheckoutOrder): OutboxEvent;
  /** Runs a new, recorded order to the outcome its client is told. Never throws. */
  run(recorded: RecordedCheckout): Promise<CheckoutOutcome>;
}

/** Whether an order at `status` has reached the status its flow answers from. */
export function answers(flow: Pick<CheckoutFlow, 'answersFrom'>, status: OrderStatus): boolean {
  return STATUS_RANK[status] >= STATUS_RANK[flow.answersFrom];
}

type FlowAnswers = Pick<CheckoutFlow, 'answersFrom' | 'answersPending'>;

/**
 * The outcome a stored order stands for, as a replay tells it: failed with
 * its recorded reason, confirmed, or otherwise on its way at its status
 * (`payment_pending` from `answersFrom` on, for a flow that answers so).
 */
export function outcomeOf(
  order: Pick<OrderRecord, 'orderId' | 'status' | 'reason' | 'message'>,
  flow?: FlowAnswers,
): CheckoutOutcome {
  switch (order.status) {
    case 'failed':
      return failed(
        order.orderId,
        errorForCode(order.reason ?? 'internal', order.message ?? 'the order failed'),
      );
    case 'confirmed':
      return confirmed(order.orderId);
    default:
      return flow?.answersPending && answers(flow, order.status)
        ? paymentPending(order.orderId)
        : accepted(order.orderId, order.status);
  }
}

/**
 * The longest a flow keeps its client waiting on `steps`: each is one gRPC
 * call, made one after another, and a call ends by its deadline (its retries
 * included, since the deadline spans them).
 */
export function sequentialCallsMs(steps: readonly StepDefinition[], deadlineMs: number): number {
  return steps.length * deadlineMs;
}
