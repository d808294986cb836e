import { afterEach, describe, expect, it } from 'vitest';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import {
  SPAN_ATTRIBUTES,
  annotateActiveSpan,
  currentTraceparent,
  injectTrace,
  recordSpan,
  startSpan,
  traceparentCarrier,
  tracingActive,
  withSpan,
} from './spans.js';
import { startTracing, type Tracing, type TracingSettings } from './tracing.js';

const SETTINGS: TracingSettings = {
  mode: 'otlp',
  endpoint: 'http://127.0.0.1:1',
  sampleRatio: 1,
  exportDelayMs: 60_000,
  queueSize: 1000,
  batchSize: 100,
  exportTimeoutMs: 1000,
};
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

let tracing: Tracing | undefined;
afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
});

function traced(settings: Partial<TracingSettings> = {}) {
  const exporter = new InMemorySpanExporter();
  tracing = startTracing({ ...SETTINGS, ...settings }, { serviceName: 'sync-test', exporter });
  return {
    exporter,
    spans: async () => {
      await tracing!.flush();
      return exporter.getFinishedSpans();
    },
  };
}

describe('tracing off', () => {
  it('records nothing and runs the work as it is', async () => {
    tracing = startTracing({ ...SETTINGS, mode: 'off' }, { serviceName: 'sync-test' });
    expect(tracing.enabled).toBe(false);
    expect(tracingActive()).toBe(false);
    expect(startSpan('x', { kind: 'server' })).toBeUndefined();
    expect(await withSpan('x', {}, async (span) => (span === undefined ? 'plain' : 'traced'))).toBe(
      'plain',
    );
    const set: string[] = [];
    injectTrace((k) => set.push(k));
    expect(set).toEqual([]);
    expect(currentTraceparent()).toBe('');
  });
});

describe('tracing on', () => {
  it('nests the spans started inside a span, across awaits, in one trace', async () => {
    const { spans } = traced();
    await withSpan('POST /checkout', { kind: 'server' }, async () => {
      annotateActiveSpan({ [SPAN_ATTRIBUTES.orderId]: 'sync-1' });
      await new Promise((r) => setTimeout(r, 1));
      await withSpan('redis create', { kind: 'client' }, async () => undefined);
    });
    const [child, root] = await spans();
    expect(root!.name).toBe('POST /checkout');
    expect(root!.attributes[SPAN_ATTRIBUTES.orderId]).toBe('sync-1');
    expect(root!.resource.attributes['service.name']).toBe('sync-test');
    expect(child!.spanContext().traceId).toBe(root!.spanContext().traceId);
    expect(child!.parentSpanContext?.spanId).toBe(root!.spanContext().spanId);
  });

  it('carries a context through a carrier to a span in another process', async () => {
    const { spans } = traced();
    const carrier = new Map<string, string>();
    // A producer starts no trace of its own: it publishes inside a request.
    await withSpan('POST /checkout', { kind: 'server' }, () =>
      withSpan('publish', { kind: 'producer' }, async () => {
        injectTrace((k, v) => carrier.set(k, v));
        expect(currentTraceparent()).toMatch(TRACEPARENT);
      }),
    );
    await withSpan('process', { kind: 'consumer', parent: (k) => carrier.get(k) }, async () => 1);
    const [producer, , consumer] = await spans();
    expect(carrier.get('traceparent')).toMatch(TRACEPARENT);
    expect(consumer!.spanContext().traceId).toBe(producer!.spanContext().traceId);
    expect(consumer!.parentSpanContext?.spanId).toBe(producer!.spanContext().spanId);
    expect(consumer!.parentSpanContext?.isRemote).toBe(true);
  });

  it('continues a stored traceparent, and records a wait between two timestamps', async () => {
    const { spans } = traced();
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    recordSpan('wait orders.placed', {
      parent: traceparentCarrier(parent)!,
      startTime: 1_700_000_000_000,
      endTime: 1_700_000_000_250.5,
      attributes: { [SPAN_ATTRIBUTES.queueWait]: true },
    });
    const [wait] = await spans();
    expect(wait!.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(wait!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    const ms = wait!.duration[0] * 1000 + wait!.duration[1] / 1e6;
    expect(ms).toBeCloseTo(250.5, 3);
  });

  it('marks a span that threw as failed and rethrows', async () => {
    const { spans } = traced();
    const boom = Object.assign(new Error('declined'), { code: 'card_declined' });
    await expect(
      withSpan('Charge', { kind: 'server' }, async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    const [span] = await spans();
    expect(span!.status).toEqual({ code: 2, message: 'declined' });
    expect(span!.attributes['error.type']).toBe('card_declined');
  });

  it('starts traces only where an order begins: a server request or a message', async () => {
    const { spans } = traced();
    await withSpan('redis xrange', { kind: 'client' }, async () => undefined);
    await withSpan('getNextJob', { kind: 'internal' }, async () => undefined);
    await withSpan('GET /orders/:id', { kind: 'server' }, async () => undefined);
    expect((await spans()).map((s) => s.name)).toEqual(['GET /orders/:id']);
  });

  it('samples roots by the ratio, and children follow their root', async () => {
    const { spans } = traced({ sampleRatio: 0 });
    await withSpan('POST /checkout', { kind: 'server' }, async () => {
      await withSpan('redis create', { kind: 'client' }, async () => undefined);
    });
    expect(await spans()).toEqual([]);
  });

  it('can be started again once shut down, and is a no-op in between', async () => {
    traced();
    expect(() =>
      startTracing(SETTINGS, { serviceName: 'x', exporter: new InMemorySpanExporter() }),
    ).toThrow(/already started/);
    await tracing!.shutdown();
    expect(tracingActive()).toBe(false);
    expect(startSpan('x')).toBeUndefined();
    const { spans } = traced();
    await withSpan('again', { kind: 'server' }, async () => undefined);
    expect((await spans()).map((s) => s.name)).toEqual(['again']);
  });
});
