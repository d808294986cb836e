import hdr from 'hdr-histogram-js';
import type { Ceiling, LatencySummary, LittlesLaw, TimelinePoint } from '../result/index.js';

/** Latencies are recorded in microseconds, so sub-millisecond accepts keep their precision. */
const US_PER_MS = 1000;
/** Distribution chart buckets, upper bounds in ms: roughly 4 per decade from 0.1 ms to 10 min. */
const DISTRIBUTION_BOUNDS_MS = Array.from({ length: 28 }, (_, i) =>
  Number((0.1 * 10 ** (i / 4)).toPrecision(2)),
);
/** Little's law holds within this share. */
const LITTLE_TOLERANCE = 0.05;

/**
 * Requests in flight, and their number integrated over a window (ms ×
 * requests, from the actual sends and answers): Little's law's L × T.
 */
export class InFlight {
  private last: number;
  count = 0;
  area = 0;

  constructor(
    private readonly from: number,
    private readonly to: number,
    start = from,
  ) {
    this.last = start;
  }

  /** `delta` requests left (+) or were answered (−) at `at`; 0 closes the integral up to `at`. */
  change(delta: number, at: number): void {
    const from = Math.max(this.last, this.from);
    const to = Math.min(at, this.to);
    if (to > from) this.area += this.count * (to - from);
    this.last = at;
    this.count += delta;
  }
}

/** An HDR histogram of latencies in ms. */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
  private sum = 0;
  private readonly buckets = new Array<number>(DISTRIBUTION_BOUNDS_MS.length).fill(0);

  record(ms: number): void {
    const us = Math.max(1, Math.round(ms * US_PER_MS));
    this.histogram.recordValue(us);
    this.sum += ms;
    const i = DISTRIBUTION_BOUNDS_MS.findIndex((bound) => ms <= bound);
    this.buckets[i < 0 ? this.buckets.length - 1 : i]!++;
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    const n = this.histogram.totalCount;
    const at = (p: number) => (n === 0 ? 0 : this.histogram.getValueAtPercentile(p) / US_PER_MS);
    return {
      count: n,
      mean: n === 0 ? 0 : this.sum / n,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
      max: n === 0 ? 0 : this.histogram.maxValue / US_PER_MS,
    };
  }

  /** The whole histogram, compressed and base64 (µs), as HdrHistogram's log lines carry it. */
  encoded(): string {
    return hdr.encodeIntoCompressedBase64(this.histogram);
  }

  /** [upper bound ms, count] for the distribution charts; the last bucket takes everything above. */
  distribution(): [number, number][] {
    return DISTRIBUTION_BOUNDS_MS.map((bound, i) => [bound, this.buckets[i]!]);
  }

  destroy(): void {
    this.histogram.destroy();
  }
}

interface Second {
  offered: number;
  achieved: number;
  completed: number;
  errors: Record<string, number>;
  accepted: number[];
  completedMs: number[];
  inFlight: number;
  incomplete: number;
  backlog: number | null;
}

