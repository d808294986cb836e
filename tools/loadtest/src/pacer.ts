import { setTimeout as sleep } from 'node:timers/promises';

/**
 * When each request of an open-loop workload is meant to leave, in ms from
 * the start: a fixed rate, or a rate ramped linearly from `rate` to `rampTo`.
 */
export function schedule(rate: number, durationS: number, rampTo?: number): number[] {
  const times: number[] = [];
  const end = durationS * 1000;
  if (rampTo === undefined || rampTo === rate) {
    for (let t = 0; t < end; t += 1000 / rate) times.push(t);
    return times;
  }
  // rate(t) = r0 + (r1 - r0) t / T; arrivals where the integral of rate reaches 1, 2, 3…
  const r0 = rate;
  const k = (rampTo - rate) / durationS;
  for (let n = 0; ; n++) {
    const s = k === 0 ? n / r0 : (-r0 + Math.sqrt(r0 * r0 + 2 * k * n)) / k;
    if (s * 1000 >= end) break;
    times.push(s * 1000);
  }
  return times;
}

/** How early the pacer wakes before a send: timers are late, never early enough. */
const WAKE_EARLY_MS = 1;

/**
 * Sends at the intended times without waiting for answers (open loop), and
 * reports how late each send left. A late pacer sends what is due at once:
 * latency is counted from the intended time, so a stall cannot hide.
 */
export async function runOpenLoop(
  intended: readonly number[],
  send: (index: number, intendedAt: number) => void,
  options: { readonly clock?: () => number; readonly stopped?: () => boolean } = {},
): Promise<number[]> {
  const clock = options.clock ?? (() => performance.now());
  const start = clock();
  const lags: number[] = [];
  for (let i = 0; i < intended.length; i++) {
    if (options.stopped?.()) break;
    const due = start + intended[i]!;
    const wait = due - clock() - WAKE_EARLY_MS;
    if (wait > 0) await sleep(wait);
    while (clock() < due) {
      // The last sub-millisecond: yield to I/O without a timer's coarse delay.
      await new Promise((r) => setImmediate(r));
    }
    lags.push(clock() - due);
    send(i, due);
  }
  return lags;
}
