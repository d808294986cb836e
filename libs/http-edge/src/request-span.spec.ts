import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@lab/config';
import {
  Registry,
  SPAN_ATTRIBUTES,
  annotateActiveSpan,
  createLogger,
  startTracingInMemory,
  withSpan,
  type FinishedSpan,
  type InMemoryTracing,
} from '@lab/telemetry';
import { Bulkhead } from './bulkhead.js';
import { startEdge, type RunningEdge } from './edge-server.js';

const LIMITS = loadConfig({}, { workspaceRoot: '/' }).http;
const CALLER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

let tracing: InMemoryTracing;
let edge: RunningEdge;
let url: string;
const pool = new Bulkhead({ maxInFlight: 1, maxQueued: 5, queueTimeoutMs: 5000 });

beforeAll(async () => {
  tracing = startTracingInMemory('sync-gateway');
  edge = await startEdge({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('edge', { level: 'silent' }),
    registry: new Registry(),
    limits: LIMITS,
    routes: [
      {
        method: 'POST',
        path: '/orders/:id',
        handler: async (ctx) => {
          annotateActiveSpan({ [SPAN_ATTRIBUTES.orderId]: ctx.params.id! });
          // What the route calls nests in the request's span.
          await withSpan('redis order.create', { kind: 'client' }, async () => undefined);
          return { status: 201, body: {} };
        },
      },
      {
        method: 'GET',
        path: '/boom',
        handler: async () => {
          throw new Error('boom');
        },
      },
      {
        method: 'GET',
        path: '/slot',
        handler: () =>
          pool.run(async () => {
            await new Promise((r) => setTimeout(r, 30));
            return { status: 200, body: {} };
          }),
      },
    ],
  });
  url = `http://127.0.0.1:${edge.port}`;
});
afterAll(async () => {
  await edge?.close(100);
  await tracing?.shutdown();
});

const named = (spans: FinishedSpan[], name: string) => spans.filter((s) => s.name === name);

describe("the edge's span of a request", () => {
  it('is named after its route, continues the caller, and holds the order and the status', async () => {
    const res = await fetch(`${url}/orders/sync-1`, {
      method: 'POST',
      headers: { traceparent: CALLER },
    });
    expect(res.status).toBe(201);
    const spans = await tracing.spans();
    const [server] = named(spans, 'POST /orders/:id');
    expect(server).toBeDefined();
    expect(server!.kind).toBe(1); // SERVER
    expect(server!.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(server!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(server!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/orders/:id',
      'http.response.status_code': 201,
      [SPAN_ATTRIBUTES.orderId]: 'sync-1',
    });
    const [child] = named(spans, 'redis order.create');
    expect(child!.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
  });

  it('is failed when the answer is a server error, and names routes that match nothing', async () => {
    expect((await fetch(`${url}/boom`)).status).toBe(500);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    const spans = await tracing.spans();
    expect(named(spans, 'GET /boom')[0]!.status.code).toBe(2);
    expect(named(spans, 'GET unmatched')[0]!.attributes['http.response.status_code']).toBe(404);
  });

  it("records a request's wait for a slot of the pool as a queue wait", async () => {
    await Promise.all([fetch(`${url}/slot`), fetch(`${url}/slot`)]);
    const spans = await tracing.spans();
    const waits = named(spans, 'wait pool');
    expect(waits).toHaveLength(1);
    expect(waits[0]!.attributes[SPAN_ATTRIBUTES.queueWait]).toBe(true);
    const requests = named(spans, 'GET /slot').map((s) => s.spanContext().spanId);
    expect(requests).toContain(waits[0]!.parentSpanContext?.spanId);
  });
});
