/**
 * A span of a trace as the analysis reads it (the span collector's spans
 * have this shape): times in ms since the epoch.
 */
export interface TraceSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  /** `<stack>-<service>`. */
  readonly service: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
}

/** A span of a trace with its children (those whose parent is in the trace). */
export interface SpanNode {
  readonly span: TraceSpan;
  readonly children: SpanNode[];
  parent: SpanNode | undefined;
  readonly depth: number;
}

/** A stretch of time on the critical path: a span's own time, or a gap no span covers. */
export interface PathSegment {
  /** The span whose own time it is; for a gap, the span it follows. */
  readonly node: SpanNode;
  readonly gap: boolean;
  readonly startMs: number;
  readonly endMs: number;
}

/** The spans of one trace as a tree under `rootId` (spans whose parent is missing hang off the root). */
export function spanTree(spans: readonly TraceSpan[], rootId: string): Map<string, SpanNode> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const nodes = new Map<string, SpanNode>();
  const depthOf = (span: TraceSpan, seen = new Set<string>()): number => {
    if (span.spanId === rootId || seen.has(span.spanId)) return 0;
    seen.add(span.spanId);
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    return 1 + (parent ? depthOf(parent, seen) : 0);
  };
  for (const span of spans)
    nodes.set(span.spanId, { span, children: [], parent: undefined, depth: depthOf(span) });
  for (const node of nodes.values()) {
    if (node.span.spanId === rootId) continue;
    const parent = nodes.get(node.span.parentSpanId ?? '') ?? nodes.get(rootId);
    if (!parent || parent === node) continue;
    node.parent = parent;
    parent.children.push(node);
  }
  return nodes;
}

/** Time in [from, to] is the node's own while it runs, a gap after it ended. */
function filler(node: SpanNode, from: number, to: number, out: PathSegment[]): void {
  const ownEnd = Math.min(to, node.span.endMs);
  if (ownEnd < to) out.push({ node, gap: true, startMs: Math.max(from, ownEnd), endMs: to });
  if (from < ownEnd) out.push({ node, gap: false, startMs: from, endMs: ownEnd });
}

/**
 * A span starts at a whole millisecond (OpenTelemetry anchors it to the
 * wall clock) and lasts a measured duration, so one that follows another may
 * seem to begin up to this much before the other ended.
 */
export const CLOCK_GRANULARITY_MS = 1;

/**
 * What a span was waiting for at `t`: of its children begun before `t`, the
 * one that ended last by then; a child still running at `t` only when none
 * had ended (a peer's clock a little ahead makes a server end after its client).
 */
function waitedFor(children: readonly SpanNode[], t: number): SpanNode | undefined {
  let ended: SpanNode | undefined;
  let running: SpanNode | undefined;
  for (const child of children) {
    if (child.span.startMs >= t) continue;
    if (child.span.endMs <= t + CLOCK_GRANULARITY_MS) {
      if (!ended || child.span.endMs > ended.span.endMs) ended = child;
    } else if (!running || child.span.startMs > running.span.startMs) running = child;
  }
  return ended ?? running;
}

/**
 * Walks back from `cursor` to the node's start: the child it waited for
 * comes first (its own path, recursively), then the cursor moves to that
 * child's start. Segments come out latest first.
 */
function walkBack(node: SpanNode, cursor: number, out: PathSegment[], done?: SpanNode): void {
  let t = cursor;
  const pending = node.children.filter((c) => c !== done);
  for (;;) {
    const best = waitedFor(pending, t);
    if (!best) break;
    pending.splice(pending.indexOf(best), 1);
    const childEnd = Math.min(best.span.endMs, t);
    if (childEnd < t) filler(node, childEnd, t, out);
    walkBack(best, childEnd, out);
    t = Math.max(best.span.startMs, node.span.startMs);
    if (t <= node.span.startMs) return;
  }
  if (t > node.span.startMs) filler(node, node.span.startMs, t, out);
}

/**
 * The critical path from the root's start to the end of `last`: walking back
 * from `last`'s end through what each span waited for, then up through its
 * ancestors, each covering what happened before the child it led to. The
 * segments tile [root start, last end] without overlap, earliest first.
 */
export function criticalPath(root: SpanNode, last: SpanNode): PathSegment[] {
  const out: PathSegment[] = [];
  walkBack(last, last.span.endMs, out);
  let t = last.span.startMs;
  for (let node = last; node.parent; node = node.parent) {
    walkBack(node.parent, t, out, node);
    t = Math.min(t, node.parent.span.startMs);
  }
  if (t > root.span.startMs) filler(root, root.span.startMs, t, out);
  return out.reverse();
}
