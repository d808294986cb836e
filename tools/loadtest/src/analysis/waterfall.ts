import { LEDGER_OPERATIONS } from '@lab/ledger';
import { SPAN_ATTRIBUTES } from '@lab/telemetry';
import type {
  TimeKind,
  TimeTotals,
  Waterfall,
  WaterfallPart,
  WaterfallRow,
} from '../result/index.js';
import {
  criticalPath,
  spanTree,
  type PathSegment,
  type SpanNode,
  type TraceSpan,
} from './critical-path.js';

/** The largest |1 − traced ÷ measured| at which the parts account for the order's completion. */
export const SUM_TOLERANCE = 0.05;
/** Rows a waterfall keeps at most (the critical ones first): enough for a seed order's trace. */
export const MAX_WATERFALL_ROWS = 120;

/** What a span's own time is. */
export function timeKindOf(span: TraceSpan): TimeKind {
  if (span.attributes[SPAN_ATTRIBUTES.simulated] === true) return 'provider';
  if (span.attributes[SPAN_ATTRIBUTES.queueWait] === true) return 'queue';
  return span.kind === 'client' || span.kind === 'producer' ? 'hop' : 'processing';
}

/**
 * The span the order ends with: the edge's, or the one that applied its last
 * effect when that ended later (an effect applied after the answer: async,
 * hybrid). Its end is when the tool saw the order complete.
 */
function lastOf(root: SpanNode, nodes: Iterable<SpanNode>): SpanNode {
  let last = root;
  for (const node of nodes) {
    const recordsEffect =
      node.span.attributes['db.operation.name'] === LEDGER_OPERATIONS.recordEffect;
    if (recordsEffect && node.span.endMs > last.span.endMs) last = node;
  }
  return last;
}

/** Segments as parts (ms from the accept), consecutive stretches of one span and kind merged. */
function partsOf(segments: readonly PathSegment[], origin: number): WaterfallPart[] {
  const parts: WaterfallPart[] = [];
  for (const segment of segments) {
    const kind: TimeKind = segment.gap ? 'untraced' : timeKindOf(segment.node.span);
    const name = segment.gap ? `after ${segment.node.span.name}` : segment.node.span.name;
    const previous = parts.at(-1);
    const durationMs = segment.endMs - segment.startMs;
    if (
      previous &&
      previous.name === name &&
      previous.kind === kind &&
      previous.service === segment.node.span.service
    ) {
      parts[parts.length - 1] = { ...previous, durationMs: previous.durationMs + durationMs };
      continue;
    }
    parts.push({
      name,
      service: segment.node.span.service,
      kind,
      startMs: segment.startMs - origin,
      durationMs,
    });
  }
  return parts;
}

export function totalsOf(parts: readonly WaterfallPart[]): TimeTotals {
  const sum = (kind: TimeKind) =>
    parts.filter((p) => p.kind === kind).reduce((n, p) => n + p.durationMs, 0);
  const [providerMs, processingMs, hopMs, queueMs, untracedMs] = (
    ['provider', 'processing', 'hop', 'queue', 'untraced'] as const
  ).map(sum) as [number, number, number, number, number];
  return {
    providerMs,
    processingMs,
    hopMs,
    queueMs,
    untracedMs,
    stackMs: processingMs + hopMs + queueMs + untracedMs,
  };
}

function rowsOf(
  nodes: Iterable<SpanNode>,
  critical: ReadonlySet<SpanNode>,
  origin: number,
): WaterfallRow[] {
  const all = [...nodes].map((node) => ({
    node,
    row: {
      name: node.span.name,
      service: node.span.service,
      kind: timeKindOf(node.span),
      startMs: node.span.startMs - origin,
      durationMs: node.span.endMs - node.span.startMs,
      depth: node.depth,
      critical: critical.has(node),
    },
  }));
  const kept =
    all.length <= MAX_WATERFALL_ROWS
      ? all
      : [...all.filter((r) => r.row.critical), ...all.filter((r) => !r.row.critical)].slice(
          0,
          MAX_WATERFALL_ROWS,
        );
  return kept.map((r) => r.row).sort((a, b) => a.startMs - b.startMs || a.depth - b.depth);
}

export interface WaterfallInput {
  readonly pick: 'p50' | 'p99';
  readonly orderId: string;
  /** The order's trace: its edge span (the root) and everything under it. */
  readonly spans: readonly TraceSpan[];
  readonly acceptedMs: number;
  readonly completedMs: number;
  readonly targetMs: number;
}

/**
 * Where one order's time went: its critical path, from the accept (the edge
 * span's start) to the last effect, in parts by kind, the sum of the parts
 * held against the completion the tool measured, and every span to draw.
 * Undefined when the trace has no edge span naming the order.
 */
export function buildWaterfall(input: WaterfallInput): Waterfall | undefined {
  const rootSpan = input.spans.find(
    (s) =>
      s.kind === 'server' &&
      !s.parentSpanId &&
      s.attributes[SPAN_ATTRIBUTES.orderId] === input.orderId,
  );
  if (!rootSpan) return undefined;
  const nodes = spanTree(input.spans, rootSpan.spanId);
  const root = nodes.get(rootSpan.spanId)!;
  const segments = criticalPath(root, lastOf(root, nodes.values()));
  const path = partsOf(segments, rootSpan.startMs);
  const tracedMs = path.reduce((n, p) => n + p.durationMs, 0);
  const ratio = input.completedMs > 0 ? tracedMs / input.completedMs : 0;
  return {
    pick: input.pick,
    orderId: input.orderId,
    traceId: rootSpan.traceId,
    acceptedMs: input.acceptedMs,
    completedMs: input.completedMs,
    targetMs: input.targetMs,
    tracedMs,
    ratio,
    tolerance: SUM_TOLERANCE,
    sumHolds: Math.abs(1 - ratio) <= SUM_TOLERANCE,
    totals: totalsOf(path),
    path,
    rows: rowsOf(
      nodes.values(),
      new Set(segments.filter((s) => !s.gap).map((s) => s.node)),
      rootSpan.startMs,
    ),
    spans: input.spans.length,
  };
}
