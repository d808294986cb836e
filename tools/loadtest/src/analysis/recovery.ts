/**
 * How long a variant took to be back to normal after a fault: the broker
 * backlog drained, and every order sent from then on answered without an
 * outage error and completed within the limits of what it waits for.
 */
import {
  BUSINESS_FAILURE_CODES,
  CHECKOUT_STEPS,
  CRITICAL_STEPS,
  seedTotalMs,
  stepDefinition,
  type Variant,
} from '@lab/domain';
import type { TimelinePoint } from '../result/index.js';

/** A recovered variant's per-second p99 stays under this many times the simulated floor of what it waits for. */
const RECOVERY_FACTOR = 2;
/** The floor of a limit: an async accept does no simulated work, so its limit is this fixed budget. */
const RECOVERY_FLOOR_MS = 250;

/** The per-second latency a recovered variant stays under, by the simulated floor of what it waits for. */
export function recoveryLimits(
  variant: Variant,
  timeScale: number,
  factor = RECOVERY_FACTOR,
): { acceptedP99Ms: number; completedP99Ms: number } {
  const all = seedTotalMs(CHECKOUT_STEPS);
  const critical = seedTotalMs(CRITICAL_STEPS);
  // Async and hybrid orders complete when their email is sent, after the critical path.
  const email = stepDefinition('sendEmail').seedMs;
  const accepted = variant === 'sync' ? all : variant === 'hybrid' ? critical : 0;
  const completed = variant === 'sync' ? all : critical + email;
  const limit = (ms: number) => Math.max(RECOVERY_FLOOR_MS, factor * ms * timeScale);
  return { acceptedP99Ms: limit(accepted), completedP99Ms: limit(completed) };
}

/** What recovery needs to know of one order: when it was meant to leave and how it went. */
export interface OrderOutcome {
  /** Intended send time, seconds since the variant's start. */
  readonly intendedS: number;
  readonly acceptedMs: number;
  /** Null when it never completed. */
  readonly completedMs: number | null;
  /** The error reason of the answer, if it was one. */
  readonly error?: string;
  /** The order the answer named, if it named one (an error can, for an order it recorded). */
  readonly orderId?: string;
}

/** The deepest broker backlog of the steady seconds that ended by `s`: what "deeper" is measured against. */
function deepestBefore(timeline: readonly TimelinePoint[], s: number): number {
  const before = timeline.filter((p) => !p.warmup && p.t + 1 <= s);
  return Math.max(0, ...before.map((p) => p.backlog ?? 0));
}

/**
 * Seconds from the end of a fault until the variant was back to normal:
 * the broker backlog no deeper than before the fault (and staying so), and
 * every order sent from then on answered without an outage error and
 * completed within the limits. A crash counts at least until the restarted
 * process served. Null, with the reason, when that did not happen before
 * the run ended.
 */
export function recoveryTime(
  orders: readonly OrderOutcome[],
  timeline: readonly TimelinePoint[],
  fault: { startS: number; endedAtS?: number; recoveredAtS?: number },
  limits: { acceptedP99Ms: number; completedP99Ms: number },
  /** When the next fault began: what follows belongs to it. */
  until = Infinity,
): { recoveryS: number | null; why?: string } {
  const end = fault.endedAtS;
  if (end === undefined) return { recoveryS: null, why: 'the fault did not end' };
  const horizon = Number.isFinite(until) ? 'when the next fault began' : 'when the run ended';
  const backlogBefore = deepestBefore(timeline, fault.startS);
  // A backlog sample stored at second t was taken at its end, t + 1.
  const inWindow = timeline.filter((p) => p.t + 1 > end && p.t + 1 <= until);
  const lastDeep = inWindow.filter((p) => p.backlog !== null && p.backlog > backlogBefore).at(-1);
  const backlogOkAt = lastDeep ? lastDeep.t + 2 : end;
  if (lastDeep && lastDeep === inWindow.at(-1))
    return { recoveryS: null, why: `the backlog had not drained ${horizon}` };

  const ok = (o: OrderOutcome) =>
    (o.error === undefined || BUSINESS_FAILURE_CODES.has(o.error)) &&
    o.acceptedMs <= limits.acceptedP99Ms &&
    (o.completedMs === null ? o.error !== undefined : o.completedMs <= limits.completedP99Ms);
  const after = orders
    // Before the next fault, only orders that had time to finish before it count.
    .filter((o) => o.intendedS >= end && o.intendedS + limits.completedP99Ms / 1000 <= until)
    .sort((a, b) => a.intendedS - b.intendedS);
  if (after.length === 0)
    return {
      recoveryS: null,
      why: `no orders were sent between the end of the fault and ${horizon}`,
    };
  let first = after.length;
  while (first > 0 && ok(after[first - 1]!)) first--;
  if (first === after.length)
    return { recoveryS: null, why: `orders sent up to ${horizon} were still slow or failing` };
  const latencyOkAt = first === 0 ? end : after[first]!.intendedS;
  return {
    recoveryS: Math.max(latencyOkAt, backlogOkAt, fault.recoveredAtS ?? end) - end,
  };
}

/** The first sign of a fault in a variant, and what it was. */
export interface FirstFelt {
  /** Seconds from the fault taking effect to its first sign; null when none showed. */
  readonly feltS: number | null;
  /** "outage error (deadline_exceeded)", "answer over its limit", "order late", "backlog grew". */
  readonly feltBy?: string;
}

/**
 * When a fault first showed in a variant, by the same tests recovery uses:
 * the moment a customer got an outage error, an answer passed its limit, an
 * order passed its completion limit, or the broker backlog grew deeper than
 * before the fault. Each sign is dated when it became true (an answer when it
 * arrived, a late order when its limit passed), not when the order was sent.
 */
export function firstFelt(
  orders: readonly OrderOutcome[],
  timeline: readonly TimelinePoint[],
  fault: { startS: number; appliedAtS?: number; endedAtS?: number },
  limits: { acceptedP99Ms: number; completedP99Ms: number },
  until = Infinity,
): FirstFelt {
  const from = fault.appliedAtS ?? fault.startS;
  const signs: { at: number; by: string }[] = [];
  const backlogBefore = deepestBefore(timeline, from);
  const deeper = timeline.find(
    (p) => p.t + 1 > from && p.t + 1 <= until && p.backlog !== null && p.backlog > backlogBefore,
  );
  if (deeper) signs.push({ at: deeper.t + 1, by: 'backlog grew' });
  for (const o of orders) {
    // An order sent before the fault can still meet it on the way: each sign is kept by its date.
    const answeredAt = o.intendedS + o.acceptedMs / 1000;
    if (o.error !== undefined && !BUSINESS_FAILURE_CODES.has(o.error))
      signs.push({ at: answeredAt, by: `outage error (${o.error})` });
    else if (o.acceptedMs > limits.acceptedP99Ms)
      signs.push({ at: o.intendedS + limits.acceptedP99Ms / 1000, by: 'answer over its limit' });
    else if (o.error === undefined && (o.completedMs ?? Infinity) > limits.completedP99Ms)
      signs.push({ at: o.intendedS + limits.completedP99Ms / 1000, by: 'order late' });
  }
  const first = signs.filter((s) => s.at >= from && s.at <= until).sort((a, b) => a.at - b.at)[0];
  return first ? { feltS: first.at - from, feltBy: first.by } : { feltS: null };
}
