import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@lab/brokers';
import type { OrderStatus } from '@lab/domain';
import {
  checkoutBody,
  post,
  reconcileAll,
  startLab,
  waitForSettled,
  type HttpAnswer,
  type Lab,
} from './support.js';

/**
 * A compensation is as durable as the forward steps: it survives an outage
 * of Redis in the middle of it and the crash of the process that started it,
 * and `failed` is only ever written once everything is given back.
 */
for (const variant of ['sync', 'hybrid'] as const) {
  describe(`${variant}: compensation that outlives an outage or a crash`, () => {
    let lab: Lab;
    const gateway = `${variant}-gateway`;

    beforeAll(async () => {
      // Seed latencies at full scale (charge 2 s, email 0.5 s): time to act mid-step.
      // A short lease: a dead edge's orders are taken over within a second or two.
      lab = await startLab(variant, {
        LAB_TIME_SCALE: 1,
        LAB_CHECKOUT_LEASE_MS: 1000,
        LAB_SETTLE_INTERVAL_MS: 100,
        LAB_SETTLE_RETRY_MS: 300,
      });
    }, 90_000);
    afterAll(async () => {
      await lab?.stop();
    });

    /** Starts a checkout; resolves with its order id once the order reaches `status`. */
    const checkoutUntil = async (status: OrderStatus) => {
      const before = new Set(await lab.store.ids());
      const answer = post(`${lab.stack.url}/checkout`, checkoutBody());
      // A crashed edge answers with a reset connection: kept as a rejection to look at.
      answer.catch(() => undefined);
      let orderId: string | undefined;
      await waitUntil(
        async () => {
          orderId ??= (await lab.store.ids()).find((id) => !before.has(id));
          return orderId !== undefined && (await lab.store.get(orderId))?.status === status;
        },
        { timeoutMs: 10_000, intervalMs: 5, what: `the new order to be ${status}` },
      );
      return { orderId: orderId!, answer };
    };

    it('settles a failed checkout whose compensation met Redis down: refunded, released, then failed', async () => {
      // Stop Redis inside the charge (hybrid) or the email (sync): the step fails,
      // and so does every compensation the edge tries while the customer waits.
      const { orderId, answer } = await checkoutUntil(variant === 'sync' ? 'paid' : 'reserved');
      await lab.brokers.redis!.stop();
      let told: HttpAnswer;
      try {
        told = await answer;
      } finally {
        await lab.brokers.redis!.start();
      }
      expect(told.status).toBe(503);
      await waitForSettled(lab, [orderId], 20_000);
      const order = await lab.store.get(orderId);
      expect(order?.status).toBe('failed');
      const effects = await lab.ledger.countsOf(orderId);
      expect(effects.reservation).toBe(1);
      expect(effects.release).toBe(1);
      expect(effects.refund ?? 0).toBe(effects.charge ?? 0);
      const books = await reconcileAll(lab, variant);
      expect(books.orphanCharges + books.leakedReservations + books.lost).toBe(0);
    });

    it('takes over the orders of an edge killed mid-checkout, and refuses their late charge', async () => {
      const { orderId, answer } = await checkoutUntil('reserved');
      const edge = lab.stack.app(gateway);
      await edge.kill();
      await expect(answer).rejects.toThrow();
      await edge.start();
      await waitForSettled(lab, [orderId], 20_000);
      expect(await lab.store.get(orderId)).toMatchObject({
        status: 'failed',
        reason: 'deadline_exceeded',
      });
      // The charge the dead edge asked for was either refused (the payment was
      // voided first) or refunded: never left standing.
      const effects = await lab.ledger.countsOf(orderId);
      expect(effects).toMatchObject({ reservation: 1, release: 1 });
      expect(effects.refund ?? 0).toBe(effects.charge ?? 0);
      expect(await lab.store.expiredLeases(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    });
  });
}
