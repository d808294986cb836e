import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { startTracingInMemory, withSpan, type InMemoryTracing } from '@lab/telemetry';
import { OrderStore, type NewOrder, type OutboxEvent } from './order-store.js';
import { Outbox } from './outbox.js';

let brokers: Brokers;
let redis: Redis;
let tracing: InMemoryTracing | undefined;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
});
afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

const order = (orderId: string): NewOrder => ({
  orderId,
  variant: 'async',
  customerId: 'c',
  email: 'a@b.co',
  items: [{ sku: 'SKU-0001', quantity: 1 }],
  amountCents: 100,
});
const event = (id: string): OutboxEvent => ({ msgId: id, subject: 'x.placed', data: '{}' });

describe('the trace context in an outbox entry', () => {
  it('is not written while tracing is off', async () => {
    const store = new OrderStore(redis, 'off');
    const outbox = new Outbox(redis, 'off');
    await store.create(order('o1'), Date.now(), event('o1:placed'));
    await store.transition('o1', 'reserved', undefined, Date.now(), event('o1:reserved'));
    await outbox.add(event('o1:failed'));
    const entries = await outbox.due(0, 10);
    expect(entries).toHaveLength(3);
    for (const entry of entries) expect(entry).not.toHaveProperty('traceparent');
  });

  it("is the writer's: every way of writing an event keeps it, and reads it back", async () => {
    tracing = startTracingInMemory();
    const store = new OrderStore(redis, 'on');
    const outbox = new Outbox(redis, 'on');
    await withSpan('POST /checkout', { kind: 'server' }, async () => {
      await store.create(order('o1'), Date.now(), event('o1:placed'));
      await store.transition('o1', 'reserved', undefined, Date.now(), event('o1:reserved'));
      await outbox.add(event('o1:failed'));
    });
    const spans = await tracing.spans();
    const edge = spans.find((s) => s.name === 'POST /checkout')!;
    const entries = await outbox.due(0, 10);
    expect(entries.map((e) => e.msgId)).toEqual(['o1:placed', 'o1:reserved', 'o1:failed']);
    // The edge's context, not the write's own span: a republish is the request's child.
    const expected = `00-${edge.spanContext().traceId}-${edge.spanContext().spanId}-01`;
    for (const entry of entries) expect(entry.traceparent).toBe(expected);
    // Each round trip is a client span of the request.
    const writes = spans.filter((s) => s.name.startsWith('redis '));
    expect(writes.map((s) => s.name)).toEqual([
      'redis order.create',
      'redis order.transition',
      'redis outbox.add',
    ]);
    for (const write of writes)
      expect(write.parentSpanContext?.spanId).toBe(edge.spanContext().spanId);
  });
});
