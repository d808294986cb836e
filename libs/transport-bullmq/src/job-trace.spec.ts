import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import {
  SPAN_ATTRIBUTES,
  startTracingInMemory,
  withSpan,
  type FinishedSpan,
  type InMemoryTracing,
} from '@lab/telemetry';
import { Harness } from './fixtures/harness.js';
import { jobContext } from './job-trace.js';

let brokers: Brokers;
let harness: Harness | undefined;
let tracing: InMemoryTracing | undefined;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
});
afterAll(() => brokers?.stop());
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
  await tracing?.shutdown();
  tracing = undefined;
});

const WAIT = { timeoutMs: 10_000 };
const parentOf = (span: FinishedSpan) => span.parentSpanContext?.spanId;
const idOf = (span: FinishedSpan) => span.spanContext().spanId;

describe('trace context in a job', () => {
  it('adds no telemetry to a job while tracing is off', async () => {
    harness = new Harness(brokers.redis!.url, 'untraced');
    const queue = harness.queue<string>();
    await queue.add('job-1', 'x');
    const job = await harness.inspector().getJob('job-1');
    expect(job?.opts.telemetry).toBeUndefined();
    expect(jobContext(job!)).toBeUndefined();
  });

  it('continues the trace: add, then the wait and the attempt as its children, the work inside', async () => {
    tracing = startTracingInMemory();
    harness = new Harness(brokers.redis!.url, 'traced');
    const queue = harness.queue<string>();
    const done: string[] = [];
    await harness.worker<string>((data) =>
      withSpan('simulate sendEmail', {}, async () => void done.push(data)),
    );
    await withSpan('process orders.confirmed', { kind: 'consumer' }, () =>
      queue.add('job-1', 'email'),
    );
    await waitUntil(async () => done.length === 1, { ...WAIT, what: 'job done' });
    // The job's context is in its options, beside its data, which stays as it was.
    const job = await harness.inspector().getJob('job-1');
    expect(job!.data).toBe('email');
    expect(jobContext(job!)?.('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    let spans: FinishedSpan[] = [];
    const named = (prefix: string) => spans.find((s) => s.name.startsWith(prefix));
    await waitUntil(
      async () => {
        spans = await tracing!.spans();
        return named('simulate') !== undefined && named(`process ${harness!.name}`) !== undefined;
      },
      { ...WAIT, what: 'the attempt span' },
    );
    const consumer = named('process orders.confirmed')!;
    const add = named(`add ${harness.name}`)!;
    const wait = named(`wait ${harness.name}`)!;
    const attempt = named(`process ${harness.name}`)!;
    const work = named('simulate')!;
    expect(add.kind).toBe(3); // PRODUCER
    expect(parentOf(add)).toBe(idOf(consumer));
    expect(jobContext(job!)?.('traceparent')).toContain(idOf(add));
    expect(attempt.kind).toBe(4); // CONSUMER
    expect(parentOf(attempt)).toBe(idOf(add));
    expect(parentOf(wait)).toBe(idOf(add));
    expect(wait.attributes[SPAN_ATTRIBUTES.queueWait]).toBe(true);
    expect(parentOf(work)).toBe(idOf(attempt));
    expect(
      new Set([consumer, add, wait, attempt, work].map((s) => s.spanContext().traceId)).size,
    ).toBe(1);
  });

  it('runs a job whose telemetry metadata is not readable, untraced', () => {
    expect(jobContext({ opts: { telemetry: { metadata: '{not json' } } })).toBeUndefined();
  });
});
