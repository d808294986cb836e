import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@lab/brokers';
import { signWebhook, type WebhookEvent } from '@lab/contracts';
import { TEST_CARDS } from '@lab/domain';
import { startPaymentProvider } from '@lab/launcher';
import { ALL_EFFECTS_ONCE, checkoutBody, post, reconcileAll, waitForSettled } from './support.js';
import {
  SECRET,
  deliver,
  providerStats,
  startWebhookLab,
  type WebhookLab,
} from './webhook-support.js';

let lab: WebhookLab;
let checkout: string;

// Every event twice and half of them held back: duplicates and reordering on throughout.
beforeAll(async () => {
  lab = await startWebhookLab('hybrid', {
    LAB_WEBHOOK_DUPLICATE_RATE: 1,
    LAB_WEBHOOK_REORDER_RATE: 0.5,
  });
  checkout = `${lab.stack.url}/checkout`;
}, 90_000);
afterAll(async () => {
  await lab?.stop();
});

/** The succeeded event of a confirmed order, as the provider sent it. */
async function succeededEventOf(orderId: string): Promise<WebhookEvent> {
  const charge = (await lab.ledger.effectsOf(orderId)).find((e) => e.effect === 'charge')!;
  return {
    id: `evt_${charge.requestId}_succeeded`,
    type: 'charge.succeeded',
    created: Date.now(),
    charge: {
      id: charge.requestId,
      account: 'hybrid',
      orderId,
      amountCents: charge.data?.amountCents as number,
      currency: 'EUR',
      last4: '4242',
      status: 'succeeded',
    },
  };
}

async function placeConfirmed(): Promise<string> {
  const res = await post(checkout, checkoutBody());
  expect(res.status).toBe(202);
  const orderId = res.body.orderId as string;
  await waitForSettled(lab, [orderId]);
  return orderId;
}

