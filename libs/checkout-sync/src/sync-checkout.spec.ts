import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import type { CheckoutOrder } from '@lab/checkout-flow';
import { loadConfig } from '@lab/config';
import {
  CHECKOUT_STEPS,
  CardDeclinedError,
  DependencyUnavailableError,
  InternalError,
} from '@lab/domain';
import { OrderStore } from '@lab/ledger';
import { createLogger } from '@lab/telemetry';
import { fakeClients } from './fixtures/fake-clients.js';
import { SyncCheckout } from './sync-checkout.js';

let brokers: Brokers;
let redis: Redis;
let store: OrderStore;
const config = loadConfig({}, { workspaceRoot: '/' });
const logger = createLogger('sync-checkout', { level: 'silent' });
const flows: SyncCheckout[] = [];
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
  store = new OrderStore(redis, 'sync-flow');
});
afterEach(async () => {
  await Promise.all(flows.splice(0).map((f) => f.close()));
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

let next = 0;
async function recorded(): Promise<CheckoutOrder> {
  const order: CheckoutOrder = {
    orderId: `sync-${++next}`,
    variant: 'sync',
    customerId: 'c',
    email: 'a@b.co',
    items: [{ sku: 'SKU-0001', quantity: 2 }],
    amountCents: 100,
    idempotencyKey: `key-${next}`,
    card: { token: `tok_${'0'.repeat(32)}`, last4: '4242', brand: 'visa' },
  };
  await store.create(order);
  return order;
}

function flowWith(answers: Record<string, unknown> = {}) {
  const fake = fakeClients(answers);
  const flow = new SyncCheckout({ clients: fake.clients, store, logger, config });
  flows.push(flow);
  return { flow, calls: fake.calls };
}

describe('SyncCheckout', () => {
  it('runs all seven steps in order, then is confirmed', async () => {
    const { flow, calls } = flowWith();
    const order = await recorded();
    const outcome = await flow.run({ order, cardStored: Promise.resolve() });
    expect(outcome).toEqual({ kind: 'confirmed', orderId: order.orderId });
    expect(calls).toEqual([
      'ValidatePayment',
      'CheckStock',
      'Reserve',
      'Charge',
      'SendEmail',
      'RecordOrder',
      'NotifyShipment',
    ]);
    expect((await store.get(order.orderId))?.status).toBe('confirmed');
  });

  it('fails with the step’s own error and undoes the charge and the reservation', async () => {
    const { flow, calls } = flowWith({ Charge: new CardDeclinedError('issuer said no') });
    const order = await recorded();
    const outcome = await flow.run({ order, cardStored: Promise.resolve() });
    expect(outcome).toMatchObject({ kind: 'failed', orderId: order.orderId });
    expect(outcome.kind === 'failed' && outcome.error).toBeInstanceOf(CardDeclinedError);
    expect(calls).toEqual([
      'ValidatePayment',
      'CheckStock',
      'Reserve',
      'Charge',
      'Refund',
      'Release',
    ]);
    expect(await store.get(order.orderId)).toMatchObject({
      status: 'failed',
      reason: 'card_declined',
    });
  });

  it('fails out of stock without reserving or undoing anything', async () => {
    const { flow, calls } = flowWith({ CheckStock: { available: false, shortSkus: ['SKU-0001'] } });
    const order = await recorded();
    const outcome = await flow.run({ order, cardStored: Promise.resolve() });
    expect(outcome.kind === 'failed' && outcome.error.code).toBe('out_of_stock');
    expect(calls).toEqual(['ValidatePayment', 'CheckStock']);
  });

  it('makes no call when the vault lost the card', async () => {
    const { flow, calls } = flowWith();
    const order = await recorded();
    const lost = Promise.reject(new DependencyUnavailableError('card vault'));
    const outcome = await flow.run({ order, cardStored: lost });
    expect(outcome.kind === 'failed' && outcome.error.code).toBe('dependency_unavailable');
    expect(calls).toEqual([]);
  });

  it('turns a failure that is no domain error into an internal one', async () => {
    const { flow } = flowWith({ SendEmail: new Error('socket hang up') });
    const order = await recorded();
    const outcome = await flow.run({ order, cardStored: Promise.resolve() });
    expect(outcome.kind === 'failed' && outcome.error).toBeInstanceOf(InternalError);
  });

  it('answers from confirmed, leases its orders, and replays for seven deadlines', () => {
    const { flow } = flowWith();
    expect(flow.answersFrom).toBe('confirmed');
    expect(flow.replayWaitMs).toBe(CHECKOUT_STEPS.length * config.grpc.deadlineMs);
    expect(flow.lease.hold('held') - Date.now()).toBeGreaterThan(0);
    flow.lease.drop('held');
    expect(flow.lease.has('held')).toBe(false);
  });
});
