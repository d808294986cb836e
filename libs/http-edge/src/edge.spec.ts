import { request } from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { loadConfig } from '@lab/config';
import { CardDeclinedError, SaturatedError } from '@lab/domain';
import { EffectsLedger, OrderStore, OrderWatcher } from '@lab/ledger';
import { Registry, createLogger } from '@lab/telemetry';
import { Bulkhead, poolTiming } from './bulkhead.js';
import { startEdge, type RunningEdge } from './edge-server.js';
import { healthRoute, orderRoutes } from './order-routes.js';

let brokers: Brokers;
let redis: Redis;
let watcher: OrderWatcher;
let edge: RunningEdge;
let store: OrderStore;
const ns = 'edge';
const LIMITS = { ...loadConfig({}, { workspaceRoot: '/' }).http, bodyLimitBytes: 1024 };

beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
  store = new OrderStore(redis, ns);
  watcher = new OrderWatcher(new Redis(brokers.redis!.url), ns);
  await watcher.whenReady();
  edge = await startEdge({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('edge', { level: 'silent' }),
    registry: new Registry(),
    limits: LIMITS,
    routes: [
      {
        method: 'POST',
        path: '/echo',
        handler: async (ctx) => ({ status: 200, body: await ctx.json() }),
      },
      {
        method: 'POST',
        path: '/declined',
        handler: async () => {
          throw new CardDeclinedError();
        },
      },
      {
        method: 'POST',
        path: '/busy',
        handler: async () => {
          throw new SaturatedError(2);
        },
      },
      {
        method: 'GET',
        path: '/boom',
        handler: async () => {
          throw new Error('secret detail');
        },
      },
      healthRoute({
        redis: async () => ((await redis.ping()) === 'PONG' ? true : 'no pong'),
        broken: async () => 'down for test',
      }),
      ...orderRoutes({ store, ledger: new EffectsLedger(redis, ns), watcher }),
    ],
  });
});
afterAll(async () => {
  await edge?.close(100);
  watcher?.close();
  redis?.disconnect();
  await brokers?.stop();
});

async function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`http://127.0.0.1:${edge.port}${path}`, {
    method,
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}

describe('edge server', () => {
  it('routes, and answers 404 and 405 with a reason', async () => {
    expect(await call('POST', '/echo', '{"a":1}')).toMatchObject({ status: 200, json: { a: 1 } });
    expect(await call('GET', '/nowhere')).toMatchObject({
      status: 404,
      json: { error: 'not_found' },
    });
    const wrong = await call('GET', '/echo');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('rejects bad JSON, other media types and bodies over the limit', async () => {
    const bad = await call('POST', '/echo', '{"a":');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error: 'invalid_request',
      details: [{ path: '', message: expect.stringMatching(/^body is not valid JSON/) }],
    });
    expect(
      await call('POST', '/echo', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }),
    ).toMatchObject({ status: 415 });
    expect(await call('POST', '/echo', JSON.stringify({ pad: 'x'.repeat(2000) }))).toMatchObject({
      status: 413,
      json: { error: 'body_too_large' },
    });
  });

  it('rejects a chunked body over the limit without reading it all', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: edge.port,
          method: 'POST',
          path: '/echo',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('"' + 'x'.repeat(4096));
      req.end('"');
    });
    expect(status).toBe(413);
  });

  it('maps domain errors once: 402, 503 with Retry-After, 500 without internals', async () => {
    expect(await call('POST', '/declined')).toMatchObject({
      status: 402,
      json: { error: 'card_declined' },
    });
    const busy = await call('POST', '/busy');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(await call('GET', '/boom')).toMatchObject({ status: 500, json: { error: 'internal' } });
  });

  it('reports health with what is missing', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({
      status: 503,
      json: {
        status: 'unavailable',
        checks: { redis: 'ok', broken: 'down for test' },
        missing: ['broken: down for test'],
      },
    });
  });

  it('answers /livez without asking any dependency', async () => {
    const live = await call('GET', '/livez');
    expect(live.status).toBe(200);
    expect(live.json).toEqual({ status: 'live' });
    expect((await call('POST', '/livez')).status).toBe(405);
  });

  it('counts requests in /metrics', async () => {
    const metrics = await call('GET', '/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    expect(metrics.json).toMatch(
      /lab_http_requests_total\{method="POST",route="\/echo",status="200"\} 1/,
    );
    expect(metrics.json).toMatch(
      /lab_http_request_duration_seconds_count\{method="POST",route="\/declined",status="402"\} 1/,
    );
  });
});

