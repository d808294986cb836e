import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { EVENT_VERSION, decodeEvent, natsNames, type OrderEvent } from '@lab/contracts';
import { PROFILES, TEST_CARDS, createLatencyModel, type Card } from '@lab/domain';
import { CardVault, EffectsLedger, OrderStore, Outbox } from '@lab/ledger';
import { Simulator, paymentOperations } from '@lab/services';
import { Registry, createLogger } from '@lab/telemetry';
import { connectNats, type NatsConnection } from '@lab/transport-nats';
import { setupStreams } from './consumers.js';
import { snapshotOf } from './events.js';
import { EventPublisher } from './publisher.js';
import { paymentSaga, type SagaContext } from './saga.js';

const logger = createLogger('saga-test', { level: 'silent' });
let brokers: Brokers;
let redis: Redis;
let vaultRedis: Redis;
let nc: NatsConnection;
let publisher: EventPublisher;
let n = 0;

beforeAll(async () => {
  brokers = await startBrokers();
  redis = new Redis(brokers.redis!.url);
  vaultRedis = new Redis(brokers.vault!.url);
  nc = await connectNats({ urls: [brokers.nats!.url], name: 'saga-test', logger });
});
afterAll(async () => {
  await publisher?.stop();
  await nc?.close();
  redis?.disconnect();
  vaultRedis?.disconnect();
  await brokers?.stop();
});

/** A stack of its own per test, with an order already reserved, as the payment consumer gets it. */
async function reservedOrder(card: Card) {
  const namespace = `saga${++n}`;
  await setupStreams(await nc.jetstreamManager(), namespace);
  const vault = new CardVault(vaultRedis, 60_000);
  const payment = paymentOperations({
    redis,
    namespace,
    simulator: new Simulator(createLatencyModel({ profile: PROFILES.zero, timeScale: 1, seed: 1 })),
    seed: 1,
    declineRate: 0,
    vault,
  });
  const store = new OrderStore(redis, namespace);
  const outbox = new Outbox(redis, namespace);
  publisher = new EventPublisher({
    js: nc.jetstream(),
    outbox,
    logger,
    registry: new Registry(),
    timeoutMs: 2_000,
    relayIntervalMs: 100,
    minAgeMs: 100,
  });
  const ctx: SagaContext = { namespace, store, outbox, publisher };
  const ref = await vault.tokenize(card);
  const order = {
    orderId: `${namespace}-o`,
    variant: 'async' as const,
    customerId: 'c-1',
    email: 'a@b.co',
    items: [{ sku: 'SKU-0001', quantity: 1 }],
    amountCents: 500,
    idempotencyKey: `${namespace}-o`,
    card: ref,
  };
  await store.create(order);
  await store.transition(order.orderId, 'reserved');
  const event: OrderEvent = {
    type: 'reserved',
    version: EVENT_VERSION,
    order: snapshotOf(order),
    occurredAt: Date.now(),
    card: ref,
  };
  return { namespace, payment, store, ctx, order, event };
}

describe('payment saga', () => {
  it('confirms a reserved event delivered again after the charge, though the CVC is gone', async () => {
    const { namespace, payment, store, ctx, order, event } = await reservedOrder({
      number: TEST_CARDS.accepted,
      expiry: '12/30',
      cvc: '123',
    });
    // The first delivery charged the card, then its consumer died before it confirmed.
    await payment.charge({
      orderId: order.orderId,
      cardRef: order.card,
      amountCents: order.amountCents,
      currency: 'EUR',
      idempotencyKey: order.idempotencyKey,
    });
    await paymentSaga(ctx, payment).onReserved(event, { lastDelivery: false });
    expect((await store.get(order.orderId))?.status).toBe('confirmed');
    expect(await new EffectsLedger(redis, namespace).countsOf(order.orderId)).toEqual({
      charge: 1,
    });
  });

  it('fails the order, charging nothing, when the token is unknown or has expired', async () => {
    const { namespace, payment, ctx, order, event } = await reservedOrder({
      number: TEST_CARDS.accepted,
      expiry: '12/30',
      cvc: '123',
    });
    const expired = { ...event, card: { ...event.card!, token: `tok_${'e'.repeat(32)}` } };
    await paymentSaga(ctx, payment).onReserved(expired, { lastDelivery: false });
    const jsm = await nc.jetstreamManager();
    const names = natsNames(namespace);
    let failed: OrderEvent | undefined;
    await waitUntil(
      async () => {
        failed = await jsm.streams
          .getMessage(names.stream, { last_by_subj: names.subject('failed') })
          .then((m) => decodeEvent(m.data))
          .catch(() => undefined);
        return failed !== undefined;
      },
      { timeoutMs: 5_000, what: 'the failed event' },
    );
    expect(failed).toMatchObject({ reason: 'invalid_payment', order: { orderId: order.orderId } });
    expect(failed?.message).toMatch(/card token unknown or expired/);
    expect(await new EffectsLedger(redis, namespace).countsOf(order.orderId)).toEqual({});
  });
});
