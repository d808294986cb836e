import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { redisKeys, signWebhook, type WebhookEvent, type WebhookEventType } from '@lab/contracts';
import { EffectsLedger, OrderStore, Outbox, type OutboxEvent } from '@lab/ledger';
import { createLogger } from '@lab/telemetry';
import { WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'whsec_receiver_unit_test';
const settings = { secret: SECRET, toleranceMs: 60_000, dedupeTtlMs: 600_000 };
const logger = createLogger('webhook-test', { level: 'silent' });
let brokers: Brokers;
let redis: Redis;
let n = 0;

beforeAll(async () => {
  brokers = await startBrokers({ nats: false, vault: false });
  redis = new Redis(brokers.redis!.url);
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

/** A stack of its own per test, with one order reserved and its charge requested. */
async function stackWithOrder(stack: 'async' | 'hybrid' = 'async') {
  const namespace = `wh${String(++n)}`;
  const store = new OrderStore(redis, namespace);
  const ledger = new EffectsLedger(redis, namespace);
  const published: OutboxEvent[] = [];
  const refunds: string[] = [];
  const orderId = `o-${String(n)}`;
  await store.create(
    {
      orderId,
      variant: stack,
      customerId: 'c-1',
      email: 'a@example.com',
      items: [{ sku: 'sku-1', quantity: 1 }],
      amountCents: 700,
    },
    Date.now(),
    undefined,
    Date.now() + 60_000,
  );
  await store.transition(orderId, 'reserved');
  const receiver = new WebhookReceiver(
    redis,
    {
      namespace,
      stack,
      store,
      ledger,
      outbox: new Outbox(redis, namespace),
      publisher: { publishSoon: (_entry, event) => void published.push(event) },
      provider: {
        refund: async (id) => {
          refunds.push(id);
          return {} as never;
        },
      },
      logger,
    },
    settings,
  );
  const event = (type: WebhookEventType): WebhookEvent => ({
    id: `evt_ch_${String(n)}_${type.slice(7)}`,
    type,
    created: Date.now(),
    charge: {
      id: `ch_${String(n)}`,
      account: namespace,
      orderId,
      amountCents: 700,
      currency: 'EUR',
      last4: '4242',
      status: type === 'charge.failed' ? 'failed' : 'succeeded',
    },
  });
  const deliver = (e: WebhookEvent, at = Date.now()) => {
    const body = JSON.stringify(e);
    return receiver.receive(signWebhook(SECRET, body, at), body);
  };
  const keys = redisKeys(namespace);
  return { receiver, store, ledger, keys, orderId, published, refunds, event, deliver };
}

describe('WebhookReceiver', () => {
  it('confirms the order on charge.succeeded, recording the charge once', async () => {
    const s = await stackWithOrder();
    expect(await s.deliver(s.event('charge.succeeded'))).toMatchObject({ status: 200 });
    expect((await s.store.get(s.orderId))?.status).toBe('confirmed');
    expect((await s.ledger.countsOf(s.orderId)).charge).toBe(1);
    expect(s.published.map((e) => e.subject)).toEqual([expect.stringContaining('confirmed')]);
    // The provider's duplicate: signed anew, same event id.
    expect(await s.deliver(s.event('charge.succeeded'))).toMatchObject({
      status: 200,
      body: { duplicate: true },
    });
    expect((await s.ledger.countsOf(s.orderId)).charge).toBe(1);
    expect(s.published).toHaveLength(1);
  });

  it('refuses a forged, a stale and a replayed delivery with 4xx, changing nothing', async () => {
    const s = await stackWithOrder();
    const body = JSON.stringify(s.event('charge.succeeded'));
    const forged = signWebhook('whsec_someone_else_entirely', body, Date.now());
    expect((await s.receiver.receive(forged, body)).status).toBe(401);
    const stale = signWebhook(SECRET, body, Date.now() - settings.toleranceMs - 1_000);
    expect((await s.receiver.receive(stale, body)).status).toBe(400);
    expect((await s.receiver.receive(undefined, body)).status).toBe(400);
    expect((await s.store.get(s.orderId))?.status).toBe('reserved');
    const signature = signWebhook(SECRET, body, Date.now());
    expect((await s.receiver.receive(signature, body)).status).toBe(200);
    expect((await s.receiver.receive(signature, body)).status).toBe(409);
    expect((await s.ledger.countsOf(s.orderId)).charge).toBe(1);
  });

  it('refuses a replayed delivery however its signature header is spelled', async () => {
    const s = await stackWithOrder();
    const body = JSON.stringify(s.event('charge.succeeded'));
    const signature = signWebhook(SECRET, body, Date.now());
    expect((await s.receiver.receive(signature, body)).status).toBe(200);
    const respelled = signature.split(',').reverse().join(' , ');
    expect((await s.receiver.receive(respelled, body)).status).toBe(409);
  });

  it('refuses a charge other than the one requested, naming the field, changing nothing', async () => {
    const s = await stackWithOrder();
    const succeeded = s.event('charge.succeeded');
    const other = (charge: Partial<WebhookEvent['charge']>) => ({
      ...succeeded,
      charge: { ...succeeded.charge, ...charge },
    });
    const refused = async (e: WebhookEvent) => {
      const answer = await s.deliver(e);
      return [answer.status, answer.body.field];
    };
    expect(await refused(other({ amountCents: 1 }))).toEqual([400, 'charge.amountCents']);
    expect(await refused(other({ currency: 'USD' }))).toEqual([400, 'charge.currency']);
    await redis.set(s.keys.chargeRequested(s.orderId), succeeded.charge.id);
    expect(await refused(other({ id: 'ch_someone_elses' }))).toEqual([400, 'charge.id']);
    expect((await s.store.get(s.orderId))?.status).toBe('reserved');
    expect(await s.ledger.countsOf(s.orderId)).toEqual({});
    expect(await refused(succeeded)).toEqual([200, undefined]);
    expect((await s.store.get(s.orderId))?.status).toBe('confirmed');
  });

  it('refuses a signed event that is not one, naming the field', async () => {
    const s = await stackWithOrder();
    const bad = { ...s.event('charge.succeeded'), type: 'charge.lost' };
    const answer = await s.deliver(bad as unknown as WebhookEvent);
    expect(answer).toMatchObject({ status: 400, body: { field: 'type' } });
  });

  it('announces the failure of a declined charge (async) or leaves it to the settler (hybrid)', async () => {
    const a = await stackWithOrder('async');
    expect((await a.deliver(a.event('charge.failed'))).status).toBe(200);
    expect(a.published.map((e) => e.subject)).toEqual([expect.stringContaining('failed')]);
    const h = await stackWithOrder('hybrid');
    expect((await h.deliver(h.event('charge.failed'))).status).toBe(200);
    expect((await h.store.get(h.orderId))?.pendingFailure).toMatchObject({
      reason: 'card_declined',
    });
  });

  it('refunds a charge that arrives for a given-up order; charge.refunded settles it', async () => {
    const s = await stackWithOrder();
    await s.ledger.voidPayment(s.orderId);
    expect((await s.deliver(s.event('charge.succeeded'))).status).toBe(200);
    expect(s.refunds).toEqual([`ch_${String(n)}`]);
    expect((await s.store.get(s.orderId))?.status).toBe('reserved');
    expect((await s.deliver(s.event('charge.refunded'))).status).toBe(200);
    expect(await s.ledger.countsOf(s.orderId)).toMatchObject({ charge: 1, refund: 1 });
  });
});