describe('order routes', () => {
  const order = {
    variant: 'async' as const,
    customerId: 'c',
    email: 'a@b.co',
    items: [{ sku: 'SKU-0001', quantity: 1 }],
    amountCents: 5,
  };

  it('show an order with its effects, and 404 for an unknown one', async () => {
    await store.create({ ...order, orderId: 'shown' });
    await new EffectsLedger(redis, ns).record('shown', 'reservation', 'rs');
    expect(await call('GET', '/orders/shown')).toMatchObject({
      status: 200,
      json: { orderId: 'shown', variant: 'async', status: 'accepted', effects: { reservation: 1 } },
    });
    expect(await call('GET', '/orders/missing')).toMatchObject({ status: 404 });
    expect((await call('GET', '/orders/missing/events')).status).toBe(404);
  });

  it('stream status changes as server-sent events until the order ends', async () => {
    await store.create({ ...order, orderId: 'streamed' });
    const res = await fetch(`http://127.0.0.1:${edge.port}/orders/streamed/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const read = async () => {
      const { value, done } = await reader.read();
      if (value) text += new TextDecoder().decode(value);
      return done;
    };
    await read();
    expect(text).toContain('"status":"accepted"');
    await store.transition('streamed', 'reserved');
    await store.transition('streamed', 'confirmed');
    while (!(await read()));
    const statuses = [...text.matchAll(/"status":"(\w+)"/g)].map((m) => m[1]);
    expect(statuses).toEqual(['accepted', 'reserved', 'confirmed']);
    expect(watcher.watched).toBe(0);
  });
});

describe('Bulkhead', () => {
  it('runs up to maxInFlight, queues up to maxQueued, and refuses the rest', async () => {
    const pool = new Bulkhead({ maxInFlight: 2, maxQueued: 1, queueTimeoutMs: 10_000 });
    const gates: (() => void)[] = [];
    const job = () => pool.run(() => new Promise<string>((r) => gates.push(() => r('done'))));
    const running = [job(), job(), job()];
    await expect(job()).rejects.toBeInstanceOf(SaturatedError);
    expect([pool.inFlight, pool.queued]).toEqual([2, 1]);
    gates.shift()!();
    await running[0];
    await new Promise((r) => setImmediate(r));
    expect([pool.inFlight, pool.queued]).toEqual([2, 0]);
    gates.splice(0).forEach((g) => g());
    await new Promise((r) => setImmediate(r));
    gates.splice(0).forEach((g) => g());
    expect(await Promise.all(running)).toEqual(['done', 'done', 'done']);
    expect(pool.rejected).toBe(1);
  });

  it('says how long each work waited for a slot: 0 with one free, the wait behind the others', async () => {
    const pool = new Bulkhead({ maxInFlight: 1, maxQueued: 1, queueTimeoutMs: 10_000 });
    let release!: () => void;
    const first = pool.runTimed(() => new Promise<void>((r) => (release = r)));
    const second = pool.runTimed(async () => 'second');
    const heldFor = 30;
    await new Promise((r) => setTimeout(r, heldFor));
    release();
    expect((await first).waitMs).toBe(0);
    const waited = await second;
    expect(waited.value).toBe('second');
    expect(waited.waitMs).toBeGreaterThanOrEqual(heldFor - 1);
    expect(poolTiming(12.34567)).toBe('pool;dur=12.346');
  });

  it('refuses queued work after the queue timeout', async () => {
    const pool = new Bulkhead({ maxInFlight: 1, maxQueued: 5, queueTimeoutMs: 20 });
    let release!: () => void;
    const first = pool.run(() => new Promise<void>((r) => (release = r)));
    await expect(pool.run(async () => 'never')).rejects.toBeInstanceOf(SaturatedError);
    release();
    await first;
    await expect(pool.run(async () => 'now')).resolves.toBe('now');
  });
});
