import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@lab/brokers';
import type { Variant } from '@lab/domain';
import {
  CompletionTracker,
  buildWaterfall,
  startSpanCollector,
  type CollectedSpan,
  type SpanCollector,
  type Waterfall,
} from '@lab/loadtest';
import {
  checkoutBody,
  post,
  startLab,
  waitForHealthy,
  waitForSettled,
  type Lab,
} from './support.js';

/**
 * Every variant with tracing on, exporting to the load tool's own collector:
 * one order's trace, and where its time went. The seed profile at half its
 * length keeps the steps long next to the stack's own time, so the sum check
 * measures the trace, not the machine's noise.
 */
const TIME_SCALE = 0.5;
const EXPORT_DELAY_MS = 100;
const SETTLE = { quietMs: 4 * EXPORT_DELAY_MS, timeoutMs: 15_000 };
const TIMEOUT = 120_000;

let collector: SpanCollector;
beforeAll(async () => {
  collector = await startSpanCollector({ maxSpans: 100_000, bodyLimitBytes: 16 * 1024 * 1024 });
});
let collectorOpen = true;
afterAll(async () => {
  if (collectorOpen) await collector?.close();
});

async function tracedLab(variant: Variant): Promise<Lab> {
  const lab = await startLab(variant, {
    LAB_PROFILE: 'seed',
    LAB_TIME_SCALE: TIME_SCALE,
    LAB_TRACING: 'otlp',
    LAB_OTLP_ENDPOINT: collector.endpoint,
    LAB_TRACE_EXPORT_DELAY_MS: EXPORT_DELAY_MS,
  });
  await waitForHealthy(lab.stack.url);
  return lab;
}

/** Places one order and follows it to completion the way the load tool does; its trace, once all in. */
async function tracedOrder(lab: Lab, variant: Variant) {
  const tracker = new CompletionTracker(lab.brokers.redis!.url, variant);
  await tracker.start();
  try {
    const completed = new Promise<number>((resolve) => {
      tracker.onComplete = (_id, intendedAt, completedAt) => resolve(completedAt - intendedAt);
    });
    const sent = performance.now();
    const res = await post(`${lab.stack.url}/checkout`, checkoutBody());
    const answered = performance.now();
    expect(res.status).toBe(variant === 'async' ? 202 : 200);
    const orderId = res.body.orderId as string;
    tracker.register(orderId, sent, answered);
    const completedMs = await completed;
    await waitForSettled(lab, [orderId]);
    const spans = await traceOf(orderId);
    return { orderId, spans, acceptedMs: answered - sent, completedMs };
  } finally {
    tracker.close();
  }
}

async function traceOf(orderId: string): Promise<readonly CollectedSpan[]> {
  expect(await collector.settle(SETTLE.quietMs, SETTLE.timeoutMs)).toBe(true);
  const traceId = collector.traceOf(orderId);
  expect(traceId, `a trace for ${orderId}`).toBeDefined();
  return collector.trace(traceId!);
}

const childrenOf = (spans: readonly CollectedSpan[], parent: CollectedSpan) =>
  spans.filter((s) => s.parentSpanId === parent.spanId).sort((a, b) => a.startMs - b.startMs);
const rootOf = (spans: readonly CollectedSpan[], orderId: string) =>
  spans.find(
    (s) => s.kind === 'server' && !s.parentSpanId && s.attributes['lab.order_id'] === orderId,
  )!;
const methodOf = (s: CollectedSpan) => s.attributes['rpc.method'];
/** The clock spans start on: whole milliseconds. */
const GRANULARITY_MS = 1;

function expectInSequence(calls: readonly CollectedSpan[]): void {
  for (let i = 1; i < calls.length; i++)
    expect(calls[i]!.startMs).toBeGreaterThanOrEqual(calls[i - 1]!.endMs - GRANULARITY_MS);
}

