import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import type { CheckoutOrder } from '@lab/checkout-flow';
import { fakeClients } from '@lab/checkout-sync/fixtures';
import { loadConfig } from '@lab/config';
import { decodeEvent } from '@lab/contracts';
import { CRITICAL_STEPS, CardDeclinedError, DependencyUnavailableError } from '@lab/domain';
import { OrderStore, Outbox, type OutboxEvent } from '@lab/ledger';
import { createLogger } from '@lab/telemetry';
import { HybridCheckout } from './hybrid-checkout.js';

const config = loadConfig({}, { workspaceRoot: '/' });
const logger = createLogger('hybrid-checkout', { level: 'silent' });
let brokers: Brokers;
let redis: Redis;
let store: OrderStore;
let outbox: Outbox;
let n = 0;
const flows: HybridCheckout[] = [];
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
});
afterEach(async () => {
  await Promise.all(flows.splice(0).map((f) => f.close()));
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

/** A namespace of its own per test, an order recorded in it, and the flow. */
async function setUp(answers: Record<string, unknown> = {}, flowConfig = config) {
  const namespace = `hybrid${++n}`;
  store = new OrderStore(redis, namespace);
  outbox = new Outbox(redis, namespace);
  const order: CheckoutOrder = {
    orderId: `hybrid-${n}`,
    variant: 'hybrid',
    customerId: 'c',
    email: 'a@b.co',
    items: [{ sku: 'SKU-0001', quantity: 1 }],
    amountCents: 100,
    idempotencyKey: `key-${n}`,
    card: { token: `tok_${'2'.repeat(32)}`, last4: '4242', brand: 'visa' },
  };
  await store.create(order, Date.now(), undefined, Date.now() + flowConfig.settlement.leaseMs);
  const fake = fakeClients(answers);
  const published: [string | undefined, OutboxEvent][] = [];
  const flow = new HybridCheckout({
    namespace,
    clients: fake.clients,
    store,
    publisher: { publishSoon: (entry, event) => void published.push([entry, event]) },
    logger,
    config: flowConfig,
  });
  flows.push(flow);
  return { flow, order, calls: fake.calls, published, clients: fake.clients };
}

describe('HybridCheckout', () => {
  it('runs the critical path, then records confirmed with its event in one write, then publishes it', async () => {
    const { flow, order, calls, published } = await setUp();
    const outcome = await flow.run({ order, cardStored: Promise.resolve() });
    expect(outcome).toEqual({ kind: 'confirmed', orderId: order.orderId });
    expect(calls).toEqual(['ValidatePayment', 'CheckStock', 'Reserve', 'Charge']);
    expect((await store.get(order.orderId))?.status).toBe('confirmed');
    const [entry] = await outbox.due(0, 10);
    expect(entry).toBeDefined();
    expect(published).toEqual([
      [entry!.entryId, { msgId: entry!.msgId, subject: entry!.subject, data: entry!.data }],
    ]);
    expect(decodeEvent(new TextEncoder().encode(entry!.data))).toMatchObject({
      type: 'confirmed',
      chargeId: 'ch-1',
      order: { orderId: order.orderId },
    });
  });

  it('fails with the step’s error, compensates, and announces nothing', async () => {
    const { flow, order, calls, published } = await setUp({ Charge: new CardDeclinedError() });
    const outcome = await flow.run({ order, cardStored: Promise.resolve() });
    expect(outcome.kind === 'failed' && outcome.error).toBeInstanceOf(CardDeclinedError);
    expect(calls.slice(-2)).toEqual(['Refund', 'Release']);
    expect(await store.get(order.orderId)).toMatchObject({
      status: 'failed',
      reason: 'card_declined',
    });
    expect([published, await outbox.size()]).toEqual([[], 0]);
  });

  it('makes no call when the vault lost the card', async () => {
    const { flow, order, calls } = await setUp();
    const lost = Promise.reject(new DependencyUnavailableError('card vault'));
    const outcome = await flow.run({ order, cardStored: lost });
    expect(outcome.kind === 'failed' && outcome.error.code).toBe('dependency_unavailable');
    expect(calls).toEqual([]);
  });

  it('answers from confirmed, leases its orders, and replays for four deadlines', async () => {
    const { flow } = await setUp();
    expect(flow.answersFrom).toBe('confirmed');
    expect(flow.replayWaitMs).toBe(CRITICAL_STEPS.length * config.grpc.deadlineMs);
    expect(flow.lease.hold('held')).toBeGreaterThan(Date.now());
    flow.lease.drop('held');
  });

  describe('charging by webhook', () => {
    const webhook = loadConfig(
      { LAB_CHARGING: 'webhook', LAB_SETTLE_INTERVAL_MS: '20' },
      { workspaceRoot: '/' },
    );

    /** Charges, then runs `meanwhile` before the gateway hears back (the provider's event overtaking it). */
    async function chargeWith(meanwhile: (orderId: string) => Promise<void>) {
      const set = await setUp({}, webhook);
      const payment = set.clients.payment;
      const call = payment.call.bind(payment);
      payment.call = (async (method: string, ...rest: unknown[]) => {
        const answer = await (call as (m: string, ...r: unknown[]) => Promise<unknown>)(
          method,
          ...rest,
        );
        if (method === 'Charge') await meanwhile(set.order.orderId);
        return answer;
      }) as typeof payment.call;
      // Held and dropped by the edge around the run, as the edge does.
      set.flow.lease.hold(set.order.orderId);
      const outcome = await set.flow.run({ order: set.order, cardStored: Promise.resolve() });
      set.flow.lease.drop(set.order.orderId);
      return { ...set, outcome };
    }

    it('answers payment_pending once reserved, then requests the charge and hands the lease to the provider’s event', async () => {
      const { order, outcome, calls } = await chargeWith(async () => undefined);
      expect(outcome).toMatchObject({ kind: 'payment_pending', orderId: order.orderId });
      expect(flows.at(-1)?.answersPending).toBe(true);
      const requested = async () => (await store.get(order.orderId))?.chargeRequestedAt;
      await waitUntil(async () => (await requested()) !== undefined, {
        timeoutMs: 5_000,
        what: 'the charge requested',
      });
      expect(calls).toEqual(['ValidatePayment', 'CheckStock', 'Reserve', 'Charge']);
      expect((await store.get(order.orderId))?.status).toBe('reserved');
      expect(await redis.zscore(store.keys.leases, order.orderId)).toBe(
        String(Number.MAX_SAFE_INTEGER),
      );
    });

    it('fails the order after its answer when the charge request fails, compensated', async () => {
      const set = await setUp(
        { Charge: new DependencyUnavailableError('payment provider') },
        webhook,
      );
      set.flow.lease.hold(set.order.orderId);
      const outcome = await set.flow.run({ order: set.order, cardStored: Promise.resolve() });
      set.flow.lease.drop(set.order.orderId);
      expect(outcome).toMatchObject({ kind: 'payment_pending', orderId: set.order.orderId });
      const failedNow = async () => (await store.get(set.order.orderId))?.status === 'failed';
      await waitUntil(failedNow, { timeoutMs: 5_000, what: 'the order failed' });
      expect(await store.get(set.order.orderId)).toMatchObject({
        reason: 'dependency_unavailable',
      });
      expect(set.calls.slice(-2)).toEqual(['Refund', 'Release']);
    });

    it('leaves an order due for the settler when charge.failed came before the hand-over', async () => {
      const declined = { reason: 'card_declined' as const, message: 'declined by the issuer' };
      const { order, calls } = await chargeWith((id) => store.deferFailure(id, declined));
      const settled = async () => (await store.get(order.orderId))?.status === 'failed';
      await waitUntil(settled, { timeoutMs: 5_000, what: 'the settler to fail the order' });
      expect(await store.get(order.orderId)).toMatchObject({ reason: 'card_declined' });
      expect(calls).toContain('Release');
    });
  });
});
