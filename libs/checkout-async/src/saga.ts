import { PoisonMessageError, type OrderEvent } from '@lab/contracts';
import { DomainError, InvalidPaymentError, SHOP_CURRENCY, type FailureCode } from '@lab/domain';
import type { OrderStore, Outbox } from '@lab/ledger';
import type { InventoryOperations, PaymentOperations } from '@lab/services';
import { outboxEvent } from './events.js';
import type { EventPublisher } from './publisher.js';

export interface SagaContext {
  readonly namespace: string;
  readonly store: OrderStore;
  readonly outbox: Outbox;
  readonly publisher: EventPublisher;
}

type Delivery = { readonly lastDelivery: boolean };

/** Announces that an order cannot go on; inventory gives back what it holds and ends it. */
async function announceFailure(
  ctx: SagaContext,
  event: OrderEvent,
  reason: FailureCode,
  message: string,
): Promise<void> {
  const failed = outboxEvent(ctx.namespace, 'failed', event.order, { reason, message });
  ctx.publisher.publishSoon(await ctx.outbox.add(failed), failed);
}

async function orderOf(ctx: SagaContext, event: OrderEvent) {
  const order = await ctx.store.get(event.order.orderId);
  // The order and its first event are written in one step: an event for an
  // order that does not exist did not come from this stack.
  if (!order) throw new PoisonMessageError(`no order ${event.order.orderId} in ${ctx.namespace}`);
  return order;
}

/**
 * A failure that retries will not mend (a business outcome), or one that is
 * still there on the last delivery, ends the order: `undo` first gives back
 * what this step may have taken (a charge), then the failure is announced
 * for the rest of the saga to compensate. An error while undoing or
 * announcing is thrown: the message is delivered again, for as long as the
 * outage lasts, so the order is never left half undone.
 */
async function orGiveUp(
  ctx: SagaContext,
  event: OrderEvent,
  delivery: Delivery,
  work: () => Promise<void>,
  undo: (reason: FailureCode) => Promise<unknown> = async () => undefined,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof PoisonMessageError) throw error;
    const domain = DomainError.from(error);
    if (!domain.business && !delivery.lastDelivery) throw error;
    await undo(domain.code);
    const message = domain.business ? domain.message : `gave up after retries: ${domain.message}`;
    return announceFailure(ctx, event, domain.code, message);
  }
}

/** The inventory service's part: reserve on `placed`, release and end the order on `failed`. */
export function inventorySaga(ctx: SagaContext, inventory: InventoryOperations) {
  return {
    onPlaced: async (event: OrderEvent, delivery: Delivery) => {
      const order = await orderOf(ctx, event);
      if (order.status !== 'accepted') return; // handled before: a redelivery
      await orGiveUp(ctx, event, delivery, async () => {
        // On a redelivery after a reservation, stock already excludes this order's own units.
        if (!(await inventory.stock.hasReservation(order.orderId))) {
          const stock = await inventory.check({ orderId: order.orderId, items: order.items });
          if (!stock.available) {
            return announceFailure(
              ctx,
              event,
              'out_of_stock',
              `not enough stock for ${stock.shortSkus.join(', ')}`,
            );
          }
        }
        const { reservationId } = await inventory.reserve({
          orderId: order.orderId,
          items: order.items,
        });
        const reserved = outboxEvent(ctx.namespace, 'reserved', event.order, {
          reservationId,
          ...(event.card ? { card: event.card } : {}),
        });
        const moved = await ctx.store.transition(
          order.orderId,
          'reserved',
          undefined,
          Date.now(),
          reserved,
        );
        ctx.publisher.publishSoon(moved.outboxEntry, reserved);
      });
    },

    onFailed: async (event: OrderEvent) => {
      // Compensation first, so that `failed` means settled.
      await inventory.release({ orderId: event.order.orderId });
      await ctx.store.transition(event.order.orderId, 'failed', {
        reason: event.reason ?? 'internal',
        message: event.message ?? 'the order failed',
      });
    },
  };
}

/** The payment service's part: validate and charge on `reserved`, then confirm. */
export function paymentSaga(ctx: SagaContext, payment: PaymentOperations) {
  return {
    onReserved: async (event: OrderEvent, delivery: Delivery) => {
      const order = await orderOf(ctx, event);
      // `paid` too: a crash between the charge and the confirmation is redelivered here.
      if (order.status !== 'reserved' && order.status !== 'paid') return;
      await orGiveUp(
        ctx,
        event,
        delivery,
        async () => {
          const card = event.card ?? order.card;
          if (!card)
            throw new InvalidPaymentError([{ path: 'card', message: 'the event carries no card' }]);
          const key = event.order.idempotencyKey;
          // Validated before the first charge only: once charged, the vault no
          // longer holds the CVC, and a redelivery must go on to confirm.
          if (!(await payment.charged(order.orderId, key)))
            await payment.validate({
              orderId: order.orderId,
              cardRef: card,
              amountCents: order.amountCents,
            });
          const charge = await payment.charge({
            orderId: order.orderId,
            cardRef: card,
            amountCents: order.amountCents,
            currency: SHOP_CURRENCY,
            idempotencyKey: key,
          });
          // Charging by webhook, the charge is only requested: the provider's
          // event moves the order on, and this consumer's slot is free now.
          if (payment.chargesByWebhook) return;
          await ctx.store.transition(order.orderId, 'paid');
          const announce = outboxEvent(ctx.namespace, 'confirmed', event.order, {
            chargeId: charge.chargeId,
          });
          const confirmed = await ctx.store.transition(
            order.orderId,
            'confirmed',
            undefined,
            Date.now(),
            announce,
          );
          ctx.publisher.publishSoon(confirmed.outboxEntry, announce);
        },
        // A charge that went through before the failure must not outlive it.
        (reason) => payment.refund({ orderId: order.orderId, reason }),
      );
    },
  };
}
