import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import {
  accepted,
  confirmed,
  failed,
  paymentPending,
  type CheckoutFlow,
  type CheckoutOutcome,
  type RecordedCheckout,
} from '@lab/checkout-flow';
import { loadConfig } from '@lab/config';
import {
  CardDeclinedError,
  DependencyUnavailableError,
  TEST_CARDS,
  createCatalog,
  regularSku,
  type OrderStatus,
} from '@lab/domain';
import { CardVault, OrderStore, OrderWatcher, Outbox } from '@lab/ledger';
import { Registry, createLogger } from '@lab/telemetry';
import { Bulkhead } from './bulkhead.js';
import { checkoutRoute, type CardTokenizer } from './checkout-route.js';
import { startEdge, type RunningEdge } from './edge-server.js';

const ns = 'route';
const LIMITS = loadConfig({}, { workspaceRoot: '/' }).http;
const catalog = createCatalog({ size: 10, initialStock: 100 });
let brokers: Brokers;
let redis: Redis;
let vaultRedis: Redis;
let store: OrderStore;
let watcher: OrderWatcher;
const edges: RunningEdge[] = [];

/**
 * A flow the test scripts: what `run` does, where it answers from, how long
 * a replay waits, and a lease that notes what it was asked.
 */
interface TestFlow extends CheckoutFlow {
  answersFrom: OrderStatus;
  answersPending?: boolean;
  replayWaitMs: number;
  runs: RecordedCheckout[];
  leases: string[];
  script: (recorded: RecordedCheckout) => Promise<CheckoutOutcome>;
}

function testFlow(): TestFlow {
  const flow: TestFlow = {
    variant: 'sync',
    answersFrom: 'confirmed',
    replayWaitMs: 5_000,
    runs: [],
    leases: [],
    script: async ({ order }) => confirmed(order.orderId),
    lease: {
      hold: (id) => (flow.leases.push(`hold ${id}`), Date.now() + 60_000),
      drop: (id) => void flow.leases.push(`drop ${id}`),
    },
    run: (recorded) => {
      flow.runs.push(recorded);
      return flow.script(recorded);
    },
  };
  return flow;
}

let flow: TestFlow;
let port: number;

async function edgeFor(
  routeFlow: CheckoutFlow,
  options: { vault?: CardTokenizer; bulkhead?: Bulkhead } = {},
) {
  const edge = await startEdge({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('route', { level: 'silent' }),
    registry: new Registry(),
    limits: LIMITS,
    routes: [
      checkoutRoute({
        flow: routeFlow,
        catalog,
        store,
        vault: options.vault ?? new CardVault(vaultRedis, 60_000),
        watcher,
        ...(options.bulkhead ? { bulkhead: options.bulkhead } : {}),
      }),
    ],
  });
  edges.push(edge);
  return edge.port;
}

beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
  vaultRedis = new Redis(brokers.vault!.url);
  store = new OrderStore(redis, ns);
  watcher = new OrderWatcher(new Redis(brokers.redis!.url), ns);
  await watcher.whenReady();
});
beforeEach(async () => {
  flow = testFlow();
  port = await edgeFor(flow);
});
afterAll(async () => {
  await Promise.all(edges.map((e) => e.close(100)));
  watcher?.close();
  redis?.disconnect();
  vaultRedis?.disconnect();
  await brokers?.stop();
});

const body = (overrides: Record<string, unknown> = {}) => ({
  customerId: 'cust-1',
  email: 'ada@example.com',
  items: [{ sku: regularSku(1), quantity: 2 }],
  card: { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '123' },
  ...overrides,
});

let keys = 0;
const newKey = () => `route-key-${++keys}-${Date.now()}`;

