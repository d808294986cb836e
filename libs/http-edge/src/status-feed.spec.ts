import { Redis } from 'ioredis';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { loadConfig } from '@lab/config';
import type { OrderStatus } from '@lab/domain';
import { OrderStore, OrderWatcher, type OrderRecord } from '@lab/ledger';
import { Registry, createLogger } from '@lab/telemetry';
import { startEdge, type RunningEdge, type Route } from './edge-server.js';
import { lastSeenRank, streamStatus, type StatusFeedDeps } from './status-feed.js';

let brokers: Brokers;
let redis: Redis;
let store: OrderStore;
let watcher: OrderWatcher;
let edge: RunningEdge;
const ns = 'feed';
/** The deps of the next stream; a test swaps in a store or watcher that misbehaves. */
let deps: StatusFeedDeps;
/** Streams opened, with the Last-Event-ID each came with. */
const opened: (string | undefined)[] = [];

const newOrder = (orderId: string) =>
  store.create({
    orderId,
    variant: 'async',
    customerId: 'c',
    email: 'a@b.co',
    items: [{ sku: 'sku-0001', quantity: 1 }],
    amountCents: 100,
  });

beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
  store = new OrderStore(redis, ns);
  watcher = new OrderWatcher(new Redis(brokers.redis!.url), ns);
  await watcher.whenReady();
  const route: Route = {
    method: 'GET',
    path: '/orders/:id/events',
    handler: ({ params, req, res }) => {
      opened.push(req.headers['last-event-id'] as string | undefined);
      return streamStatus(deps, params.id!, req, res);
    },
  };
  edge = await startEdge({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('feed', { level: 'silent' }),
    registry: new Registry(),
    limits: loadConfig({}, { workspaceRoot: '/' }).http,
    routes: [route],
  });
});

afterAll(async () => {
  await edge?.close(0);
  watcher?.close();
  redis?.disconnect();
  await brokers?.stop();
});

interface Received {
  readonly id: string | undefined;
  readonly status: OrderStatus;
}

/** Reads a stream to its end; the events' ids and statuses. */
async function readStream(orderId: string, lastEventId?: string) {
  const res = await fetch(`http://127.0.0.1:${edge.port}/orders/${orderId}/events`, {
    headers: lastEventId ? { 'last-event-id': lastEventId } : {},
  });
  const text = await res.text();
  const events: Received[] = text
    .split('\n\n')
    .filter((block) => block.includes('event: status'))
    .map((block) => ({
      id: /^id: (.*)$/m.exec(block)?.[1],
      status: (JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as { status: OrderStatus }).status,
    }));
  return { status: res.status, events };
}

const useDefaults = () => (deps = { store, watcher, keepAliveMs: 15_000 });

describe('the status feed (GET /orders/:id/events)', () => {
  it('sends every status once, in order, each with its name as id, then closes', async () => {
    useDefaults();
    await newOrder('whole');
    const reading = readStream('whole');
    await waitUntil(async () => watcher.watched > 0, {
      timeoutMs: 5000,
      what: 'the stream to subscribe',
    });
    for (const to of ['reserved', 'paid', 'confirmed'] as const)
      await store.transition('whole', to);
    const { status, events } = await reading;
    expect(status).toBe(200);
    expect(events).toEqual(
      ['accepted', 'reserved', 'paid', 'confirmed'].map((s) => ({ id: s, status: s })),
    );
    await waitUntil(async () => watcher.watched === 0, {
      timeoutMs: 5000,
      what: 'the stream to unsubscribe',
    });
  });

  it('sends a change made between its subscription and its first read once', async () => {
    await newOrder('raced');
    // The change lands after the stream subscribed and before it reads: it is in
    // the first read and on the subscription both.
    let first = true;
    deps = {
      watcher,
      keepAliveMs: 15_000,
      store: {
        get: async (id: string): Promise<OrderRecord | undefined> => {
          if (first) {
            first = false;
            await store.transition(id, 'reserved');
          }
          return store.get(id);
        },
      },
    };
    const reading = readStream('raced');
    await waitUntil(async () => !first, { timeoutMs: 5000, what: 'the first read' });
    await store.transition('raced', 'confirmed');
    expect((await reading).events.map((e) => e.status)).toEqual([
      'accepted',
      'reserved',
      'confirmed',
    ]);
  });

  it('finds the changes its subscription missed on the next read', async () => {
    await newOrder('deaf');
    // A watcher that never reports a change: as if Redis dropped the subscription.
    deps = { store, watcher: { watch: () => () => undefined }, keepAliveMs: 20 };
    const reading = readStream('deaf');
    await store.transition('deaf', 'reserved');
    await store.transition('deaf', 'failed', { reason: 'card_declined', message: 'no' });
    expect((await reading).events.map((e) => e.status)).toEqual(['accepted', 'reserved', 'failed']);
  });

  it('resumes after the Last-Event-ID, and answers 204 once the last status was seen', async () => {
    useDefaults();
    await newOrder('resumed');
    for (const to of ['reserved', 'paid', 'confirmed'] as const)
      await store.transition('resumed', to);
    expect((await readStream('resumed', 'reserved')).events.map((e) => e.status)).toEqual([
      'paid',
      'confirmed',
    ]);
    expect(await readStream('resumed', 'confirmed')).toEqual({ status: 204, events: [] });
    // An id that names no status is a client that saw nothing: it gets everything.
    expect((await readStream('resumed', 'bogus')).events).toHaveLength(4);
  });

  it('lets a standard EventSource follow an order to its end and stop, without reconnecting forever', async () => {
    useDefaults();
    await newOrder('browser');
    opened.length = 0;
    const seen: Received[] = [];
    const source = new EventSource(`http://127.0.0.1:${edge.port}/orders/browser/events`);
    source.addEventListener('status', (e) => {
      seen.push({ id: e.lastEventId, status: (JSON.parse(e.data) as Received).status });
      if (seen.length === 1) void store.transition('browser', 'reserved');
      if (seen.length === 2) void store.transition('browser', 'confirmed');
    });
    const errors: unknown[] = [];
    source.addEventListener('error', (e) => errors.push(e));
    // The server ends the stream after `confirmed`; the client reconnects once,
    // with Last-Event-ID: confirmed, gets 204, and closes for good.
    await waitUntil(async () => source.readyState === EventSource.CLOSED, {
      timeoutMs: 15_000,
      what: 'the EventSource to close',
    });
    expect(seen).toEqual(['accepted', 'reserved', 'confirmed'].map((s) => ({ id: s, status: s })));
    expect(opened).toEqual([undefined, 'confirmed']);
    source.close();
  });

  it('reads Last-Event-ID leniently', () => {
    expect(lastSeenRank(undefined)).toBe(-1);
    expect(lastSeenRank('accepted')).toBe(0);
    expect(lastSeenRank(' paid ')).toBe(2);
    expect(lastSeenRank(['failed'])).toBe(3);
    expect(lastSeenRank('constructor')).toBe(-1);
  });
});
