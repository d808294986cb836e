import { afterEach, describe, expect, it } from 'vitest';
import { parseOtlpJson } from './otlp-json.js';
import { startSpanCollector, type SpanCollector } from './span-collector.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const span = (spanId: string, extra: Record<string, unknown> = {}) => ({
  traceId: TRACE,
  spanId,
  name: 'POST /checkout',
  kind: 2,
  startTimeUnixNano: '1800000000000123456',
  endTimeUnixNano: '1800000000250123456',
  attributes: [
    { key: 'lab.order_id', value: { stringValue: 'sync-1' } },
    { key: 'http.response.status_code', value: { intValue: '200' } },
    { key: 'lab.simulated', value: { boolValue: true } },
    { key: 'lab.simulated_ms', value: { doubleValue: 2.5 } },
  ],
  status: { code: 0 },
  ...extra,
});
const exportOf = (spans: unknown[], service = 'sync-gateway') => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ scope: { name: '@lab/telemetry' }, spans }],
    },
  ],
});

describe('parseOtlpJson', () => {
  it('reads spans, their service, ms times (µs kept) and scalar attributes', () => {
    const [s] = parseOtlpJson(exportOf([span('b7ad6b7169203331', { parentSpanId: '' })]));
    const { startMs, endMs, ...rest } = s!;
    expect(startMs - 1_800_000_000_000).toBeCloseTo(0.123456, 3);
    expect(endMs - startMs).toBeCloseTo(250, 6);
    expect(rest).toEqual({
      traceId: TRACE,
      spanId: 'b7ad6b7169203331',
      name: 'POST /checkout',
      kind: 'server',
      service: 'sync-gateway',
      attributes: {
        'lab.order_id': 'sync-1',
        'http.response.status_code': 200,
        'lab.simulated': true,
        'lab.simulated_ms': 2.5,
      },
      failed: false,
    });
  });

  it.each([
    ['a body that is no object', [], /JSON object/],
    [
      'spans that are no array',
      { resourceSpans: [{ scopeSpans: [{ spans: {} }] }] },
      /spans must be an array/,
    ],
    [
      'a base64 trace id',
      exportOf([span('b7ad6b7169203331', { traceId: 'CvdlGRbNQ91ESOshHIAxnA==' })]),
      /traceId/,
    ],
    ['a short span id', exportOf([span('b7ad')]), /spanId/],
    [
      'a time that is no number',
      exportOf([span('b7ad6b7169203331', { startTimeUnixNano: 'soon' })]),
      /startTimeUnixNano/,
    ],
  ])('refuses %s, naming what is wrong', (_what, body, message) => {
    expect(() => parseOtlpJson(body)).toThrow(message);
  });
});

let collector: SpanCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

const post = (body: string, type = 'application/json', path = '/v1/traces') =>
  fetch(`${collector!.endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });

describe('the span collector', () => {
  it('keeps what the stacks export, by trace, and finds the trace of an order', async () => {
    collector = await startSpanCollector({ maxSpans: 100, bodyLimitBytes: 65_536 });
    const child = span('00f067aa0ba902b7', {
      parentSpanId: 'b7ad6b7169203331',
      name: 'redis order.create',
      kind: 3,
      attributes: [],
    });
    const res = await post(JSON.stringify(exportOf([span('b7ad6b7169203331'), child])));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(collector.received).toBe(2);
    expect(collector.traceOf('sync-1')).toBe(TRACE);
    expect(collector.trace(TRACE).map((s) => s.name)).toEqual([
      'POST /checkout',
      'redis order.create',
    ]);
    expect([...collector.tracedOrders()]).toEqual(['sync-1']);
    collector.clear();
    expect(collector.trace(TRACE)).toEqual([]);
    expect(collector.traceOf('sync-1')).toBeUndefined();
  });

  it('answers a bad export with a 4xx that names the problem, and keeps nothing of it', async () => {
    collector = await startSpanCollector({ maxSpans: 100, bodyLimitBytes: 1024 });
    const cases: [Response, number, RegExp][] = [
      [await post('{"resourceSpans": [', 'application/json'), 400, /not JSON/],
      [await post(JSON.stringify(exportOf([span('short')]))), 400, /spanId/],
      [await post('\x0a\x0b', 'application/x-protobuf'), 415, /JSON encoding/],
      [await post('x'.repeat(2048)), 413, /at most 1024 bytes/],
      [await post('{}', 'application/json', '/v1/metrics'), 404, /POST \/v1\/traces/],
    ];
    for (const [res, status, message] of cases) {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    expect(collector.received).toBe(0);
    // And it still takes a good one.
    expect((await post(JSON.stringify(exportOf([span('b7ad6b7169203331')])))).status).toBe(200);
  });

  it('refuses what exceeds its room, saying how many, and counts them', async () => {
    collector = await startSpanCollector({ maxSpans: 1, bodyLimitBytes: 65_536 });
    const res = await post(
      JSON.stringify(exportOf([span('b7ad6b7169203331'), span('00f067aa0ba902b7')])),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: { rejectedSpans: 1, errorMessage: 'the collector is full' },
    });
    expect([collector.received, collector.dropped]).toEqual([1, 1]);
  });

  it('settles once no export has come for the quiet time, and says when it did not', async () => {
    collector = await startSpanCollector({ maxSpans: 100, bodyLimitBytes: 65_536 });
    await post(JSON.stringify(exportOf([span('b7ad6b7169203331')])));
    expect(await collector.settle(60_000, 50)).toBe(false);
    const started = Date.now();
    expect(await collector.settle(100, 5_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
