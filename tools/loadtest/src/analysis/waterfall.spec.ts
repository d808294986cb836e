import { describe, expect, it } from 'vitest';
import type { TraceSpan } from './critical-path.js';
import { MAX_WATERFALL_ROWS, buildWaterfall } from './waterfall.js';

const T0 = 1_800_000_000_000;
let next = 0;
/** A span of trace `t1`, times in ms from T0. */
function span(
  name: string,
  start: number,
  end: number,
  options: {
    kind?: TraceSpan['kind'];
    parent?: TraceSpan;
    service?: string;
    attributes?: Record<string, string | number | boolean>;
  } = {},
): TraceSpan {
  return {
    traceId: 't1'.padEnd(32, '0'),
    spanId: (next++).toString(16).padStart(16, '0'),
    ...(options.parent ? { parentSpanId: options.parent.spanId } : {}),
    name,
    kind: options.kind ?? 'internal',
    service: options.service ?? 'sync-gateway',
    startMs: T0 + start,
    endMs: T0 + end,
    attributes: options.attributes ?? {},
  };
}
const edge = (end: number, orderId = 'o1') =>
  span('POST /checkout', 0, end, { kind: 'server', attributes: { 'lab.order_id': orderId } });
const simulate = (step: string, start: number, end: number, parent: TraceSpan) =>
  span(`simulate ${step}`, start, end, {
    parent,
    attributes: { 'lab.simulated': true, 'lab.step': step },
  });
const effect = (start: number, end: number, parent: TraceSpan) =>
  span('redis effects.record', start, end, {
    kind: 'client',
    parent,
    attributes: { 'db.operation.name': 'effects.record' },
  });
const input = (spans: TraceSpan[], completedMs: number) => ({
  pick: 'p50' as const,
  orderId: 'o1',
  spans,
  acceptedMs: completedMs,
  completedMs,
  targetMs: completedMs,
});
const summary = (
  parts: readonly { name: string; kind: string; startMs: number; durationMs: number }[],
) => parts.map((p) => `${p.kind} ${p.name} ${p.startMs}+${p.durationMs}`);

/** A sync order: two gRPC calls in sequence under the edge, each with a simulated provider. */
function syncOrder() {
  const root = edge(100);
  const create = span('redis order.create', 1, 2, { kind: 'client', parent: root });
  const call1 = span('Payment/Charge', 2, 40, { kind: 'client', parent: root });
  const server1 = span('Payment/Charge', 5, 38, {
    kind: 'server',
    parent: call1,
    service: 'sync-payment',
  });
  const sim1 = simulate('chargeCard', 6, 36, server1);
  const call2 = span('Notification/SendEmail', 40, 99, { kind: 'client', parent: root });
  const server2 = span('Notification/SendEmail', 42, 97, { kind: 'server', parent: call2 });
  const sim2 = simulate('sendEmail', 43, 93, server2);
  const record = effect(93, 96, server2);
  return [root, create, call1, server1, sim1, call2, server2, sim2, record];
}

