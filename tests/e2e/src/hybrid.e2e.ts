import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOLD_OUT_SKU, TEST_CARDS, regularSku } from '@lab/domain';
import { waitUntil } from '@lab/brokers';
import {
  ALL_EFFECTS_ONCE,
  checkoutBody,
  get,
  post,
  reconcileAll,
  startLab,
  waitForSettled,
  type Lab,
} from './support.js';

let lab: Lab;
let checkout: string;

beforeAll(async () => {
  lab = await startLab('hybrid', { LAB_OUTBOX_MIN_AGE_MS: 200, LAB_OUTBOX_RELAY_MS: 100 });
  checkout = `${lab.stack.url}/checkout`;
}, 90_000);
afterAll(async () => {
  await lab?.stop();
});

describe('hybrid stack, end to end', () => {
  it('answers confirmed after the charge; email, analytics and warehouse follow, once each', async () => {
    const res = await post(checkout, checkoutBody());
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('confirmed');
    const orderId = res.body.orderId as string;
    const atAnswer = await lab.ledger.countsOf(orderId);
    expect(atAnswer).toMatchObject({ reservation: 1, charge: 1 });
    await waitForSettled(lab, [orderId]);
    expect(await lab.ledger.countsOf(orderId)).toEqual(ALL_EFFECTS_ONCE);
  });

  it('answers 402 for a declined card, releasing the reservation', async () => {
    const res = await post(
      checkout,
      checkoutBody({ card: { number: TEST_CARDS.declined, expiry: '12/30', cvc: '123' } }),
    );
    expect(res.status).toBe(402);
    expect(await lab.ledger.countsOf(res.body.orderId as string)).toEqual({
      reservation: 1,
      release: 1,
    });
  });

  it('answers 409 when stock runs out', async () => {
    const res = await post(checkout, checkoutBody({ items: [{ sku: SOLD_OUT_SKU, quantity: 1 }] }));
    expect(res.status).toBe(409);
    expect(await lab.ledger.countsOf(res.body.orderId as string)).toEqual({});
  });

  it('gives one order and one charge for the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `hybrid-key-${Date.now()}` };
    const answers = await Promise.all([
      post(checkout, checkoutBody(), headers),
      post(checkout, checkoutBody(), headers),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(new Set(answers.map((a) => a.body.orderId)).size).toBe(1);
    await waitForSettled(lab, [answers[0]!.body.orderId as string]);
    expect(await lab.ledger.countsOf(answers[0]!.body.orderId as string)).toEqual(ALL_EFFECTS_ONCE);
  });

  it('still confirms with the notification worker down (the article’s point); the email comes later, once', async () => {
    const notification = lab.stack.app('hybrid-notification');
    await notification.stop();
    let orderId: string;
    try {
      const res = await post(checkout, checkoutBody());
      expect(res.status).toBe(200);
      orderId = res.body.orderId as string;
      await waitUntil(async () => (await lab.ledger.countsOf(orderId)).warehouse === 1, {
        timeoutMs: 10_000,
        what: 'warehouse',
      });
      expect((await lab.ledger.countsOf(orderId)).email).toBeUndefined();
    } finally {
      await notification.start();
    }
    await waitForSettled(lab, [orderId]);
    expect(await lab.ledger.countsOf(orderId)).toEqual(ALL_EFFECTS_ONCE);
  });

  it('rejects a malformed body with 400 and records nothing', async () => {
    const before = (await lab.store.ids()).length;
    const res = await post(
      checkout,
      checkoutBody({ items: [{ sku: regularSku(1), quantity: 0 }] }),
    );
    expect(res.status).toBe(400);
    expect((await lab.store.ids()).length).toBe(before);
  });

  it('answers health naming redis, the card vault, nats and its two gRPC services', async () => {
    expect((await get(`${lab.stack.url}/healthz`)).body.checks).toEqual({
      redis: 'ok',
      vault: 'ok',
      nats: 'ok',
      payment: 'ok',
      inventory: 'ok',
    });
  });

  it('lost nothing and applied nothing twice', async () => {
    const result = await reconcileAll(lab, 'hybrid');
    expect(result).toMatchObject({
      lost: 0,
      duplicateEffects: 0,
      orphanCharges: 0,
      missingEffects: 0,
      leakedReservations: 0,
    });
  });
});
