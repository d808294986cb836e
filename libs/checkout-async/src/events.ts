import {
  EVENT_VERSION,
  eventMessageId,
  natsNames,
  type OrderEvent,
  type OrderEventType,
  type OrderSnapshot,
} from '@lab/contracts';
import type { NewOrder, OrderRecord, OutboxEvent } from '@lab/ledger';

/** The snapshot of an order that every event carries. */
export function snapshotOf(
  order: (NewOrder | OrderRecord) & { idempotencyKey?: string },
): OrderSnapshot {
  return {
    orderId: order.orderId,
    variant: order.variant,
    customerId: order.customerId,
    email: order.email,
    items: order.items,
    amountCents: order.amountCents,
    idempotencyKey: order.idempotencyKey ?? order.orderId,
  };
}

/** An order event, ready for the outbox: one message id per order and type. */
export function outboxEvent(
  namespace: string,
  type: OrderEventType,
  order: OrderSnapshot,
  extra: Partial<
    Pick<OrderEvent, 'reason' | 'message' | 'reservationId' | 'chargeId' | 'card'>
  > = {},
  now = Date.now(),
): OutboxEvent {
  const event: OrderEvent = { type, version: EVENT_VERSION, order, occurredAt: now, ...extra };
  return {
    msgId: eventMessageId(order.orderId, type),
    subject: natsNames(namespace).subject(type),
    data: JSON.stringify(event),
  };
}
