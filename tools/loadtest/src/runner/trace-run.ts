/**
 * A traced run: its stacks export their spans to the tool's own collector,
 * and once the run has drained, its median and p99 orders (by completion)
 * are drawn from their traces: where the time went.
 */
import { buildWaterfall } from '../analysis/waterfall.js';
import { pickTracedOrders, type OrderTimes, type TracedPick } from '../analysis/trace-picks.js';
import { startSpanCollector, type SpanCollector } from '../probes/span-collector.js';
import type { LatencySummary, Waterfall, WhereTheTimeWent } from '../result/index.js';

/** A traced stack exports what ended within this: the drawing waits for a few of these of quiet. */
export const TRACED_EXPORT_DELAY_MS = 250;
/** Quiet, in export delays, after which every process has sent what had ended. */
const QUIET_EXPORT_DELAYS = 4;
/** Longest wait for the spans of a drained run. */
const SETTLE_TIMEOUT_MS = 30_000;
/**
 * Spans the collector holds at most (about 1 KiB each): a seed-checkout run
 * of 650 orders sends about 40,000; a longer run past it should trace a sample.
 */
const MAX_SPANS = 300_000;
/** Largest export taken: a batch of the stacks' 512 spans is well under a MiB. */
const EXPORT_LIMIT_BYTES = 16 * 1024 * 1024;

export interface RunTracing {
  readonly collector: SpanCollector;
  /** Share of orders traced. */
  readonly sampleRatio: number;
}

/** Starts the collector a scenario's traced runs export to. */
export async function openTracing(sampleRatio: number): Promise<RunTracing> {
  const collector = await startSpanCollector({
    maxSpans: MAX_SPANS,
    bodyLimitBytes: EXPORT_LIMIT_BYTES,
  });
  return { collector, sampleRatio };
}

/** The settings that make a stack trace, to the collector. */
export function tracingSettings(tracing: RunTracing): Record<string, string | number> {
  return {
    LAB_TRACING: 'otlp',
    LAB_OTLP_ENDPOINT: tracing.collector.endpoint,
    LAB_TRACE_SAMPLE_RATIO: tracing.sampleRatio,
    LAB_TRACE_EXPORT_DELAY_MS: TRACED_EXPORT_DELAY_MS,
  };
}

function notesOf(settled: boolean, dropped: number, drawn: number): string | undefined {
  const notes = [
    ...(settled ? [] : [`spans still arriving ${SETTLE_TIMEOUT_MS / 1000} s after the drain`]),
    ...(dropped
      ? [`the collector was full and refused ${dropped} spans: trace a sample (--trace-sample)`]
      : []),
    ...(drawn === 0 ? ['no confirmed order of the steady window was traced'] : []),
  ];
  return notes.length ? notes.join('; ') : undefined;
}

/**
 * After a traced run has drained: waits until its stacks have exported what
 * ended, draws the traced orders nearest the run's completion p50 and p99,
 * and forgets the run's spans.
 */
export async function whereTheTimeWent(
  tracing: RunTracing,
  orders: readonly OrderTimes[],
  completed: LatencySummary,
): Promise<WhereTheTimeWent> {
  const { collector } = tracing;
  const settled = await collector.settle(
    QUIET_EXPORT_DELAYS * TRACED_EXPORT_DELAY_MS,
    SETTLE_TIMEOUT_MS,
  );
  const traced = collector.tracedOrders();
  const picks = pickTracedOrders(orders, (id) => traced.has(id), completed);
  const draw = (pick: 'p50' | 'p99', order: TracedPick | undefined): Waterfall | null => {
    const traceId = order && collector.traceOf(order.orderId);
    if (!order || !traceId) return null;
    return buildWaterfall({ pick, ...order, spans: collector.trace(traceId) }) ?? null;
  };
  const result = {
    tracedOrders: orders.filter((o) => traced.has(o.orderId)).length,
    spans: collector.received,
    droppedSpans: collector.dropped,
    p50: draw('p50', picks.p50),
    p99: draw('p99', picks.p99),
  };
  const note = notesOf(settled, result.droppedSpans, result.tracedOrders);
  collector.clear();
  return note ? { ...result, note } : result;
}
