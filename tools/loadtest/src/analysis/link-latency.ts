/**
 * What latency on the links cost a variant's customers: the orders sent and
 * answered while it was on against those answered before it, and against
 * what the variant's sequential calls between services predict.
 */
import { CHECKOUT_STEPS, CRITICAL_STEPS, type Variant } from '@lab/domain';
import type { FaultWindow, LinkLatencyCost } from '../result/index.js';
import { median } from './groups.js';
import type { OrderOutcome } from './recovery.js';

const MS_PER_S = 1000;

/**
 * Calls between services the answer waits for, one after another: the sync
 * edge makes every step's call, the hybrid edge the critical path's, the
 * async edge none (its steps run behind the answer).
 */
export function sequentialHops(variant: Variant): number {
  return variant === 'sync'
    ? CHECKOUT_STEPS.length
    : variant === 'hybrid'
      ? CRITICAL_STEPS.length
      : 0;
}

/** Median of `pick` over the answered orders whose whole span lies in [from, to) seconds. */
function medianWithin(
  orders: readonly OrderOutcome[],
  from: number,
  to: number,
  pick: (o: OrderOutcome) => number | null,
): { value: number | null; count: number } {
  const inside = orders.filter((o) => {
    const ms = pick(o);
    return (
      o.error === undefined &&
      ms !== null &&
      o.intendedS >= from &&
      o.intendedS + ms / MS_PER_S <= to
    );
  });
  return { value: median(inside.map(pick)), count: inside.length };
}

const less = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/**
 * The cost of a latency fault that ran: medians of the orders answered
 * between the warm-up and the fault, and of those sent and answered while
 * it was on. Undefined for a fault that is not latency, or did not run.
 */
export function linkLatencyCost(
  variant: Variant,
  fault: FaultWindow,
  orders: readonly OrderOutcome[],
  warmupS: number,
): LinkLatencyCost | undefined {
  if (fault.kind !== 'latency' || !fault.executed || fault.appliedAtS === undefined)
    return undefined;
  const start = fault.appliedAtS;
  const end = fault.endedAtS ?? start + fault.durationS;
  const accepted = (o: OrderOutcome) => o.acceptedMs;
  const completed = (o: OrderOutcome) => o.completedMs;
  const before = medianWithin(orders, warmupS, start, accepted);
  const during = medianWithin(orders, start, end, accepted);
  const acceptedAddedMs = less(during.value, before.value);
  const completedAddedMs = less(
    medianWithin(orders, start, end, completed).value,
    medianWithin(orders, warmupS, start, completed).value,
  );
  const hops = sequentialHops(variant);
  const addMs = fault.addMs ?? 0;
  return {
    addMs,
    jitterMs: fault.jitterMs ?? 0,
    hops,
    predictedMs: hops * addMs,
    acceptedAddedMs,
    completedAddedMs,
    perHopMs: hops > 0 && acceptedAddedMs !== null ? acceptedAddedMs / hops : null,
    roundTrips: addMs > 0 && acceptedAddedMs !== null ? acceptedAddedMs / addMs : null,
    before: before.count,
    during: during.count,
  };
}
