import type { Redis } from 'ioredis';
import {
  CONFIRMED_ORDER_EFFECTS,
  isTerminal,
  type EffectCounts,
  type EffectName,
  type OrderStatus,
} from '@lab/domain';
import { redisKeys } from '@lab/contracts';
import { countEffects, parseEffects } from './effects-ledger.js';
import { parseOrder, type OrderRecord } from './order-store.js';
import { COUNTER_NAMES, type CounterName } from './counters.js';

/** An order that broke a promise, and how. */
export interface Offender {
  readonly orderId: string;
  readonly status: OrderStatus | 'missing';
  readonly problem: string;
}

/** DESIGN.md section 5: what happened to every accepted order. */
export interface Reconciliation {
  readonly accepted: number;
  readonly confirmed: number;
  readonly failed: number;
  readonly failedByReason: Readonly<Record<string, number>>;
  /** Accepted, with no terminal state (or no record at all). */
  readonly lost: number;
  /** Applications of an effect beyond the first, over all orders. */
  readonly duplicateEffects: number;
  /** Orders that were charged, are not confirmed, and were not refunded. */
  readonly orphanCharges: number;
  /** Confirmed orders lacking an effect they must have (an email never sent, a charge refunded…). */
  readonly missingEffects: number;
  /** Failed orders whose reservation was never released. */
  readonly leakedReservations: number;
  readonly retries: number;
  readonly redeliveries: number;
  readonly deadLettered: number;
  /** Orders with each effect applied (charges, refunds, emails…): what the outage did to the world. */
  readonly effects: Readonly<Partial<Record<EffectName, number>>>;
  /** The orders behind every non-zero promise count, at most `maxOffenders`. */
  readonly offenders: readonly Offender[];
}

export interface ReconcileOptions {
  /** Orders read per Redis round trip. */
  readonly batchSize?: number;
  readonly maxOffenders?: number;
}

/** Judges one order; pure, so the rules are tested without Redis. */
export function judgeOrder(
  orderId: string,
  order: Pick<OrderRecord, 'status'> | undefined,
  effects: EffectCounts,
): Offender[] {
  const problems: Offender[] = [];
  const status = order?.status ?? 'missing';
  const say = (problem: string) => problems.push({ orderId, status, problem });
  if (!order) say('lost: accepted, but no order record exists');
  else if (!isTerminal(order.status)) say(`lost: still ${order.status}, never confirmed or failed`);
  for (const [effect, count] of Object.entries(effects) as [EffectName, number][]) {
    if (count > 1) say(`duplicate: ${effect} applied ${count} times`);
  }
  const charges = effects.charge ?? 0;
  const refunds = effects.refund ?? 0;
  if (status !== 'confirmed' && charges > refunds)
    say('orphan charge: charged, not confirmed, not refunded');
  if (status === 'confirmed') {
    const missing: string[] = CONFIRMED_ORDER_EFFECTS.filter((e) => (effects[e] ?? 0) === 0);
    // No flow undoes a confirmed order: its charge refunded or its stock
    // released is an effect it no longer has (the customer was told confirmed).
    if (refunds > 0) missing.push('charge (refunded)');
    if ((effects.release ?? 0) > 0) missing.push('reservation (released)');
    if (missing.length > 0) say(`missing effects: ${missing.join(', ')}`);
  }
  if (status === 'failed' && (effects.reservation ?? 0) > (effects.release ?? 0)) {
    say('leaked reservation: failed, reservation never released');
  }
  return problems;
}

/**
 * Reconciles the orders a client saw accepted against the stack's records.
 * Pass the ids the load tool got back; an id the stack never recorded is lost.
 */
export async function reconcile(
  redis: Redis,
  namespace: string,
  orderIds: readonly string[],
  options: ReconcileOptions = {},
): Promise<Reconciliation> {
  const keys = redisKeys(namespace);
  const batchSize = options.batchSize ?? 500;
  const maxOffenders = options.maxOffenders ?? 50;
  let confirmed = 0;
  let failed = 0;
  const failedByReason: Record<string, number> = {};
  const tally = {
    lost: 0,
    duplicateEffects: 0,
    orphanCharges: 0,
    missingEffects: 0,
    leakedReservations: 0,
  };
  const offenders: Offender[] = [];
  const applied: Partial<Record<EffectName, number>> = {};

  for (let i = 0; i < orderIds.length; i += batchSize) {
    const batch = orderIds.slice(i, i + batchSize);
    const pipeline = redis.pipeline();
    for (const id of batch) pipeline.hgetall(keys.order(id)).hgetall(keys.effects(id));
    const replies = (await pipeline.exec()) ?? [];
    batch.forEach((id, j) => {
      const [orderErr, orderHash] = replies[2 * j] ?? [];
      const [effErr, effHash] = replies[2 * j + 1] ?? [];
      if (orderErr || effErr) throw orderErr ?? effErr;
      const order = parseOrder(orderHash as Record<string, string>);
      const effects = countEffects(parseEffects(effHash as Record<string, string>));
      if (order?.status === 'confirmed') confirmed++;
      if (order?.status === 'failed') {
        failed++;
        const reason = order.reason ?? 'unknown';
        failedByReason[reason] = (failedByReason[reason] ?? 0) + 1;
      }
      const problems = judgeOrder(id, order, effects);
      for (const p of problems) {
        if (p.problem.startsWith('lost')) tally.lost++;
        else if (p.problem.startsWith('orphan')) tally.orphanCharges++;
        else if (p.problem.startsWith('missing')) tally.missingEffects++;
        else if (p.problem.startsWith('leaked')) tally.leakedReservations++;
      }
      for (const [effect, count] of Object.entries(effects) as [EffectName, number][]) {
        if (count > 1) tally.duplicateEffects += count - 1;
        if (count > 0) applied[effect] = (applied[effect] ?? 0) + 1;
      }
      for (const p of problems) if (offenders.length < maxOffenders) offenders.push(p);
    });
  }

  const counterHash = await redis.hgetall(keys.counters);
  const counters = Object.fromEntries(
    COUNTER_NAMES.map((n) => [n, Number(counterHash[n] ?? 0)]),
  ) as Record<CounterName, number>;
  return {
    accepted: orderIds.length,
    confirmed,
    failed,
    failedByReason,
    ...tally,
    ...counters,
    effects: applied,
    offenders,
  };
}