describe('buildWaterfall', () => {
  it("tiles a sync order's answer with its steps in sequence, the provider's time apart", () => {
    const w = buildWaterfall(input(syncOrder(), 102))!;
    expect(summary(w.path)).toEqual([
      'processing POST /checkout 0+1',
      'hop redis order.create 1+1',
      'hop Payment/Charge 2+3',
      'processing Payment/Charge 5+1',
      'provider simulate chargeCard 6+30',
      'processing Payment/Charge 36+2',
      'hop Payment/Charge 38+2',
      'hop Notification/SendEmail 40+2',
      'processing Notification/SendEmail 42+1',
      'provider simulate sendEmail 43+50',
      'hop redis effects.record 93+3',
      'processing Notification/SendEmail 96+1',
      'hop Notification/SendEmail 97+2',
      'processing POST /checkout 99+1',
    ]);
    expect(w.tracedMs).toBe(100);
    expect(w.totals).toEqual({
      providerMs: 80,
      processingMs: 7,
      hopMs: 13,
      queueMs: 0,
      untracedMs: 0,
      stackMs: 20,
    });
    expect(w.ratio).toBeCloseTo(100 / 102, 10);
    expect(w.sumHolds).toBe(true);
  });

  it('fails the sum check when the parts explain less than the measured completion', () => {
    const w = buildWaterfall(input(syncOrder(), 120))!;
    expect(w.ratio).toBeCloseTo(100 / 120, 10);
    expect(w.sumHolds).toBe(false);
  });

  it('follows an async order past its answer to the last effect, through the queue waits', () => {
    const root = edge(10);
    const publish = span('publish placed', 5, 8, { kind: 'producer', parent: root });
    const wait = span('wait placed', 6, 20, {
      parent: publish,
      attributes: { 'lab.queue_wait': true },
    });
    const consume = span('process placed', 22, 60, {
      kind: 'consumer',
      parent: wait,
      service: 'async-inventory',
    });
    const sim = simulate('reserveItems', 25, 55, consume);
    const record = effect(56, 58, consume);
    // A second consumer of the same event, done earlier: not on the path.
    const wait2 = span('wait placed', 6, 15, {
      parent: publish,
      attributes: { 'lab.queue_wait': true },
    });
    const other = span('process placed', 15, 30, { kind: 'consumer', parent: wait2 });
    const otherRecord = effect(28, 29, other);
    const w = buildWaterfall(
      input([root, publish, wait, consume, sim, record, wait2, other, otherRecord], 60),
    )!;
    expect(summary(w.path)).toEqual([
      'processing POST /checkout 0+5',
      'hop publish placed 5+1',
      'queue wait placed 6+14',
      'untraced after wait placed 20+2',
      'processing process placed 22+3',
      'provider simulate reserveItems 25+30',
      'processing process placed 55+1',
      'hop redis effects.record 56+2',
    ]);
    expect(w.tracedMs).toBe(58);
    expect(w.totals.queueMs).toBe(14);
    expect(w.totals.untracedMs).toBe(2);
    expect(w.rows.find((r) => r.startMs === 15)!.critical).toBe(false);
    expect(w.rows.find((r) => r.startMs === 22)!).toMatchObject({ critical: true, depth: 3 });
  });

  it('takes a span that ends within the clock granularity after the next one starts as its predecessor', () => {
    const root = edge(30);
    const sim = simulate('checkInventory', 1, 10.4, root);
    const levels = span('redis stock.levels', 10, 12, { kind: 'client', parent: root });
    const w = buildWaterfall(input([root, sim, levels], 30))!;
    expect(summary(w.path).slice(0, 3)).toEqual([
      'processing POST /checkout 0+1',
      'provider simulate checkInventory 1+9',
      'hop redis stock.levels 10+2',
    ]);
  });

  it('draws every span, nested, and marks the ones on the critical path', () => {
    const w = buildWaterfall(input(syncOrder(), 100))!;
    expect(w.rows).toHaveLength(9);
    expect(w.rows.map((r) => [r.name, r.depth, r.critical])).toContainEqual([
      'simulate chargeCard',
      3,
      true,
    ]);
    expect(w.rows[0]).toMatchObject({
      name: 'POST /checkout',
      startMs: 0,
      durationMs: 100,
      depth: 0,
    });
  });

  it('keeps the critical spans first when a trace has more than it draws', () => {
    const root = edge(10);
    // Spans running side by side: one of them is on the path, the others not.
    const noise = Array.from({ length: MAX_WATERFALL_ROWS + 10 }, (_, i) =>
      span(`redis ${i}`, 0.1, 0.2 + 0.001 * i, { kind: 'client', parent: root }),
    );
    const late = simulate('sendEmail', 5, 9, root);
    const w = buildWaterfall(input([root, ...noise, late], 10))!;
    expect(w.rows).toHaveLength(MAX_WATERFALL_ROWS);
    expect(w.rows.map((r) => r.name)).toContain('simulate sendEmail');
    expect(w.rows.map((r) => r.name)).toContain(`redis ${MAX_WATERFALL_ROWS + 9}`);
    expect(w.spans).toBe(MAX_WATERFALL_ROWS + 12);
  });

  it('has no waterfall for a trace whose edge span does not name the order', () => {
    expect(buildWaterfall({ ...input(syncOrder(), 100), orderId: 'another' })).toBeUndefined();
  });
});
