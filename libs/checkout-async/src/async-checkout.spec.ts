import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import type { CheckoutOrder } from '@lab/checkout-flow';
import { decodeEvent, natsNames } from '@lab/contracts';
import { DependencyUnavailableError } from '@lab/domain';
import { OrderStore, type OutboxEvent } from '@lab/ledger';
import { createLogger } from '@lab/telemetry';
import { AsyncCheckout } from './async-checkout.js';

const namespace = 'async-flow';
let brokers: Brokers;
let redis: Redis;
let store: OrderStore;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
  store = new OrderStore(redis, namespace);
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

let next = 0;
const order = (): CheckoutOrder => ({
  orderId: `async-${++next}`,
  variant: 'async',
  customerId: 'c',
  email: 'a@b.co',
  items: [{ sku: 'SKU-0001', quantity: 1 }],
  amountCents: 100,
  idempotencyKey: `key-${next}`,
  card: { token: `tok_${'1'.repeat(32)}`, last4: '4242', brand: 'visa' },
});

/** The flow, with a publisher that notes what it was handed. */
function flow() {
  const published: [string | undefined, OutboxEvent][] = [];
  const checkout = new AsyncCheckout({
    namespace,
    store,
    publisher: { publishSoon: (entry, event) => void published.push([entry, event]) },
    logger: createLogger('async-checkout', { level: 'silent' }),
  });
  return { checkout, published };
}

/** The order recorded with its placed event, as the edge does it. */
async function record(checkout: AsyncCheckout, o: CheckoutOrder) {
  const event = checkout.eventFor(o);
  const created = await store.create(o, Date.now(), event);
  return { event, outboxEntry: created.outboxEntry };
}

describe('AsyncCheckout', () => {
  it('records a placed event with the card’s token and nothing else of the card', () => {
    const o = order();
    const event = flow().checkout.eventFor(o);
    expect(event.subject).toBe(natsNames(namespace).subject('placed'));
    const decoded = decodeEvent(new TextEncoder().encode(event.data));
    expect(decoded).toMatchObject({ type: 'placed', card: o.card, order: { orderId: o.orderId } });
  });

  it('is accepted at once, and hands the event on only once the vault has the card', async () => {
    const { checkout, published } = flow();
    const o = order();
    const { event, outboxEntry } = await record(checkout, o);
    let stored!: () => void;
    const cardStored = new Promise<void>((r) => (stored = r));
    const outcome = await checkout.run({ order: o, event, outboxEntry, cardStored });
    expect(outcome).toEqual({ kind: 'accepted', orderId: o.orderId, status: 'accepted' });
    expect(published).toEqual([]);
    stored();
    await waitUntil(async () => published.length === 1, { timeoutMs: 2000, what: 'publish' });
    expect(published).toEqual([[outboxEntry, event]]);
  });

  it('fails the order, and hands nothing on, when the vault lost the card', async () => {
    const { checkout, published } = flow();
    const o = order();
    const { event, outboxEntry } = await record(checkout, o);
    const cardStored = Promise.reject(new DependencyUnavailableError('card vault', 'gone'));
    const outcome = await checkout.run({ order: o, event, outboxEntry, cardStored });
    expect(outcome.kind).toBe('accepted');
    await waitUntil(async () => (await store.get(o.orderId))?.status === 'failed', {
      timeoutMs: 2000,
      what: 'the order failed',
    });
    expect(await store.get(o.orderId)).toMatchObject({
      reason: 'dependency_unavailable',
      message: expect.stringMatching(/^the card vault did not keep the card: /),
    });
    expect(published).toEqual([]);
  });

  it('answers from accepted: a replay never waits', () => {
    const { checkout } = flow();
    expect([checkout.answersFrom, checkout.replayWaitMs, 'lease' in checkout]).toEqual([
      'accepted',
      0,
      false,
    ]);
  });
});