function expectSumHolds(order: Awaited<ReturnType<typeof tracedOrder>>): Waterfall {
  const w = buildWaterfall({ pick: 'p50', targetMs: order.completedMs, ...order })!;
  expect(w, 'a waterfall').toBeDefined();
  expect(w.totals.providerMs).toBeGreaterThan(0);
  expect(
    Math.abs(1 - w.tracedMs / order.completedMs),
    JSON.stringify(w.totals),
  ).toBeLessThanOrEqual(0.05);
  expect(w.sumHolds).toBe(true);
  return w;
}

/** A message's journey: a publish, the wait of one consumer in the stream, its handling. */
function consumedAfter(spans: readonly CollectedSpan[], subject: string, service: string) {
  const publish = spans.find((s) => s.kind === 'producer' && s.name === `publish ${subject}`)!;
  expect(publish, `publish ${subject}`).toBeDefined();
  const wait = childrenOf(spans, publish).find((s) => s.service === service)!;
  expect(wait.attributes['lab.queue_wait']).toBe(true);
  const consume = childrenOf(spans, wait).find((s) => s.kind === 'consumer')!;
  expect(consume.name).toBe(`process ${subject}`);
  expect(consume.startMs).toBeGreaterThanOrEqual(wait.endMs - GRANULARITY_MS);
  return { publish, wait, consume };
}

describe('tracing: sync', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await tracedLab('sync');
  }, TIMEOUT);
  afterAll(() => lab?.stop());

  it(
    'traces the seven gRPC calls in sequence under the edge, and the parts sum to the answer',
    async () => {
      const order = await tracedOrder(lab, 'sync');
      const root = rootOf(order.spans, order.orderId);
      expect(root.name).toBe('POST /checkout');
      const calls = childrenOf(order.spans, root).filter(
        (s) => s.attributes['rpc.system'] === 'grpc',
      );
      expect(calls.map(methodOf)).toEqual([
        'ValidatePayment',
        'CheckStock',
        'Reserve',
        'Charge',
        'SendEmail',
        'RecordOrder',
        'NotifyShipment',
      ]);
      expect(calls.every((c) => c.kind === 'client')).toBe(true);
      expectInSequence(calls);
      for (const call of calls) {
        const [server] = childrenOf(order.spans, call);
        expect(server).toMatchObject({ kind: 'server', name: call.name });
        const simulated = childrenOf(order.spans, server!).filter(
          (s) => s.attributes['lab.simulated'],
        );
        expect(simulated).toHaveLength(1);
      }
      const w = expectSumHolds(order);
      expect(w.path.filter((p) => p.kind === 'provider')).toHaveLength(7);
    },
    TIMEOUT,
  );
});

