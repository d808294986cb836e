import type { WebhookEvent } from '@lab/contracts';
import type { EffectsLedger, OrderRecord, OrderStore, Outbox } from '@lab/ledger';
import type { ProviderClient } from '@lab/services';
import type { Logger } from '@lab/telemetry';
import { outboxEvent, snapshotOf } from './events.js';
import type { EventPublisher } from './publisher.js';

export interface WebhookApplyContext {
  readonly namespace: string;
  /** Who ends an order whose charge failed: async announces it, hybrid leaves it to its settler. */
  readonly stack: 'async' | 'hybrid';
  readonly store: OrderStore;
  readonly ledger: EffectsLedger;
  readonly outbox: Outbox;
  readonly publisher: Pick<EventPublisher, 'publishSoon'>;
  /** For the refund of a charge that arrives for an order already given up. */
  readonly provider: Pick<ProviderClient, 'refund'>;
  readonly logger: Logger;
}

/** An event about an order this stack does not have. */
export class UnknownWebhookOrderError extends Error {
  override readonly name = 'UnknownWebhookOrderError';
}

/**
 * Applies one provider event to its order. Every step is idempotent (the
 * ledger records each effect once, a status only moves forward), so an
 * event applied again after a crash, or a duplicate, changes nothing.
 */
export async function applyWebhookEvent(
  ctx: WebhookApplyContext,
  event: WebhookEvent,
): Promise<void> {
  const order = await ctx.store.get(event.charge.orderId);
  if (!order) throw new UnknownWebhookOrderError(`no order ${event.charge.orderId}`);
  if (event.type === 'charge.succeeded') return succeeded(ctx, order, event);
  if (event.type === 'charge.failed') return chargeFailed(ctx, order, event);
  const { charge } = event;
  await ctx.ledger.record(order.orderId, 'refund', `rf_${charge.id}`, {
    amountCents: charge.amountCents,
    reason: 'the order was given up before its charge went through',
  });
}

async function succeeded(
  ctx: WebhookApplyContext,
  order: OrderRecord,
  event: WebhookEvent,
): Promise<void> {
  const { charge } = event;
  if (order.status === 'confirmed') return;
  const data = { amountCents: charge.amountCents };
  const recorded =
    order.status === 'failed'
      ? { voided: true }
      : await ctx.ledger.record(order.orderId, 'charge', charge.id, data, { unlessVoided: true });
  if (!recorded.voided) {
    await ctx.store.transition(order.orderId, 'paid');
    const announce = outboxEvent(ctx.namespace, 'confirmed', snapshotOf(order), {
      chargeId: charge.id,
    });
    const moved = await ctx.store.transition(
      order.orderId,
      'confirmed',
      undefined,
      Date.now(),
      announce,
    );
    if (moved.status === 'confirmed') {
      ctx.publisher.publishSoon(moved.outboxEntry, announce);
      return;
    }
  }
  // The order was given up (compensated) while the card network answered:
  // the money is taken, so it is recorded and given back; `charge.refunded` settles it.
  await ctx.ledger.record(order.orderId, 'charge', charge.id, data);
  await ctx.provider.refund(charge.id);
  ctx.logger.info('charge for a given-up order refunded', { orderId: order.orderId });
}

async function chargeFailed(
  ctx: WebhookApplyContext,
  order: OrderRecord,
  event: WebhookEvent,
): Promise<void> {
  if (order.status === 'confirmed' || order.status === 'failed') return;
  const failure = {
    reason: 'card_declined' as const,
    message: event.charge.failureReason ?? 'declined by the issuer',
  };
  if (ctx.stack === 'hybrid') {
    // The hybrid's settler releases the reservation over gRPC, then fails the order.
    await ctx.store.deferFailure(order.orderId, failure);
    return;
  }
  const failed = outboxEvent(ctx.namespace, 'failed', snapshotOf(order), failure);
  ctx.publisher.publishSoon(await ctx.outbox.add(failed), failed);
}
