import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSource } from 'eventsource';
import { connect, type NatsConnection } from 'nats';
import { natsNames } from '@lab/contracts';
import { SOLD_OUT_SKU, TEST_CARDS, regularSku } from '@lab/domain';
import { Outbox } from '@lab/ledger';
import { waitUntil } from '@lab/brokers';
import {
  ALL_EFFECTS_ONCE,
  checkoutBody,
  get,
  post,
  reconcileAll,
  startLab,
  waitForHealthy,
  waitForSettled,
  type Lab,
} from './support.js';

let lab: Lab;
let checkout: string;
const names = natsNames('async');

beforeAll(async () => {
  lab = await startLab('async', { LAB_OUTBOX_MIN_AGE_MS: 200, LAB_OUTBOX_RELAY_MS: 100 });
  checkout = `${lab.stack.url}/checkout`;
}, 90_000);
afterAll(async () => {
  await lab?.stop();
});

describe('async stack, end to end', () => {
  it('accepts at once, then confirms with every effect applied exactly once', async () => {
    const res = await post(checkout, checkoutBody());
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('accepted');
    const orderId = res.body.orderId as string;
    await waitForSettled(lab, [orderId]);
    expect((await lab.store.get(orderId))?.status).toBe('confirmed');
    expect(await lab.ledger.countsOf(orderId)).toEqual(ALL_EFFECTS_ONCE);
  });

  it('streams the order through its states as server-sent events, each once, in order', async () => {
    const res = await post(checkout, checkoutBody());
    const events = await (
      await fetch(`${lab.stack.url}/orders/${res.body.orderId as string}/events`)
    ).text();
    const statuses = [...events.matchAll(/"status":"(\w+)"/g)].map((m) => m[1]);
    const ids = [...events.matchAll(/^id: (\w+)$/gm)].map((m) => m[1]);
    expect(statuses).toEqual(['accepted', 'reserved', 'paid', 'confirmed']);
    expect(ids).toEqual(statuses);
  });

  it('lets a standard EventSource follow an order and stop at its end', async () => {
    const res = await post(checkout, checkoutBody());
    const source = new EventSource(`${lab.stack.url}/orders/${res.body.orderId as string}/events`);
    const seen: string[] = [];
    source.addEventListener('status', (e) => seen.push(e.lastEventId));
    // After `confirmed` the server closes; the client's one reconnect gets 204 and it stops.
    await waitUntil(async () => source.readyState === EventSource.CLOSED, {
      timeoutMs: 20_000,
      what: 'the EventSource to stop',
    });
    source.close();
    expect(seen).toEqual(['accepted', 'reserved', 'paid', 'confirmed']);
  });

  it('fails a declined card with the reservation released and no charge', async () => {
    const res = await post(
      checkout,
      checkoutBody({ card: { number: TEST_CARDS.declined, expiry: '12/30', cvc: '123' } }),
    );
    expect(res.status).toBe(202);
    const orderId = res.body.orderId as string;
    await waitForSettled(lab, [orderId]);
    expect(await lab.store.get(orderId)).toMatchObject({
      status: 'failed',
      reason: 'card_declined',
    });
    expect(await lab.ledger.countsOf(orderId)).toEqual({ reservation: 1, release: 1 });
  });

  it('fails an order that runs out of stock, charging nothing', async () => {
    const res = await post(checkout, checkoutBody({ items: [{ sku: SOLD_OUT_SKU, quantity: 1 }] }));
    const orderId = res.body.orderId as string;
    await waitForSettled(lab, [orderId]);
    expect(await lab.store.get(orderId)).toMatchObject({
      status: 'failed',
      reason: 'out_of_stock',
    });
    expect(await lab.ledger.countsOf(orderId)).toEqual({});
  });

  it('gives one order and one charge for the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `async-key-${Date.now()}` };
    const answers = await Promise.all([
      post(checkout, checkoutBody(), headers),
      post(checkout, checkoutBody(), headers),
    ]);
    const ids = new Set(answers.map((a) => a.body.orderId));
    expect(ids.size).toBe(1);
    const orderId = [...ids][0] as string;
    await waitForSettled(lab, [orderId]);
    expect((await post(checkout, checkoutBody(), headers)).body.orderId).toBe(orderId);
    expect(await lab.ledger.countsOf(orderId)).toEqual(ALL_EFFECTS_ONCE);
  });

  it('confirms orders while the notification worker is down; the emails arrive after it returns, none twice', async () => {
    const notification = lab.stack.app('async-notification');
    await notification.stop();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await post(checkout, checkoutBody())).body.orderId as string);
    await waitUntil(
      async () =>
        (await Promise.all(ids.map((id) => lab.store.get(id)))).every(
          (o) => o?.status === 'confirmed',
        ),
      {
        timeoutMs: 20_000,
        what: 'orders to confirm without the notification worker',
      },
    );
    for (const id of ids) expect((await lab.ledger.countsOf(id)).email).toBeUndefined();
    await notification.start();
    await waitForSettled(lab, ids);
    for (const id of ids) expect(await lab.ledger.countsOf(id)).toEqual(ALL_EFFECTS_ONCE);
  });

  it('keeps answering 202 while NATS is down, and completes every order once it is back', async () => {
    await lab.brokers.nats!.stop();
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const res = await post(checkout, checkoutBody());
        expect(res.status).toBe(202);
        ids.push(res.body.orderId as string);
      }
      expect(await new Outbox(lab.redis, 'async').size()).toBeGreaterThanOrEqual(5);
    } finally {
      await lab.brokers.nats!.start();
    }
    await waitForSettled(lab, ids, 45_000);
    for (const id of ids) expect(await lab.ledger.countsOf(id)).toEqual(ALL_EFFECTS_ONCE);
    await waitForHealthy(lab.stack.url);
  });

  it('moves a poison message to the dead-letter stream, and the rest keep flowing', async () => {
    const nc: NatsConnection = await connect({ servers: lab.brokers.nats!.url });
    try {
      const js = nc.jetstream();
      await js.publish(names.subject('placed'), new TextEncoder().encode('{"not":"an event"'), {
        msgID: `poison-${Date.now()}`,
      });
      const jsm = await nc.jetstreamManager();
      await waitUntil(
        async () => (await jsm.streams.info(names.deadLetterStream)).state.messages >= 1,
        {
          timeoutMs: 15_000,
          what: 'a dead letter',
        },
      );
      const dead = await jsm.streams.getMessage(names.deadLetterStream, {
        last_by_subj: names.deadLetterSubject('inventory.placed'),
      });
      expect(dead.header.get('Lab-Dead-Reason')).toMatch(/JSON/);
    } finally {
      await nc.close();
    }
    const res = await post(checkout, checkoutBody());
    await waitForSettled(lab, [res.body.orderId as string]);
    expect((await lab.store.get(res.body.orderId as string))?.status).toBe('confirmed');
  });

  it.each([
    ['bad JSON', '{"customerId": ', 400],
    ['a negative quantity', checkoutBody({ items: [{ sku: regularSku(1), quantity: -1 }] }), 400],
    ['wrong types', checkoutBody({ email: 42 }), 400],
    ['a huge body', checkoutBody({ customerId: 'x'.repeat(100_000) }), 413],
  ])('rejects %s and writes nothing', async (_, body, status) => {
    const outbox = new Outbox(lab.redis, 'async');
    const orders = (await lab.store.ids()).length;
    const pending = await outbox.size();
    const res = await post(checkout, body);
    expect(res.status).toBe(status);
    expect((await lab.store.ids()).length).toBe(orders);
    expect(await outbox.size()).toBe(pending);
  });

  it('answers health with its brokers and the card vault named', async () => {
    const health = await get(`${lab.stack.url}/healthz`);
    expect(health.body.checks).toEqual({ redis: 'ok', vault: 'ok', nats: 'ok' });
  });

  it('lost nothing and applied nothing twice', async () => {
    const result = await reconcileAll(lab, 'async');
    expect(result.accepted).toBeGreaterThan(15);
    expect(result).toMatchObject({
      lost: 0,
      duplicateEffects: 0,
      orphanCharges: 0,
      missingEffects: 0,
      leakedReservations: 0,
    });
  });
});
