/**
 * The figures of a run's link faults that need more than its timeline: what
 * latency cost per hop (analysis/link-latency.ts), and, after a lost-reply
 * fault, the charges whose caller never heard and how their orders settled,
 * read from the ledger.
 */
import type { Redis } from 'ioredis';
import type { Variant } from '@lab/domain';
import { EffectsLedger, OrderStore } from '@lab/ledger';
import { linkLatencyCost } from '../analysis/link-latency.js';
import type { OrderOutcome } from '../analysis/recovery.js';
import type { FaultWindow, LinkLatencyCost, LostReplies } from '../result/index.js';

export interface LinkFigures {
  readonly linkLatency?: LinkLatencyCost;
  readonly lostReplies?: LostReplies;
}

/**
 * The charges whose caller never heard of them, and how each order settled:
 * an order charged while its customer was answered with an error, or whose
 * charge was asked for again once made (the payment service notes each
 * idempotent repeat: a gRPC retry, a redelivery after a lost ack).
 */
async function lostRepliesOf(
  faults: readonly FaultWindow[],
  orders: readonly OrderOutcome[],
  redis: Redis,
  namespace: string,
): Promise<LostReplies> {
  const ledger = new EffectsLedger(redis, namespace);
  const store = new OrderStore(redis, namespace);
  const tally = {
    chargedUnheard: 0,
    answeredWithError: 0,
    askedAgain: 0,
    confirmed: 0,
    refunded: 0,
    unsettled: 0,
    chargedTwice: 0,
  };
  const repeats = await redis.hgetall(ledger.keys.repeats);
  const askedAgain = (id: string) => Number(repeats[`${id}|charge`] ?? 0) > 0;
  const answeredWithError = new Set(
    orders.filter((o) => o.error && o.orderId).map((o) => o.orderId!),
  );
  const named = [...new Set(orders.filter((o) => o.orderId).map((o) => o.orderId!))];
  for (const id of named.filter((i) => answeredWithError.has(i) || askedAgain(i))) {
    const effects = await ledger.countsOf(id);
    const charges = effects.charge ?? 0;
    if (charges === 0) continue;
    tally.chargedUnheard++;
    if (answeredWithError.has(id)) tally.answeredWithError++;
    if (askedAgain(id)) tally.askedAgain++;
    if (charges > 1) tally.chargedTwice++;
    const status = (await store.get(id))?.status;
    if (status === 'confirmed') tally.confirmed++;
    else if (status === 'failed' && (effects.refund ?? 0) >= 1) tally.refunded++;
    else tally.unsettled++;
  }
  const lost = faults.filter((f) => f.kind === 'lost-reply');
  return {
    repliesLost: lost.reduce((n, f) => n + (f.linkCounts?.lostReplies ?? 0), 0),
    connectionsReset: lost.reduce((n, f) => n + (f.linkCounts?.resets ?? 0), 0),
    ...tally,
  };
}

/** The link figures of a variant's run: none when its scenario had no such fault. */
export async function linkFigures(
  variant: Variant,
  faults: readonly FaultWindow[],
  orders: readonly OrderOutcome[],
  warmupS: number,
  redis: Redis,
  namespace: string,
): Promise<LinkFigures> {
  const latency = faults.find((f) => f.kind === 'latency' && f.executed);
  const linkLatency = latency && linkLatencyCost(variant, latency, orders, warmupS);
  const lostReply = faults.some((f) => f.kind === 'lost-reply' && f.executed);
  return {
    ...(linkLatency ? { linkLatency } : {}),
    ...(lostReply ? { lostReplies: await lostRepliesOf(faults, orders, redis, namespace) } : {}),
  };
}