describe('hybrid charging by webhook, end to end', () => {
  it('answers 202 payment_pending, then the event confirms it, every effect once despite duplicates', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post(checkout, checkoutBody())),
    );
    for (const a of answers) expect(a.body.status).toBe('payment_pending');
    const ids = answers.map((a) => a.body.orderId as string);
    await waitForSettled(lab, ids);
    for (const id of ids) {
      expect((await lab.store.get(id))?.status).toBe('confirmed');
      expect(await lab.ledger.countsOf(id)).toEqual(ALL_EFFECTS_ONCE);
    }
    await waitUntil(async () => (await providerStats(lab)).pendingDeliveries === 0, {
      timeoutMs: 10_000,
      what: 'the duplicates delivered',
    });
    for (const id of ids) expect(await lab.ledger.countsOf(id)).toEqual(ALL_EFFECTS_ONCE);
  });

  it('answers a repeated Idempotency-Key as the first answer, payment_pending, one order', async () => {
    const key = { 'idempotency-key': `webhook-replay-${String(Date.now())}` };
    const body = checkoutBody();
    const answers = await Promise.all([post(checkout, body, key), post(checkout, body, key)]);
    expect(answers.map((a) => [a.status, a.body.status])).toEqual([
      [202, 'payment_pending'],
      [202, 'payment_pending'],
    ]);
    expect(answers[1]!.body.orderId).toBe(answers[0]!.body.orderId);
    await waitForSettled(lab, [answers[0]!.body.orderId as string]);
  });

  it('fails a declined card on its charge.failed event, releasing the reservation', async () => {
    const card = { number: TEST_CARDS.declined, expiry: '12/30', cvc: '123' };
    const res = await post(checkout, checkoutBody({ card }));
    expect(res.status).toBe(202);
    const orderId = res.body.orderId as string;
    await waitForSettled(lab, [orderId]);
    expect(await lab.store.get(orderId)).toMatchObject({
      status: 'failed',
      reason: 'card_declined',
    });
    expect(await lab.ledger.countsOf(orderId)).toEqual({ reservation: 1, release: 1 });
  });

  it('refuses a forged signature, a stale timestamp and a replayed delivery with 4xx, changing nothing', async () => {
    const orderId = await placeConfirmed();
    const before = await lab.ledger.effectsOf(orderId);
    const refunded: WebhookEvent = {
      ...(await succeededEventOf(orderId)),
      type: 'charge.refunded',
      id: `evt_forged_${String(Date.now())}`,
    };
    const body = JSON.stringify(refunded);
    const forged = signWebhook('whsec_not_the_shops_secret', body, Date.now());
    expect((await deliver(lab, refunded, forged)).status).toBe(401);
    const stale = signWebhook(SECRET, body, Date.now() - 3_600_000);
    expect((await deliver(lab, refunded, stale)).status).toBe(400);
    const again = await succeededEventOf(orderId);
    const duplicate = await deliver(lab, again);
    expect(duplicate.status).toBe(200);
    const replay = await deliver(lab, again, duplicate.signature);
    expect(replay.status).toBe(409);
    expect(await lab.ledger.effectsOf(orderId)).toEqual(before);
    expect((await lab.store.get(orderId))?.status).toBe('confirmed');
  });

  it('changes nothing for an out-of-order event (a failure after the success)', async () => {
    const orderId = await placeConfirmed();
    const before = await lab.ledger.effectsOf(orderId);
    const late: WebhookEvent = {
      ...(await succeededEventOf(orderId)),
      type: 'charge.failed',
      id: `evt_late_${String(Date.now())}`,
    };
    expect((await deliver(lab, late)).status).toBe(200);
    expect((await lab.store.get(orderId))?.status).toBe('confirmed');
    expect(await lab.ledger.effectsOf(orderId)).toEqual(before);
  });

  it('still delivers when the provider is restarted in the middle of retrying', async () => {
    const receiver = lab.stack.app('hybrid-webhook');
    await receiver.stop();
    const res = await post(checkout, checkoutBody());
    expect(res.status).toBe(202);
    const orderId = res.body.orderId as string;
    const failedBefore = (await providerStats(lab)).failedAttempts;
    await waitUntil(async () => (await providerStats(lab)).failedAttempts >= failedBefore + 2, {
      timeoutMs: 10_000,
      what: 'refused deliveries',
    });
    const { stateFile, settings } = {
      stateFile: lab.provider.app.spec.env.LAB_PROVIDER_STATE_FILE!,
      settings: lab.provider.app.spec.env,
    };
    await lab.provider.app.kill();
    lab.provider = await startPaymentProvider({
      settings,
      stateFile,
      port: Number(new URL(lab.provider.url).port),
    });
    await receiver.start();
    await waitForSettled(lab, [orderId]);
    expect(await lab.ledger.countsOf(orderId)).toEqual(ALL_EFFECTS_ONCE);
    const totals = await reconcileAll(lab, 'hybrid');
    expect(totals).toMatchObject({
      lost: 0,
      duplicateEffects: 0,
      orphanCharges: 0,
      missingEffects: 0,
      leakedReservations: 0,
    });
  });

  it('answers payment_pending with the provider down, then fails the order, its reservation released', async () => {
    const { stateFile, settings } = {
      stateFile: lab.provider.app.spec.env.LAB_PROVIDER_STATE_FILE!,
      settings: lab.provider.app.spec.env,
    };
    await lab.provider.stop();
    try {
      const res = await post(checkout, checkoutBody());
      expect([res.status, res.body.status]).toEqual([202, 'payment_pending']);
      const orderId = res.body.orderId as string;
      await waitForSettled(lab, [orderId]);
      expect(await lab.store.get(orderId)).toMatchObject({
        status: 'failed',
        reason: 'dependency_unavailable',
      });
      expect(await lab.ledger.countsOf(orderId)).toEqual({ reservation: 1, release: 1 });
    } finally {
      lab.provider = await startPaymentProvider({
        settings,
        stateFile,
        port: Number(new URL(lab.provider.url).port),
      });
    }
    const totals = await reconcileAll(lab, 'hybrid');
    expect(totals).toMatchObject({ lost: 0, orphanCharges: 0, leakedReservations: 0 });
  });
});