async function post(payload: unknown, headers: Record<string, string> = {}, to = port) {
  const res = await fetch(`http://127.0.0.1:${to}/checkout`, {
    method: 'POST',
    body: JSON.stringify(payload),
    headers: { 'content-type': 'application/json', ...headers },
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { orderId: string } & Record<string, unknown>,
  };
}

/**
 * A run that waits for the test: `started` once the flow has the order,
 * `release` lets it end with `end` (confirmed, unless told otherwise).
 */
function heldRun(end: (orderId: string) => Promise<unknown> = async () => undefined) {
  let release!: () => void;
  let started!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const running = new Promise<void>((r) => (started = r));
  const script = async ({ order }: RecordedCheckout): Promise<CheckoutOutcome> => {
    started();
    await released;
    await end(order.orderId);
    return confirmed(order.orderId);
  };
  return { script, running, release };
}

describe('checkoutRoute', () => {
  it('records the order, runs the flow, and answers its outcome', async () => {
    const res = await post(body());
    expect(res).toMatchObject({ status: 200, body: { status: 'confirmed' } });
    const [run] = flow.runs;
    expect(run?.order.orderId).toBe(res.body.orderId);
    expect(run?.order).toMatchObject({ variant: 'sync', card: { last4: '4242' } });
    // Without a client key, the order id is the key a charge is made under.
    expect(run?.order.idempotencyKey).toBe(run?.order.orderId);
    expect(await store.get(res.body.orderId)).toMatchObject({ status: 'accepted' });
    expect(JSON.stringify(await store.get(res.body.orderId))).not.toContain(TEST_CARDS.accepted);
  });

  it('answers 202 for an accepted outcome, and records the flow’s event with the order', async () => {
    flow.answersFrom = 'accepted';
    flow.eventFor = (order) => ({ msgId: `${order.orderId}:placed`, subject: 's', data: 'd' });
    flow.script = async ({ order }) => accepted(order.orderId);
    const res = await post(body());
    expect(res).toEqual({
      status: 202,
      headers: expect.anything(),
      body: { orderId: res.body.orderId, status: 'accepted' },
    });
    const [run] = flow.runs;
    expect(run?.event?.msgId).toBe(`${res.body.orderId}:placed`);
    const entries = await new Outbox(redis, ns).due(0, 100);
    expect(entries.find((e) => e.entryId === run?.outboxEntry)?.msgId).toBe(run?.event?.msgId);
  });

  it('answers a failure and its replay with the same status and body', async () => {
    flow.script = async ({ order }) => {
      const error = new CardDeclinedError('the card issuer declined the charge');
      await store.transition(order.orderId, 'failed', {
        reason: error.code,
        message: error.message,
      });
      return failed(order.orderId, error);
    };
    const key = { 'idempotency-key': newKey() };
    const fresh = await post(body(), key);
    expect(fresh).toMatchObject({
      status: 402,
      body: { error: 'card_declined', orderId: expect.any(String) },
    });
    const again = await post(body(), key);
    expect([again.status, again.body]).toEqual([fresh.status, fresh.body]);
    expect(flow.runs).toHaveLength(1);
  });

  it('makes a repeated key wait for its running order, then answers the same order', async () => {
    const held = heldRun((id) => store.transition(id, 'confirmed'));
    flow.script = held.script;
    const key = { 'idempotency-key': newKey() };
    const first = post(body(), key);
    await held.running;
    const second = post(body(), key);
    await waitUntil(async () => watcher.watched > 0, { timeoutMs: 5_000, what: 'replay waiting' });
    held.release();
    const answers = await Promise.all([first, second]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[1]!.body).toEqual(answers[0]!.body);
    expect(flow.runs).toHaveLength(1);
  });

  it('answers a replay still short of its answer after the flow’s wait as accepted', async () => {
    flow.replayWaitMs = 50;
    const held = heldRun();
    flow.script = held.script;
    const key = { 'idempotency-key': newKey() };
    const first = post(body(), key);
    await held.running;
    const replay = await post(body(), key);
    held.release();
    const orderId = (await first).body.orderId;
    expect(replay).toMatchObject({ status: 202, body: { orderId, status: 'accepted' } });
  });

  it('answers a replay as its first answer, payment_pending, once the order is reserved', async () => {
    flow.answersFrom = 'reserved';
    flow.answersPending = true;
    let reserve!: () => void;
    const reserving = new Promise<void>((r) => (reserve = r));
    let running!: () => void;
    const started = new Promise<void>((r) => (running = r));
    flow.script = async ({ order }) => {
      running();
      await reserving;
      await store.transition(order.orderId, 'reserved');
      return paymentPending(order.orderId);
    };
    const key = { 'idempotency-key': newKey() };
    const first = post(body(), key);
    await started;
    const replay = post(body(), key);
    await waitUntil(async () => watcher.watched > 0, { timeoutMs: 5_000, what: 'replay waiting' });
    reserve();
    const answers = await Promise.all([first, replay]);
    expect(answers.map((a) => [a.status, a.body.status])).toEqual([
      [202, 'payment_pending'],
      [202, 'payment_pending'],
    ]);
    expect(answers[1]!.body).toEqual(answers[0]!.body);
  });

  it('answers a replay of an order further along with 200 and its status', async () => {
    flow.answersFrom = 'accepted';
    flow.script = async ({ order }) => accepted(order.orderId);
    const key = { 'idempotency-key': newKey() };
    const fresh = await post(body(), key);
    expect(fresh.status).toBe(202);
    await store.transition(fresh.body.orderId, 'reserved');
    const again = await post(body(), key);
    expect([again.status, again.body]).toEqual([
      200,
      { orderId: fresh.body.orderId, status: 'reserved' },
    ]);
    expect(flow.runs).toHaveLength(1);
  });

  it('leases the order while its flow runs, and only then', async () => {
    const res = await post(body());
    expect(flow.leases).toEqual([`hold ${res.body.orderId}`, `drop ${res.body.orderId}`]);
  });

  it('refuses a malformed request with 400 and records nothing', async () => {
    const key = newKey();
    const res = await post(body({ items: [] }), { 'idempotency-key': key });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect([flow.runs, flow.leases, await store.byIdempotencyKey(key)]).toEqual([
      [],
      [],
      undefined,
    ]);
  });

  it('fails the order with 503 when the vault is down, without running the flow', async () => {
    const down: CardTokenizer = {
      deposit: () => ({
        ref: { token: `tok_${'3'.repeat(32)}`, last4: '4242', brand: 'visa' },
        stored: Promise.reject(new DependencyUnavailableError('card vault', 'no answer')),
      }),
    };
    const other = testFlow();
    const to = await edgeFor(other, { vault: down });
    const key = newKey();
    const res = await post(body(), { 'idempotency-key': key }, to);
    expect(res).toMatchObject({ status: 503, body: { error: 'dependency_unavailable' } });
    expect(other.runs).toEqual([]);
    const orderId = await store.byIdempotencyKey(key);
    expect(await store.get(orderId!)).toMatchObject({
      status: 'failed',
      reason: 'dependency_unavailable',
    });
  });

  it('refuses a checkout beyond the bulkhead with 503 and Retry-After', async () => {
    const held = heldRun();
    const pooled = testFlow();
    pooled.script = held.script;
    const bulkhead = new Bulkhead({ maxInFlight: 1, maxQueued: 0, queueTimeoutMs: 2_000 });
    const to = await edgeFor(pooled, { bulkhead });
    const first = post(body(), {}, to);
    await held.running;
    const refused = await post(body(), {}, to);
    held.release();
    const served = await first;
    expect(served.status).toBe(200);
    // A checkout through the pool says how long it waited for its slot (none here).
    expect(served.headers.get('server-timing')).toBe('pool;dur=0.000');
    expect(refused).toMatchObject({ status: 503, body: { error: 'saturated' } });
    expect(refused.headers.get('retry-after')).toBe('2');
  });
});
