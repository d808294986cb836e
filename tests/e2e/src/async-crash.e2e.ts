import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullPrefix, queueName } from '@lab/contracts';
import { waitUntil } from '@lab/brokers';
import { Counters } from '@lab/ledger';
import { createJobQueue } from '@lab/transport-bullmq';
import {
  ALL_EFFECTS_ONCE,
  checkoutBody,
  post,
  reconcileAll,
  startLab,
  waitForSettled,
  type Lab,
} from './support.js';

let lab: Lab;
let checkout: string;

beforeAll(async () => {
  // Slow enough steps (charge 1 s, email 250 ms) that a kill lands mid-work;
  // short AckWait and job lock so the redelivery comes within the test.
  lab = await startLab('async', {
    LAB_TIME_SCALE: 0.5,
    LAB_ACK_WAIT_MS: 2500,
    LAB_JOB_LOCK_MS: 1500,
    LAB_JOB_STALLED_INTERVAL_MS: 500,
    LAB_OUTBOX_MIN_AGE_MS: 200,
    LAB_OUTBOX_RELAY_MS: 100,
  });
  checkout = `${lab.stack.url}/checkout`;
}, 90_000);
afterAll(async () => {
  await lab?.stop();
});

describe('async stack under crashes', () => {
  it('redelivers to a payment consumer killed mid-charge, and charges once', async () => {
    const res = await post(checkout, checkoutBody());
    const orderId = res.body.orderId as string;
    // Reserved: the payment consumer has the message and is inside the 1 s charge.
    await waitUntil(async () => (await lab.store.get(orderId))?.status === 'reserved', {
      timeoutMs: 10_000,
      what: 'reserved',
    });
    const payment = lab.stack.app('async-payment');
    await payment.kill();
    expect(await lab.ledger.countsOf(orderId)).toEqual({ reservation: 1 });
    await payment.start();
    await waitForSettled(lab, [orderId], 30_000);
    expect(await lab.ledger.countsOf(orderId)).toEqual(ALL_EFFECTS_ONCE);
    expect((await new Counters(lab.redis, 'async').read()).redeliveries).toBeGreaterThan(0);
  });

  it('recovers a job whose worker was killed mid-job, and sends the email once', async () => {
    const queue = createJobQueue({
      name: queueName('async', 'email'),
      prefix: bullPrefix('async'),
      redisUrls: [lab.brokers.redis!.url],
      attempts: 1,
      backoffMs: 1,
    });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++)
        ids.push((await post(checkout, checkoutBody())).body.orderId as string);
      await waitUntil(async () => (await queue.counts()).active > 0, {
        timeoutMs: 15_000,
        what: 'an email job in progress',
      });
      await lab.stack.app('async-notification').kill();
      await lab.stack.app('async-notification').start();
      await waitForSettled(lab, ids, 30_000);
      for (const id of ids) expect(await lab.ledger.countsOf(id)).toEqual(ALL_EFFECTS_ONCE);
    } finally {
      await queue.close();
    }
  });

  it('answers 503, never 202, when Redis is down, and accepts again once it is back', async () => {
    await lab.brokers.redis!.stop();
    try {
      const res = await post(checkout, checkoutBody());
      expect(res.status).toBe(503);
    } finally {
      await lab.brokers.redis!.start();
    }
    await waitUntil(async () => (await post(checkout, checkoutBody())).status === 202, {
      timeoutMs: 15_000,
      what: 'the gateway to accept again',
    });
  });

  it('lost nothing and applied nothing twice', async () => {
    const ids = await lab.store.ids();
    await waitForSettled(lab, ids, 30_000);
    const result = await reconcileAll(lab, 'async');
    expect(result).toMatchObject({
      lost: 0,
      duplicateEffects: 0,
      orphanCharges: 0,
      missingEffects: 0,
    });
  });
});