describe('tracing: async', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await tracedLab('async');
  }, TIMEOUT);
  afterAll(() => lab?.stop());

  it(
    'traces each event from publish through its wait in the stream to its handling, and each job',
    async () => {
      const order = await tracedOrder(lab, 'async');
      const { spans } = order;
      const placed = consumedAfter(spans, 'async.order.placed', 'async-inventory');
      expect(placed.publish.parentSpanId).toBe(rootOf(spans, order.orderId).spanId);
      consumedAfter(spans, 'async.order.reserved', 'async-payment');
      for (const service of ['notification', 'analytics', 'warehouse']) {
        const { consume } = consumedAfter(spans, 'async.order.confirmed', `async-${service}`);
        // The consumer enqueues a job; the worker's attempt follows its wait in the queue.
        const add = childrenOf(spans, consume).find((s) => s.kind === 'producer')!;
        expect(add.name).toMatch(/^add async-/);
        const [wait, attempt] = [
          childrenOf(spans, add).find((s) => s.attributes['lab.queue_wait'])!,
          childrenOf(spans, add).find((s) => s.kind === 'consumer')!,
        ];
        expect(wait.endMs).toBeLessThanOrEqual(attempt.startMs + GRANULARITY_MS);
        expect(childrenOf(spans, attempt).some((s) => s.attributes['lab.simulated'])).toBe(true);
      }
      const w = expectSumHolds(order);
      expect(w.totals.queueMs).toBeGreaterThan(0);
      expect(w.path.filter((p) => p.kind === 'queue').map((p) => p.name)).toEqual(
        expect.arrayContaining(['wait async.order.placed', 'wait async.order.reserved']),
      );
    },
    TIMEOUT,
  );

  it(
    'answers a request whose traceparent is malformed as any other, in a trace of its own',
    async () => {
      for (const traceparent of [
        'garbage',
        `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`,
        'x'.repeat(4096),
      ]) {
        const res = await post(`${lab.stack.url}/checkout`, checkoutBody(), { traceparent });
        expect(res.status).toBe(202);
        const orderId = res.body.orderId as string;
        await waitForSettled(lab, [orderId]);
        const root = rootOf(await traceOf(orderId), orderId);
        expect(root.parentSpanId).toBeUndefined();
      }
      await waitForHealthy(lab.stack.url);
    },
    TIMEOUT,
  );

  it(
    "keeps an order's trace when the outbox relay publishes its event after a NATS outage",
    async () => {
      await lab.brokers.nats!.stop();
      let orderId: string;
      try {
        const res = await post(`${lab.stack.url}/checkout`, checkoutBody());
        expect(res.status).toBe(202);
        orderId = res.body.orderId as string;
      } finally {
        await lab.brokers.nats!.start();
      }
      await waitForSettled(lab, [orderId], 45_000);
      await waitUntil(
        async () => (await traceOf(orderId)).some((s) => s.attributes['lab.outbox.by'] === 'relay'),
        {
          timeoutMs: 15_000,
          what: "the relay's publish in the order's trace",
        },
      );
      const spans = await traceOf(orderId);
      const root = rootOf(spans, orderId);
      const relayed = spans.find(
        (s) => s.attributes['lab.outbox.by'] === 'relay' && s.name === 'publish async.order.placed',
      )!;
      expect(relayed.parentSpanId).toBe(root.spanId);
      // The time the event sat in the outbox is a wait of the order's, and the saga goes on from the relay's publish.
      expect(spans.some((s) => s.name === 'wait outbox' && s.parentSpanId === root.spanId)).toBe(
        true,
      );
      consumedAfter(spans, 'async.order.placed', 'async-inventory');
    },
    TIMEOUT,
  );
});

describe('tracing: hybrid', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await tracedLab('hybrid');
  }, TIMEOUT);
  afterAll(() => lab?.stop());

  it(
    'traces the critical path over gRPC, then the background work as events and jobs',
    async () => {
      const order = await tracedOrder(lab, 'hybrid');
      const root = rootOf(order.spans, order.orderId);
      const calls = childrenOf(order.spans, root).filter(
        (s) => s.attributes['rpc.system'] === 'grpc',
      );
      expect(calls.map(methodOf)).toEqual(['ValidatePayment', 'CheckStock', 'Reserve', 'Charge']);
      expectInSequence(calls);
      const { publish } = consumedAfter(
        order.spans,
        'hybrid.order.confirmed',
        'hybrid-notification',
      );
      expect(publish.parentSpanId).toBe(root.spanId);
      expectSumHolds(order);
    },
    TIMEOUT,
  );

  it(
    'keeps answering, and stays healthy, when the collector it exports to is gone',
    async () => {
      await collector.close();
      collectorOpen = false;
      for (let i = 0; i < 3; i++) {
        const res = await post(`${lab.stack.url}/checkout`, checkoutBody());
        expect(res.status).toBe(200);
        await waitForSettled(lab, [res.body.orderId as string]);
      }
      await waitForHealthy(lab.stack.url);
      for (const app of lab.stack.apps.values()) expect(app.running, app.name).toBe(true);
    },
    TIMEOUT,
  );
});
