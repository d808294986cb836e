import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import {
  SPAN_ATTRIBUTES,
  createLogger,
  startTracingInMemory,
  traceparentCarrier,
  withSpan,
  type FinishedSpan,
  type InMemoryTracing,
} from '@lab/telemetry';
import { connectNats } from './connection.js';
import { startConsumeLoop } from './consume-loop.js';
import type { ConsumeLoop } from './consume-options.js';
import { deadLetterPublisher } from './dead-letter.js';
import { publishAcked } from './publish.js';
import { ensureConsumer, ensureStream } from './streams.js';

const logger = createLogger('trace-headers-spec', { level: 'silent' });
const WAIT = { timeoutMs: 15_000 };

let brokers: Brokers;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let tracing: InMemoryTracing;
const loops: ConsumeLoop[] = [];

beforeAll(async () => {
  brokers = await startBrokers({ redis: false });
  nc = await connectNats({ urls: [brokers.nats!.url], name: 'trace-spec', logger });
  js = nc.jetstream();
  jsm = await nc.jetstreamManager();
});
afterEach(async () => {
  await Promise.all(loops.splice(0).map((loop) => loop.stop(1000)));
  await tracing?.shutdown();
});
afterAll(async () => {
  await nc?.close();
  await brokers?.stop();
});

/** A stream and consumer on `name.>`, and a loop that keeps each message's traceparent header. */
async function consume(name: string): Promise<Map<string, string>> {
  const stream = name.toUpperCase();
  await ensureStream(jsm, { name: stream, subjects: [`${name}.>`] });
  await ensureConsumer(jsm, {
    stream,
    durable: `${name}-worker`,
    filterSubject: `${name}.>`,
    ackWaitMs: 30_000,
    maxDeliver: 5,
  });
  const headers = new Map<string, string>();
  loops.push(
    startConsumeLoop({
      js,
      stream,
      durable: `${name}-worker`,
      concurrency: 2,
      maxDeliver: 5,
      deadLetter: deadLetterPublisher(js, (msg) => `dlq.${msg.subject}`),
      logger,
      handler: async (data, _info, msg) => {
        const id = new TextDecoder().decode(data);
        const traceparent = msg.headers?.has('traceparent') && msg.headers.get('traceparent');
        headers.set(id, traceparent || 'none');
        // Work of the handler: its spans nest in the consume span.
        await withSpan('redis transition', { kind: 'client' }, async () => undefined);
      },
    }),
  );
  return headers;
}

const named = (spans: FinishedSpan[], name: string) => spans.find((s) => s.name === name)!;
const parentOf = (span: FinishedSpan) => span.parentSpanContext?.spanId;
const ms = (t: readonly [number, number]) => t[0] * 1000 + t[1] / 1e6;

describe('trace context over NATS headers', () => {
  it('sends no traceparent while tracing is off', async () => {
    const headers = await consume('untraced');
    await publishAcked(js, 'untraced.work', new TextEncoder().encode('m1'), { msgId: 'm1' });
    await waitUntil(async () => headers.has('m1'), { ...WAIT, what: 'm1 handled' });
    expect(headers.get('m1')).toBe('none');
  });

  it('continues the trace: publish, the wait in the stream, then the consume', async () => {
    tracing = startTracingInMemory();
    const headers = await consume('traced');
    await withSpan('POST /checkout', { kind: 'server' }, () =>
      publishAcked(js, 'traced.work', new TextEncoder().encode('m1'), { msgId: 'm1' }),
    );
    await waitUntil(async () => headers.has('m1'), { ...WAIT, what: 'm1 handled' });
    let spans: FinishedSpan[] = [];
    await waitUntil(async () => (spans = await tracing.spans()).length === 5, {
      ...WAIT,
      what: 'five spans',
    });
    const edge = named(spans, 'POST /checkout');
    const publish = named(spans, 'publish traced.work');
    const wait = named(spans, 'wait traced.work');
    const process = named(spans, 'process traced.work');
    const work = named(spans, 'redis transition');
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(parentOf(publish)).toBe(edge.spanContext().spanId);
    expect(headers.get('m1')).toContain(publish.spanContext().spanId);
    expect(parentOf(wait)).toBe(publish.spanContext().spanId);
    expect(parentOf(process)).toBe(wait.spanContext().spanId);
    expect(parentOf(work)).toBe(process.spanContext().spanId);
    expect(wait.attributes[SPAN_ATTRIBUTES.queueWait]).toBe(true);
    expect(publish.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': 'traced.work',
      'messaging.message.id': 'm1',
    });
    // The wait runs from the stream's receipt to the handler's start.
    expect(ms(wait.endTime)).toBeLessThanOrEqual(ms(process.startTime) + 1);
    expect(ms(wait.startTime)).toBeGreaterThanOrEqual(ms(publish.startTime) - 1);
  });

  it("publishes in a stored context (an outbox entry's) when none is active", async () => {
    tracing = startTracingInMemory();
    await ensureStream(jsm, { name: 'RELAYED', subjects: ['relayed.>'] });
    const stored = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await publishAcked(js, 'relayed.work', new TextEncoder().encode('m1'), {
      msgId: 'relayed-m1',
      parent: traceparentCarrier(stored)!,
      spanAttributes: { [SPAN_ATTRIBUTES.outboxBy]: 'relay' },
    });
    const publish = named(await tracing.spans(), 'publish relayed.work');
    expect(publish.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(parentOf(publish)).toBe('b7ad6b7169203331');
    expect(publish.attributes[SPAN_ATTRIBUTES.outboxBy]).toBe('relay');
  });
});
