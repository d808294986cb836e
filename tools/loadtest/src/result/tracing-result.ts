import type { Variant } from '@lab/domain';

/**
 * Where the time of one order went, read off its trace: the article's
 * timeline of phone calls against text messages, measured.
 */

/**
 * What a stretch of an order's time was: the simulated provider (the bank,
 * the mail service), the stack's own work, a hop between processes (a gRPC
 * call's wire and queueing, a Redis round trip, a publish), a wait in a
 * queue (JetStream, BullMQ, the outbox, the edge's pool), or a gap no span covers.
 */
export type TimeKind = 'provider' | 'processing' | 'hop' | 'queue' | 'untraced';

export const TIME_KINDS: readonly TimeKind[] = [
  'provider',
  'processing',
  'hop',
  'queue',
  'untraced',
];

/** One stretch of the critical path. Times in ms from the order's accept (its edge span's start). */
export interface WaterfallPart {
  readonly name: string;
  /** The process: `<stack>-<service>`. */
  readonly service: string;
  readonly kind: TimeKind;
  readonly startMs: number;
  readonly durationMs: number;
}

/** One span of the order's trace, as the waterfall draws it. */
export interface WaterfallRow {
  readonly name: string;
  readonly service: string;
  /** What the span's own time is (a gRPC client span is a hop, a simulator span the provider…). */
  readonly kind: TimeKind;
  readonly startMs: number;
  readonly durationMs: number;
  /** Nesting under the edge's span (0). */
  readonly depth: number;
  /** Some of its own time is on the critical path. */
  readonly critical: boolean;
}

/** The critical path's time by kind, ms; the stack's own time is all but the provider's. */
export interface TimeTotals {
  readonly providerMs: number;
  readonly processingMs: number;
  readonly hopMs: number;
  readonly queueMs: number;
  readonly untracedMs: number;
  /** processing + hop + queue + untraced. */
  readonly stackMs: number;
}

export interface Waterfall {
  /** Which order of the run this is: the one nearest the completion p50, or the p99. */
  readonly pick: 'p50' | 'p99';
  readonly orderId: string;
  readonly traceId: string;
  /** The tool's own measures of the order, from its intended send time (ms). */
  readonly acceptedMs: number;
  readonly completedMs: number;
  /** The run's completion percentile the order was picked for (ms). */
  readonly targetMs: number;
  /** The critical path's parts summed: from the accept to the last effect (or the answer). */
  readonly tracedMs: number;
  /** tracedMs ÷ completedMs. */
  readonly ratio: number;
  /** The largest |1 − ratio| the sum check allows. */
  readonly tolerance: number;
  /** |1 − ratio| ≤ tolerance: the parts account for the measured completion. */
  readonly sumHolds: boolean;
  readonly totals: TimeTotals;
  /** The critical path, earliest first; consecutive stretches of one span merged. */
  readonly path: readonly WaterfallPart[];
  /** The trace's spans in start order (the critical ones first when there are too many to draw). */
  readonly rows: readonly WaterfallRow[];
  /** Spans in the trace (rows may hold fewer). */
  readonly spans: number;
}

/** A traced variant's run: its waterfalls and how many orders it traced. */
export interface WhereTheTimeWent {
  /** Confirmed orders whose trace the tool received. */
  readonly tracedOrders: number;
  /** Spans received for the run, and refused for lack of room. */
  readonly spans: number;
  readonly droppedSpans: number;
  readonly p50: Waterfall | null;
  readonly p99: Waterfall | null;
  /** Why a waterfall is missing. */
  readonly note?: string;
}

/** A figure over a variant's repeats: its median, and the spread. */
export interface RepeatFigure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Each repeat's value, in the order they ran. */
  readonly values: readonly number[];
}

/**
 * What tracing costs an answer: accepted p50 of the runs with tracing on
 * against the runs without, alternated on fresh stacks (ms).
 */
export interface TracingOverhead {
  readonly metric: 'accepted.p50';
  readonly untraced: RepeatFigure;
  readonly traced: RepeatFigure;
  /** traced.median − untraced.median. */
  readonly deltaMs: number;
  /** deltaMs ÷ untraced.median; null when that is 0. */
  readonly change: number | null;
}

/** One variant's traced runs. */
export interface VariantTracing {
  readonly variant: Variant;
  /** Runs with tracing on. */
  readonly repeats: number;
  /** Of its traced run with the median accepted p50 (the last traced run that has one, when none does). */
  readonly whereTheTimeWent: WhereTheTimeWent;
  /** Null when the variant had no untraced run to compare with. */
  readonly overhead: TracingOverhead | null;
  /** The traced runs kept every promise too. */
  readonly promisesKept: boolean;
}

/**
 * A scenario's traced runs: run beside its untraced ones (alternated, each
 * on a fresh stack), so the figures, thresholds and verdict above come from
 * untraced stacks, and tracing's cost is measured against them.
 */
export interface ScenarioTracing {
  /** The share of orders traced (LAB_TRACE_SAMPLE_RATIO). */
  readonly sampleRatio: number;
  readonly variants: readonly VariantTracing[];
}
