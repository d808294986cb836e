import { randomUUID } from 'node:crypto';
import {
  answers,
  outcomeOf,
  type CheckoutFlow,
  type CheckoutOrder,
  type CheckoutOutcome,
} from '@lab/checkout-flow';
import {
  DomainError,
  orderTotalCents,
  parseCheckoutRequest,
  parseIdempotencyKey,
  type Card,
  type CardRef,
  type CatalogItem,
  type CheckoutRequest,
} from '@lab/domain';
import type { OrderStore, OrderWatcher } from '@lab/ledger';
import { SPAN_ATTRIBUTES, annotateActiveSpan } from '@lab/telemetry';
import { poolTiming, type Bulkhead } from './bulkhead.js';
import type { Reply, Route } from './edge-server.js';
import { outcomeReply } from './outcome-reply.js';

/** Exchanges a card for a token (the card vault of @lab/ledger). */
export interface CardTokenizer {
  /** The token at once; `stored` settles when the vault holds the card. */
  deposit(card: Card): { readonly ref: CardRef; readonly stored: Promise<void> };
}

export interface CheckoutRouteDeps {
  /** The variant's checkout: what runs a recorded order, and how its orders are answered. */
  readonly flow: CheckoutFlow;
  readonly catalog: ReadonlyMap<string, CatalogItem>;
  readonly store: OrderStore;
  /** Where the card goes, right after validation, beside the order's record. */
  readonly vault: CardTokenizer;
  readonly watcher: OrderWatcher;
  /** Bounds the checkouts served at once (the sync stack's pool); none for async. */
  readonly bulkhead?: Bulkhead;
}

/**
 * The outcome of an order a repeated Idempotency-Key names: once it has
 * reached the status its flow answers from, or after the flow's replay wait.
 */
async function replayed(
  deps: Pick<CheckoutRouteDeps, 'flow' | 'store' | 'watcher'>,
  orderId: string,
): Promise<CheckoutOutcome> {
  let done: (() => void) | undefined;
  const reached = new Promise<void>((resolve) => (done = resolve));
  // A change is only a prompt: what the order has reached is read from its record.
  const unwatch = deps.watcher.watch(orderId, (c) => {
    if (c.status === undefined) return;
    void deps.store.get(orderId).then(
      (order) => (!order || answers(deps.flow, order.status)) && done?.(),
      () => undefined,
    );
  });
  try {
    const current = await deps.store.get(orderId);
    if (current && !answers(deps.flow, current.status)) {
      const timer = setTimeout(() => done?.(), deps.flow.replayWaitMs);
      await reached;
      clearTimeout(timer);
    }
  } finally {
    unwatch();
  }
  const order = await deps.store.get(orderId);
  if (!order) throw new Error(`order ${orderId} vanished`);
  return outcomeOf(order, deps.flow);
}

/**
 * A new order: the card goes to the vault beside the order's record (an
 * accept waits for one round trip, not two), then the flow runs it. A key
 * that another request recorded first meanwhile is answered as its replay.
 */
async function placeOrder(
  deps: CheckoutRouteDeps,
  request: CheckoutRequest,
  key: string | undefined,
  replay: (orderId: string) => Promise<Reply>,
): Promise<Reply> {
  const { flow } = deps;
  const { ref: card, stored } = deps.vault.deposit(request.card);
  let vaultDown: unknown;
  stored.catch((error: unknown) => (vaultDown = error));
  const orderId = `${flow.variant}-${randomUUID()}`;
  annotateActiveSpan({ [SPAN_ATTRIBUTES.orderId]: orderId });
  const order = {
    orderId,
    variant: flow.variant,
    customerId: request.customerId,
    email: request.email,
    items: request.items,
    amountCents: orderTotalCents(deps.catalog, request.items),
    card,
    ...(key ? { idempotencyKey: key } : {}),
  };
  // Without a client key, the order id is the key a charge is made under.
  const keyed: CheckoutOrder = { ...order, idempotencyKey: key ?? orderId };
  const event = flow.eventFor?.(keyed);
  const leaseUntil = flow.lease?.hold(orderId);
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
    const outcome = await flow.run({
      order: keyed,
      event,
      outboxEntry: created.outboxEntry,
      cardStored: stored,
    });
    return outcomeReply(outcome);
  } finally {
    flow.lease?.drop(orderId);
  }
}

/**
 * POST /checkout, the same for every variant: validate (400, nothing
 * applied), honour the Idempotency-Key (the same key gives the same order and
 * never a second charge), exchange the card for a vault token, record the
 * order, and hand it to the flow. A fresh outcome and a replayed one are
 * answered by the same mapping.
 */
export function checkoutRoute(deps: CheckoutRouteDeps): Route {
  const replay = async (orderId: string): Promise<Reply> => {
    annotateActiveSpan({ [SPAN_ATTRIBUTES.orderId]: orderId, 'lab.replay': true });
    return outcomeReply(await replayed(deps, orderId));
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
      const work = () => placeOrder(deps, request, key, replay);
      if (!deps.bulkhead) return work();
      const { value, waitMs } = await deps.bulkhead.runTimed(work);
      return { ...value, headers: { ...value.headers, 'server-timing': poolTiming(waitMs) } };
    },
  };
}
