import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@lab/brokers';
import { TEST_CARDS } from '@lab/domain';
import { ALL_EFFECTS_ONCE, checkoutBody, post, reconcileAll, waitForSettled } from './support.js';
import { providerStats, startWebhookLab, type WebhookLab } from './webhook-support.js';

let lab: WebhookLab;
let checkout: string;

beforeAll(async () => {
  lab = await startWebhookLab('async');
  checkout = `${lab.stack.url}/checkout`;
}, 90_000);
afterAll(async () => {
  await lab?.stop();
});

describe('async charging by webhook, end to end', () => {
  it('acks the charge request and confirms on the event; a declined card fails and releases', async () => {
    const good = await post(checkout, checkoutBody());
    const card = { number: TEST_CARDS.declined, expiry: '12/30', cvc: '123' };
    const declined = await post(checkout, checkoutBody({ card }));
    expect([good.status, declined.status]).toEqual([202, 202]);
    const ids = [good.body.orderId as string, declined.body.orderId as string];
    await waitForSettled(lab, ids);
    expect(await lab.ledger.countsOf(ids[0]!)).toEqual(ALL_EFFECTS_ONCE);
    expect(await lab.store.get(ids[1]!)).toMatchObject({
      status: 'failed',
      reason: 'card_declined',
    });
    expect(await lab.ledger.countsOf(ids[1]!)).toEqual({ reservation: 1, release: 1 });
  });

  it('holds orders at reserved while the receiver is down, and confirms them all once it is back', async () => {
    const receiver = lab.stack.app('async-webhook');
    await receiver.stop();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => post(checkout, checkoutBody())),
    );
    const ids = answers.map((a) => a.body.orderId as string);
    await waitUntil(async () => (await providerStats(lab)).pendingDeliveries >= ids.length, {
      timeoutMs: 10_000,
      what: 'deliveries held by the provider',
    });
    for (const id of ids) expect((await lab.store.get(id))?.status).toBe('reserved');
    await receiver.start();
    await waitForSettled(lab, ids);
    for (const id of ids) expect(await lab.ledger.countsOf(id)).toEqual(ALL_EFFECTS_ONCE);
    expect(await reconcileAll(lab, 'async')).toMatchObject({
      lost: 0,
      duplicateEffects: 0,
      orphanCharges: 0,
      missingEffects: 0,
      leakedReservations: 0,
    });
  });
});
