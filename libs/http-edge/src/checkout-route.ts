import { randomUUID } from 'node:crypto';
import {
  DomainError,
  errorForCode,
  orderTotalCents,
  parseCheckoutRequest,
  parseIdempotencyKey,
  type Card,
  type CardRef,
  type CatalogItem,
  type OrderStatus,
  type Variant,
} from '@lab/domain';
import type {
  CreateResult,
  NewOrder,
  OrderRecord,
  OrderStore,
  OrderWatcher,
  OutboxEvent,
} from '@lab/ledger';
import type { Bulkhead } from './bulkhead.js';
import type { Reply, Route } from './edge-server.js';
import { errorBody, httpStatusOf } from './http-errors.js';

/**
 * A checkout as the edge hands it on: recorded, keyed, and paid with the
 * vault's token. The card itself never gets past the edge.
 */
export type CheckoutOrder = NewOrder & { readonly idempotencyKey: string; readonly card: CardRef };

/** Exchanges a card for a token (the card vault of @lab/ledger). */
export interface CardTokenizer {
  /** The token at once; `stored` settles when the vault holds the card. */
  deposit(card: Card): { readonly ref: CardRef; readonly stored: Promise<void> };
}

export interface CheckoutRouteDeps {
  readonly variant: Variant;
  readonly catalog: ReadonlyMap<string, CatalogItem>;
  readonly store: OrderStore;
  /** Where the card goes, right after validation and before the order is recorded. */
  readonly vault: CardTokenizer;
  readonly watcher: OrderWatcher;
  /** Bounds the checkouts served at once (the sync stack's pool); none for async. */
  readonly bulkhead?: Bulkhead;
  /** The status from which the variant answers the client (async: accepted). */
  readonly answersAt: (status: OrderStatus) => boolean;
  /** The event written to the outbox in the same step as the new order (async: order.placed). */
  readonly eventFor?: (order: CheckoutOrder) => OutboxEvent;
  /**
   * Runs a new, recorded order and answers the client. The vault's write of
   * the card runs beside the order's record: `cardStored` settles when it is
   * done, and nothing may redeem the token (charge, or hand the order on)
   * before it has resolved.
   */
  readonly run: (
    order: CheckoutOrder,
    created: CreateResult,
    /** The event written with the order, if `eventFor` gave one. */
    event: OutboxEvent | undefined,
    cardStored: Promise<void>,
  ) => Promise<Reply>;
  /** Longest wait when a repeated Idempotency-Key finds its order still running. */
  readonly replayWaitMs: number;
  /**
   * Leases each new order to this process while `run` works on it (sync,
   * hybrid): `hold` gives the lease deadline the order is recorded with.
   */
  readonly lease?: { hold(orderId: string): number; drop(orderId: string): void };
}

/** What a client is told about an order that has reached its answering status. */
export function replyForOrder(
  order: Pick<OrderRecord, 'orderId' | 'status' | 'reason' | 'message'>,
): Reply {
  if (order.status === 'failed') {
    const error = errorForCode(order.reason ?? 'internal', order.message ?? 'the order failed');
    return { status: httpStatusOf(error), body: errorBody(error, order.orderId) };
  }
  return {
    status: order.status === 'accepted' ? 202 : 200,
    body: { orderId: order.orderId, status: order.status },
  };
}

/**
 * POST /checkout, the same for every variant: validate (400, nothing
 * applied), honour the Idempotency-Key (the same key gives the same order and
 * never a second charge), exchange the card for a vault token, record the
 * order, and hand it to the variant.
 */
export function checkoutRoute(deps: CheckoutRouteDeps): Route {
  const replay = async (orderId: string): Promise<Reply> => {
    let done: (() => void) | undefined;
    const answered = new Promise<void>((resolve) => (done = resolve));
    const unwatch = deps.watcher.watch(
      orderId,
      (c) => c.status !== undefined && deps.answersAt(c.status) && done?.(),
    );
    try {
      const current = await deps.store.get(orderId);
      if (current && !deps.answersAt(current.status)) {
        const timer = setTimeout(() => done?.(), deps.replayWaitMs);
        await answered;
        clearTimeout(timer);
      }
    } finally {
      unwatch();
    }
    const order = await deps.store.get(orderId);
    if (!order) throw new Error(`order ${orderId} vanished`);
    return replyForOrder(order);
  };

  return {
    method: 'POST',
    path: '/checkout',
    handler: async (ctx) => {
      const request = parseCheckoutRequest(await ctx.json(), deps.catalog);
      const header = ctx.req.headers['idempotency-key'];
      const key = parseIdempotencyKey(Array.isArray(header) ? header[0] : header);
      if (key) {
        const existing = await deps.store.byIdempotencyKey(key);
        if (existing) return replay(existing);
      }
      const work = async (): Promise<Reply> => {
        // The vault's write and the order's record go out together: an accept
        // waits for one round trip, not two.
        const { ref: card, stored } = deps.vault.deposit(request.card);
        let vaultDown: unknown;
        stored.catch((error: unknown) => (vaultDown = error));
        const orderId = `${deps.variant}-${randomUUID()}`;
        const order = {
          orderId,
          variant: deps.variant,
          customerId: request.customerId,
          email: request.email,
          items: request.items,
          amountCents: orderTotalCents(deps.catalog, request.items),
          card,
          ...(key ? { idempotencyKey: key } : {}),
        };
        // Without a client key, the order id is the key a charge is made under.
        const keyed: CheckoutOrder = { ...order, idempotencyKey: key ?? orderId };
        const event = deps.eventFor?.(keyed);
        const leaseUntil = deps.lease?.hold(orderId);
        try {
          const created = await deps.store.create(order, Date.now(), event, leaseUntil);
          if (!created.created) return await replay(created.orderId);
          // A vault that is down refuses at once: the order is settled as failed, the client told 503.
          if (vaultDown) {
            const cause = DomainError.from(vaultDown);
            await deps.store.transition(orderId, 'failed', {
              reason: cause.code,
              message: cause.message,
            });
            throw cause;
          }
          return await deps.run(keyed, created, event, stored);
        } finally {
          deps.lease?.drop(orderId);
        }
      };
      return deps.bulkhead ? deps.bulkhead.run(work) : work();
    },
  };
}
