/**
 * The words and rows of "where the time went" that every printer shares:
 * what a waterfall's parts add up to, the order's timeline in steps, and
 * what tracing cost an answer. Pure functions of the result.
 */
import type {
  ScenarioResult,
  TimeKind,
  TracingOverhead,
  VariantTracing,
  Waterfall,
  WaterfallPart,
} from '../../result/index.js';
import { MISSING, formatCount, formatDeviation, formatMs, formatPercent } from './format.js';

/** What each kind of time is called in the report. */
export const TIME_KIND_LABELS: Readonly<Record<TimeKind, string>> = {
  provider: 'simulated provider',
  processing: 'the stack at work',
  hop: 'hops (gRPC, Redis, publish)',
  queue: 'queue waits',
  untraced: 'between spans',
};

const RPC_PACKAGE = /^shop\.\w+\.v\d+\./;
/** BullMQ names a job's spans after the job, and the queue names a job with a one-off token. */
const JOB_TOKEN = /\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A span's name as a person reads it: `PaymentService/Charge`, `add async-email`. */
export function spanLabel(name: string): string {
  return name.replace(RPC_PACKAGE, '').replace(JOB_TOKEN, '');
}

export function pickLabel(w: Pick<Waterfall, 'pick'>): string {
  return w.pick === 'p50' ? 'median order' : 'p99 order';
}

/** "3.64 s of 3.65 s measured (99.7 %): within 5 %" — the sum check in words. */
export function sumCheckLine(w: Waterfall): string {
  const verdict = w.sumHolds
    ? `within ${formatPercent(w.tolerance)}`
    : `off by more than ${formatPercent(w.tolerance)}`;
  return `parts ${formatMs(w.tracedMs)} of ${formatMs(w.completedMs)} measured (${formatPercent(w.ratio)}): ${verdict}`;
}

/** The provider's time apart from the stack's own, and what the stack's own was made of. */
export function totalsLine(w: Waterfall): string {
  const t = w.totals;
  return (
    `${TIME_KIND_LABELS.provider} ${formatMs(t.providerMs)}, the stack's own ${formatMs(t.stackMs)}` +
    ` (at work ${formatMs(t.processingMs)}, hops ${formatMs(t.hopMs)}, queue waits ${formatMs(t.queueMs)}, between spans ${formatMs(t.untracedMs)})`
  );
}

/** One stretch of the order's timeline: a provider's step, a queue wait, or the stack's own time between them. */
export interface TimelineStep {
  readonly label: string;
  readonly kind: 'provider' | 'queue' | 'stack';
  readonly startMs: number;
  readonly durationMs: number;
}

/**
 * The critical path in the article's terms: each simulated step and each
 * queue wait in order, with the stack's own time between them summed (its
 * work, hops and gaps), so a seven-step sync order reads as seven steps.
 */
export function timelineSteps(path: readonly WaterfallPart[]): TimelineStep[] {
  const steps: TimelineStep[] = [];
  for (const part of path) {
    const kind = part.kind === 'provider' || part.kind === 'queue' ? part.kind : 'stack';
    const label =
      kind === 'stack'
        ? "the stack's own"
        : spanLabel(part.name)
            .replace(/^simulate /, '')
            .replace(/^wait /, 'wait: ');
    const last = steps.at(-1);
    if (last && last.kind === kind && last.label === label) {
      steps[steps.length - 1] = { ...last, durationMs: last.durationMs + part.durationMs };
    } else {
      steps.push({ label, kind, startMs: part.startMs, durationMs: part.durationMs });
    }
  }
  return steps;
}

/** "validatePayment 200 ms → the stack's own 3 ms → …". */
export function timelineLine(path: readonly WaterfallPart[]): string {
  return timelineSteps(path)
    .map((s) => `${s.label} ${formatMs(s.durationMs)}`)
    .join(' → ');
}

/** The waterfalls of a scenario's traced runs, in variant order: [variant, waterfall]. */
export function waterfallsOf(scenario: ScenarioResult): [VariantTracing, Waterfall][] {
  return (scenario.tracing?.variants ?? []).flatMap((v) =>
    [v.whereTheTimeWent.p50, v.whereTheTimeWent.p99]
      .filter((w): w is Waterfall => w !== null)
      .map((w): [VariantTracing, Waterfall] => [v, w]),
  );
}

/** How the traced runs ran, for the caption above the waterfalls. */
export function tracingCaption(scenario: ScenarioResult): string | null {
  const t = scenario.tracing;
  if (!t) return null;
  const share =
    t.sampleRatio >= 1 ? 'every order traced' : `${formatPercent(t.sampleRatio)} of orders traced`;
  const repeats = [...new Set(t.variants.map((v) => v.repeats))].join(' or ');
  return (
    `Each variant ran ${repeats} time(s) more with tracing on (${share}), alternated with its untraced runs on fresh stacks; ` +
    'the figures above are the untraced ones. Of its traced run with the median accepted p50, the orders nearest the completion p50 and p99 are drawn: ' +
    "every span from the accept (0 ms), the critical path in full colour; the simulated provider apart from the stack's own time. " +
    "The sum check holds the critical path's parts against the completion the tool measured."
  );
}

/** Notes of the traced runs: a variant with no waterfall, a collector that filled. */
export function tracingNotes(scenario: ScenarioResult): string[] {
  return (scenario.tracing?.variants ?? []).flatMap((v) => [
    ...(v.whereTheTimeWent.note ? [`${v.variant}: ${v.whereTheTimeWent.note}`] : []),
    ...(v.promisesKept
      ? []
      : [`${v.variant}: a traced run broke a promise (its accounting is in report.json)`]),
  ]);
}

export interface OverheadRow {
  readonly variant: string;
  readonly untraced: string;
  readonly traced: string;
  readonly delta: string;
  readonly change: string;
}

function spread(f: TracingOverhead['traced']): string {
  return f.values.length > 1
    ? `${formatMs(f.median)} (${formatMs(f.min)}–${formatMs(f.max)})`
    : formatMs(f.median);
}

/** Accepted p50 with tracing off and on, per variant: the median of its repeats, and the spread. */
export function overheadRows(scenario: ScenarioResult): OverheadRow[] {
  return (scenario.tracing?.variants ?? []).map((v) => {
    const o = v.overhead;
    return {
      variant: v.variant,
      untraced: o ? spread(o.untraced) : MISSING,
      traced: o ? spread(o.traced) : MISSING,
      delta: o ? `${o.deltaMs >= 0 ? '+' : ''}${formatMs(o.deltaMs)}` : MISSING,
      change: o?.change != null ? formatDeviation(o.change) : MISSING,
    };
  });
}

/** "12,345 spans from 650 traced orders". */
export function spansLine(v: VariantTracing): string {
  const w = v.whereTheTimeWent;
  return `${formatCount(w.spans)} spans from ${formatCount(w.tracedOrders)} traced orders`;
}