const pct = (values: number[], q: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

/** Per-second series of one variant's run, on the tool's own clock. */
export class Timeline {
  private readonly seconds: Second[] = [];

  constructor(private readonly warmupS: number) {}

  private at(t: number): Second {
    const i = Math.max(0, Math.floor(t / 1000));
    while (this.seconds.length <= i) {
      this.seconds.push({
        offered: 0,
        achieved: 0,
        completed: 0,
        errors: {},
        accepted: [],
        completedMs: [],
        inFlight: 0,
        incomplete: 0,
        backlog: null,
      });
    }
    return this.seconds[i]!;
  }

  offered(t: number): void {
    this.at(t).offered++;
  }

  answered(t: number, latencyMs: number, error?: string): void {
    const s = this.at(t);
    s.achieved++;
    s.accepted.push(latencyMs);
    if (error) s.errors[error] = (s.errors[error] ?? 0) + 1;
  }

  completed(t: number, latencyMs: number): void {
    const s = this.at(t);
    s.completed++;
    s.completedMs.push(latencyMs);
  }

  sample(t: number, inFlight: number, incomplete: number, backlog: number | null): void {
    const s = this.at(t);
    s.inFlight = inFlight;
    s.incomplete = incomplete;
    s.backlog = backlog;
  }

  points(): TimelinePoint[] {
    return this.seconds.map((s, t) => ({
      t,
      warmup: t < this.warmupS,
      offered: s.offered,
      achieved: s.achieved,
      completed: s.completed,
      errors: s.errors,
      inFlight: s.inFlight,
      incomplete: s.incomplete,
      acceptedP50: pct(s.accepted, 0.5),
      acceptedP99: pct(s.accepted, 0.99),
      completedP50: pct(s.completedMs, 0.5),
      completedP99: pct(s.completedMs, 0.99),
      backlog: s.backlog,
    }));
  }
}

/**
 * Little's law on the steady part of a run: the time-averaged number in
 * flight against answers per second × mean latency of those answers.
 */
export function littlesLaw(
  meanInFlight: number,
  rate: number,
  meanLatencyMs: number,
): LittlesLaw | null {
  if (rate <= 0 || meanLatencyMs <= 0) return null;
  const predicted = rate * (meanLatencyMs / 1000);
  const ratio = meanInFlight / predicted;
  return {
    meanInFlight,
    rate,
    meanLatencyS: meanLatencyMs / 1000,
    predicted,
    ratio,
    holds: Math.abs(ratio - 1) <= LITTLE_TOLERANCE,
  };
}

/** Below this many, unfinished orders are the noise of a ramp, not a stack falling behind. */
const MIN_FALLING_BEHIND = 20;

/**
 * The ceiling of a ramped run: walking the steady seconds in order, the
 * highest rate achieved in a second that kept the level, before the level
 * broke in two seconds in a row (p99 over the limit, an outage error, under
 * 90 % of the offer answered, or more accepted orders unfinished than a second
 * of arrivals, beyond those meant to be unfinished: an edge that accepts faster than the work behind it completes
 * is not keeping up, it is queueing). One second over the level alone, a GC
 * pause or the scheduler of a shared machine, is kept as `isolated`.
 */
export function ceilingOf(
  timeline: readonly TimelinePoint[],
  acceptedP99Ms: number,
  businessErrors: ReadonlySet<string>,
  loadEndS: number,
  /** Seconds an accepted order is unfinished by design (a charge settled later by webhook). */
  inFlightS = 0,
): Ceiling {
  let rate = 0;
  let pending: { t: number; why: string } | undefined;
  const isolated: number[] = [];
  for (const p of timeline) {
    if (p.warmup || p.t + 1 > loadEndS) continue;
    const outage = Object.entries(p.errors)
      .filter(([reason]) => !businessErrors.has(reason))
      .reduce((n, [, c]) => n + c, 0);
    const why =
      outage > 0
        ? `${outage} error answers`
        : p.acceptedP99 !== null && p.acceptedP99 > acceptedP99Ms
          ? `accepted p99 ${Math.round(p.acceptedP99)} ms > ${acceptedP99Ms} ms`
          : p.achieved < 0.9 * p.offered
            ? `answered ${p.achieved} of ${p.offered} offered`
            : p.incomplete > Math.max(p.offered * (1 + inFlightS), MIN_FALLING_BEHIND)
              ? `completions fell behind: ${p.incomplete} accepted orders unfinished (more than ${inFlightS ? `${1 + inFlightS} s` : 'a second'} of arrivals)`
              : null;
    if (why && pending) {
      return {
        rate,
        brokeAtS: pending.t,
        why: `${pending.why} at second ${pending.t}, ${why} at second ${p.t}`,
        acceptedP99Ms,
        isolated,
      };
    }
    if (why) {
      pending = { t: p.t, why };
      continue;
    }
    if (pending) isolated.push(pending.t);
    pending = undefined;
    rate = Math.max(rate, p.achieved);
  }
  if (pending) isolated.push(pending.t);
  return { rate, brokeAtS: null, why: 'held to the top of the ramp', acceptedP99Ms, isolated };
}
