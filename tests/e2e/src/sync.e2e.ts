import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOLD_OUT_SKU, TEST_CARDS, regularSku } from '@lab/domain';
import {
  checkoutBody,
  get,
  post,
  reconcileAll,
  startLab,
  waitForHealthy,
  type Lab,
} from './support.js';

let lab: Lab;
let checkout: string;

beforeAll(async () => {
  lab = await startLab('sync');
  checkout = `${lab.stack.url}/checkout`;
}, 90_000);
afterAll(async () => {
  await lab?.stop();
});

describe('sync stack, end to end', () => {
  it('answers healthy once all five services serve', async () => {
    const health = await get(`${lab.stack.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.body.checks).toEqual({
      redis: 'ok',
      vault: 'ok',
      payment: 'ok',
      inventory: 'ok',
      notification: 'ok',
      analytics: 'ok',
      warehouse: 'ok',
    });
  });

  it('confirms a valid checkout and applies each effect exactly once', async () => {
    const before = (await lab.stock.levels([regularSku(1)])).get(regularSku(1))!;
    const res = await post(checkout, checkoutBody());
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('confirmed');
    const orderId = res.body.orderId as string;
    expect(await lab.ledger.countsOf(orderId)).toEqual({
      reservation: 1,
      charge: 1,
      email: 1,
      analytics: 1,
      warehouse: 1,
    });
    expect((await lab.store.get(orderId))?.status).toBe('confirmed');
    expect((await lab.stock.levels([regularSku(1)])).get(regularSku(1))).toBe(before - 2);
    const view = await get(`${lab.stack.url}/orders/${orderId}`);
    expect(view.body).toEqual({
      orderId,
      variant: 'sync',
      status: 'confirmed',
      effects: { reservation: 1, charge: 1, email: 1, analytics: 1, warehouse: 1 },
    });
  });

  it('answers 402 for a declined card, releases the reservation and keeps no charge', async () => {
    const before = (await lab.stock.levels([regularSku(2)])).get(regularSku(2))!;
    const res = await post(
      checkout,
      checkoutBody({
        items: [{ sku: regularSku(2), quantity: 1 }],
        card: { number: TEST_CARDS.declined, expiry: '12/30', cvc: '123' },
      }),
    );
    expect(res.status).toBe(402);
    expect(res.body.error).toBe('card_declined');
    const orderId = res.body.orderId as string;
    expect(await lab.ledger.countsOf(orderId)).toEqual({ reservation: 1, release: 1 });
    expect(await lab.store.get(orderId)).toMatchObject({
      status: 'failed',
      reason: 'card_declined',
    });
    expect((await lab.stock.levels([regularSku(2)])).get(regularSku(2))).toBe(before);
  });

  it('answers 409 when stock runs out, and charges nothing', async () => {
    const res = await post(
      checkout,
      checkoutBody({
        items: [
          { sku: regularSku(3), quantity: 1 },
          { sku: SOLD_OUT_SKU, quantity: 1 },
        ],
      }),
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: 'out_of_stock',
      message: `not enough stock for ${SOLD_OUT_SKU}`,
    });
    const orderId = res.body.orderId as string;
    expect(await lab.ledger.countsOf(orderId)).toEqual({});
    expect(await lab.store.get(orderId)).toMatchObject({
      status: 'failed',
      reason: 'out_of_stock',
    });
  });

  it('gives one order and one charge for the same Idempotency-Key, even sent at once', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const answers = await Promise.all([
      post(checkout, checkoutBody(), headers),
      post(checkout, checkoutBody(), headers),
      post(checkout, checkoutBody(), headers),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const ids = new Set(answers.map((a) => a.body.orderId));
    expect(ids.size).toBe(1);
    const later = await post(checkout, checkoutBody(), headers);
    expect(later.body.orderId).toBe([...ids][0]);
    expect((await lab.ledger.countsOf([...ids][0] as string)).charge).toBe(1);
  });

  it('fails clearly with the notification service down, refunding the charge; recovers when it is back', async () => {
    const notification = lab.stack.app('sync-notification');
    await notification.stop();
    try {
      const health = await get(`${lab.stack.url}/healthz`);
      expect(health.status).toBe(503);
      expect(health.body.missing).toEqual([expect.stringMatching(/^notification: unreachable/)]);

      const res = await post(checkout, checkoutBody());
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        error: 'dependency_unavailable',
        message: expect.stringMatching(/^notification\.SendEmail is unavailable/),
      });
      const orderId = res.body.orderId as string;
      expect(await lab.ledger.countsOf(orderId)).toEqual({
        reservation: 1,
        release: 1,
        charge: 1,
        refund: 1,
      });
      expect(await lab.store.get(orderId)).toMatchObject({
        status: 'failed',
        reason: 'dependency_unavailable',
      });
    } finally {
      await notification.start();
    }
    await waitForHealthy(lab.stack.url);
    expect((await post(checkout, checkoutBody())).status).toBe(200);
  });

  it.each([
    ['bad JSON', '{"customerId": "c1", ', 400, 'invalid_request'],
    ['missing fields', { customerId: 'c1' }, 400, 'invalid_request'],
    [
      'a negative quantity',
      checkoutBody({ items: [{ sku: regularSku(1), quantity: -3 }] }),
      400,
      'invalid_request',
    ],
    ['wrong types', checkoutBody({ items: 'two apples', card: 4242 }), 400, 'invalid_request'],
    [
      'an unknown SKU',
      checkoutBody({ items: [{ sku: 'SKU-NOPE', quantity: 1 }] }),
      400,
      'invalid_request',
    ],
    ['a huge body', checkoutBody({ customerId: 'x'.repeat(200_000) }), 413, 'body_too_large'],
  ])('rejects %s and touches nothing', async (_, body, status, error) => {
    const orders = (await lab.store.ids()).length;
    const stock = await lab.stock.levels([regularSku(1)]);
    const res = await post(checkout, body);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
    expect((await lab.store.ids()).length).toBe(orders);
    expect(await lab.stock.levels([regularSku(1)])).toEqual(stock);
  });

  it('rejects a malformed Idempotency-Key with 400', async () => {
    const res = await post(checkout, checkoutBody(), { 'idempotency-key': 'has spaces in it' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { path: 'Idempotency-Key', message: expect.stringMatching(/printable ASCII/) },
    ]);
  });

  it('counts requests in /metrics', async () => {
    const text = await (await fetch(`${lab.stack.url}/metrics`)).text();
    expect(text).toMatch(
      /lab_http_requests_total\{method="POST",route="\/checkout",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /lab_http_requests_total\{method="POST",route="\/checkout",status="402"\} 1/,
    );
  });

  it('lost nothing and applied nothing twice', async () => {
    const result = await reconcileAll(lab, 'sync');
    expect(result.accepted).toBeGreaterThan(5);
    expect(result).toMatchObject({
      lost: 0,
      duplicateEffects: 0,
      orphanCharges: 0,
      missingEffects: 0,
      leakedReservations: 0,
    });
  });
});
