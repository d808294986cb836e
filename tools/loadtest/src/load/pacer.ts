import { setTimeout as sleep } from 'node:timers/promises';
import { rngFor, type Rng } from '@lab/domain';
import type { Arrivals, BurstPeriods } from '../result/index.js';

/** A unit exponential draw: the gap between Poisson arrivals at rate 1. */
const exponential = (rng: Rng) => -Math.log(1 - rng());

/**
 * When each request of an open-loop workload is meant to leave, in ms from
 * the start: a fixed rate, or a rate ramped linearly from `rate` to `rampTo`.
 * Evenly spaced without `draw`; with it, a Poisson process of that rate (its
 * gaps exponential, drawn from `draw`), the ramp included.
 */
export function schedule(rate: number, durationS: number, rampTo?: number, draw?: Rng): number[] {
  const times: number[] = [];
  const end = durationS * 1000;
  if (!draw && (rampTo === undefined || rampTo === rate)) {
    for (let t = 0; t < end; t += 1000 / rate) times.push(t);
    return times;
  }
  // rate(t) = r0 + (r1 - r0) t / T; arrivals where the integral of rate reaches the
  // points of a unit-rate process: 1, 2, 3… evenly, or sums of exponential gaps.
  const r0 = rate;
  const k = ((rampTo ?? rate) - rate) / durationS;
  let n = draw ? exponential(draw) : 0;
  for (;;) {
    const s = k === 0 ? n / r0 : (-r0 + Math.sqrt(r0 * r0 + 2 * k * n)) / k;
    // Past the end, or past where a ramp down reaches zero (the root of a negative: NaN).
    if (!(s * 1000 < end)) break;
    times.push(s * 1000);
    n += draw ? exponential(draw) : 1;
  }
  return times;
}

/** On/off periods over `durationS`: Poisson arrivals at each period's rate. */
export function burstSchedule(b: BurstPeriods, durationS: number, draw: Rng): number[] {
  const times: number[] = [];
  const end = durationS * 1000;
  const period = (b.onS + b.offS) * 1000;
  // Exponential gaps forget their past: starting afresh at each period's edge is still Poisson.
  for (let from = 0; from < end; from += period) {
    for (const [startMs, lengthS, rate] of [
      [from, b.onS, b.onRate],
      [from + b.onS * 1000, b.offS, b.offRate],
    ] as const) {
      if (rate <= 0 || startMs >= end) continue;
      const length = Math.min(lengthS, (end - startMs) / 1000);
      for (const t of schedule(rate, length, undefined, draw)) times.push(startMs + t);
    }
  }
  return times;
}

const UNIFORM: Arrivals = { process: 'uniform' };

/**
 * An open loop's schedule: `rate` for `durationS`, ramped to `rampTo` if
 * given; with `warmupRate`, the first `warmupS` run at that fixed rate and
 * the rate (or ramp) runs over the rest. Poisson and bursty arrivals are drawn
 * from `seed`, so a run repeats.
 */
export function openSchedule(
  w: {
    readonly rate: number;
    readonly rampTo?: number;
    readonly warmupRate?: number;
    readonly durationS: number;
    readonly warmupS: number;
  },
  arrivals: Arrivals = UNIFORM,
  seed = 0,
): number[] {
  const draw = (phase: string) =>
    arrivals.process === 'uniform' ? undefined : rngFor(seed, 'arrivals', phase);
  if (arrivals.process === 'bursty') return burstSchedule(arrivals, w.durationS, draw('bursts')!);
  if (w.warmupRate === undefined || w.warmupS <= 0)
    return schedule(w.rate, w.durationS, w.rampTo, draw('run'));
  const warmupMs = w.warmupS * 1000;
  return [
    ...schedule(w.warmupRate, w.warmupS, undefined, draw('warmup')),
    ...schedule(w.rate, w.durationS - w.warmupS, w.rampTo, draw('run')).map((t) => warmupMs + t),
  ];
}

/** How early the pacer wakes before a send: timers are late, never early enough. */
const WAKE_EARLY_MS = 1;

/**
 * Rings when each send of the pacer's schedule is due, while its event loop
 * keeps reading I/O (alarm.ts): given the schedule beforehand.
 */
export interface PacerAlarm {
  /** The schedule's 0 is `start`, on the pacer's clock. */
  begin(start: number): void;
  /** Resolves once the alarm has rung for send `index` (when it was due, or later). */
  rung(index: number): Promise<void>;
}

export interface OpenLoopOptions {
  readonly clock?: () => number;
  /** When the schedule's 0 is, on `clock` (default: when it runs). */
  readonly start?: number;
  /**
   * Blocks the thread for `ms` (a fraction of a millisecond): a stretch
   * before a send too short for a timer is then waited in short naps, with
   * I/O read between them, instead of spinning the CPU the stacks need.
   * Without it the pacer spins.
   */
  readonly nap?: (ms: number) => void;
  /**
   * Waits to each send instead of timers and naps, one wake-up a send
   * (a nap still waits what is left when it is under NAP_MS: an alarm's
   * round trip between threads takes longer than that).
   */
  readonly alarm?: PacerAlarm;
}

const immediate = () => new Promise((r) => setImmediate(r));

/** The longest nap: an answer arriving meanwhile is read (and timed) at most this late. */
export const NAP_MS = 0.05;

/** A nap on a futex (Atomics.wait): precise to tens of microseconds, no CPU used. */
export function atomicsNap(): (ms: number) => void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return (ms) => void Atomics.wait(cell, 0, 0, ms);
}

/**
 * Sends at the intended times without waiting for answers (open loop), and
 * records how late each send left. A late pacer sends what is due at once:
 * latency is counted from the intended time, so a stall cannot hide.
 *
 * Between timers it yields to I/O; `pump()` sends whatever is due right now,
 * so a caller busy with answers can send on time in between them instead of
 * after the whole batch.
 */
export class OpenLoop {
  private next = 0;
  private start = 0;
  private readonly clock: () => number;
  readonly lags: number[] = [];

  constructor(
    private readonly intended: readonly number[],
    private readonly send: (index: number, intendedAt: number) => void,
    private readonly options: OpenLoopOptions = {},
  ) {
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Sends every request due by now. */
  pump(): void {
    const { intended, clock } = this;
    while (this.next < intended.length) {
      const due = this.start + intended[this.next]!;
      const now = clock();
      if (now < due) return;
      this.lags.push(now - due);
      this.send(this.next++, due);
    }
  }

  /** Runs the schedule to its end; resolves with each send's lag. */
  async run(): Promise<number[]> {
    const { intended, clock } = this;
    const { nap, alarm } = this.options;
    this.start = this.options.start ?? clock();
    alarm?.begin(this.start);
    while (this.next < intended.length) {
      this.pump();
      if (this.next >= intended.length) break;
      const left = this.start + intended[this.next]! - clock();
      if (alarm && !(nap && left <= NAP_MS)) await alarm.rung(this.next);
      else if (left > WAKE_EARLY_MS) await sleep(left - WAKE_EARLY_MS);
      else {
        // The last millisecond, without a timer's coarse delay: nap (or spin),
        // reading I/O in between, up to the send itself. Spinning the end instead
        // would save a nap's lateness (~0.1 ms, docs/performance.md), a tenth of the
        // send lag the tool allows, for about as much CPU as the request.
        if (nap && left > 0) nap(Math.min(left, NAP_MS));
        await immediate();
      }
    }
    return this.lags;
  }
}
