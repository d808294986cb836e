import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from 'nats';
import { waitUntil } from '@lab/brokers';
import {
  EVENT_VERSION,
  bullPrefix,
  natsNames,
  queueName,
  type OrderEvent,
  type OrderEventType,
} from '@lab/contracts';
import { TEST_CARDS, regularSku } from '@lab/domain';
import { Counters } from '@lab/ledger';
import { createJobQueue } from '@lab/transport-bullmq';
import { checkoutBody, post, startLab, waitForSettled, type Lab } from './support.js';

/**
 * Events and jobs that decode but make no sense (an amount of 0, a whole
 * card, a negative quantity, a bad email) are poison for the async stack:
 * dead-lettered at once with the field named, never retried, never applied;
 * the orders around them keep flowing.
 */

const names = natsNames('async');
let lab: Lab;
let nc: NatsConnection;

const order = (orderId: string) => ({
  orderId,
  variant: 'async',
  customerId: 'cust-1',
  email: 'ada@example.com',
  items: [{ sku: regularSku(1), quantity: 2 }],
  amountCents: 398,
  idempotencyKey: orderId,
});

function event(type: OrderEventType, body: Record<string, unknown>): Uint8Array {
  const e = { type, version: EVENT_VERSION, occurredAt: Date.now(), ...body };
  return new TextEncoder().encode(JSON.stringify(e as unknown as OrderEvent));
}

beforeAll(async () => {
  lab = await startLab('async');
  nc = await connect({ servers: lab.brokers.nats!.url });
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await lab?.stop();
});

describe('malformed events and jobs, async stack', () => {
  it('dead-letters each malformed event with the field named, and applies none', async () => {
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    const deadBefore = (await jsm.streams.info(names.deadLetterStream)).state.messages;
    const poison: [OrderEventType, Record<string, unknown>, string, RegExp][] = [
      [
        'placed',
        { order: { ...order('bad-amount'), amountCents: 0 } },
        'inventory.placed',
        /order\.amountCents/,
      ],
      [
        'reserved',
        {
          order: order('bad-card'),
          card: { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '123' },
        },
        'payment.reserved',
        /card\.token/,
      ],
      [
        'confirmed',
        { order: { ...order('bad-quantity'), items: [{ sku: regularSku(1), quantity: -1 }] } },
        'confirmed',
        /order\.items\[0\]\.quantity/,
      ],
    ];
    for (const [type, body] of poison)
      await js.publish(names.subject(type), event(type, body), {
        msgID: `poison-${type}-${Date.now()}`,
      });

    // One dead letter per source message: the three consumers of `confirmed`
    // (notification, analytics, warehouse) dead-letter it under one message id.
    await waitUntil(
      async () =>
        (await jsm.streams.info(names.deadLetterStream)).state.messages >=
        deadBefore + poison.length,
      { timeoutMs: 15_000, what: 'the dead letters' },
    );
    const { subjects } = (await jsm.streams.info(names.deadLetterStream, { subjects_filter: '>' }))
      .state;
    for (const [, , source, reason] of poison) {
      const subject = Object.keys(subjects ?? {}).find((s) => s.endsWith(`.${source}`));
      expect(subject, source).toBeDefined();
      const dead = await jsm.streams.getMessage(names.deadLetterStream, {
        last_by_subj: subject!,
      });
      const why = dead.header.get('Lab-Dead-Reason');
      expect(why).toMatch(/^poison: PoisonMessageError: invalid event: /);
      expect(why).toMatch(reason);
      // The reason names the field and never quotes the card it refused.
      expect(why).not.toContain(TEST_CARDS.accepted);
    }
    for (const id of ['bad-amount', 'bad-card', 'bad-quantity']) {
      expect(await lab.store.get(id)).toBeUndefined();
      expect(await lab.ledger.countsOf(id)).toEqual({});
    }
    // Each consumer counts its own: inventory, payment, and the three of `confirmed`.
    const counters = new Counters(lab.redis, 'async');
    await waitUntil(async () => (await counters.read()).deadLettered >= poison.length + 2, {
      timeoutMs: 15_000,
      what: 'every consumer to count its dead letter',
    });
  });

  it('fails a malformed job at once, with attempts left, and applies nothing', async () => {
    const queue = createJobQueue({
      name: queueName('async', 'email'),
      prefix: bullPrefix('async'),
      redisUrls: [lab.brokers.redis!.url],
      attempts: 8,
      backoffMs: 10,
    });
    try {
      await queue.add('bad-email.email', { order: { ...order('bad-email'), email: 'nobody' } });
      await waitUntil(async () => (await queue.counts()).failed >= 1, {
        timeoutMs: 15_000,
        what: 'the job to fail',
      });
      const dead = (await queue.deadLetters()).find((d) => d.id === 'bad-email.email');
      expect(dead).toEqual({
        id: 'bad-email.email',
        reason: 'poison: invalid job: order.email: must be an email address',
        attemptsMade: 1,
      });
      expect(await lab.ledger.countsOf('bad-email')).toEqual({});
    } finally {
      await queue.close();
    }
  });

  it('ends no process with a bad message on the status channel', async () => {
    const channel = lab.store.keys.statusChannel;
    // An edge replaying an order watches the channel: one feed open while the bad ones arrive.
    const res = await post(`${lab.stack.url}/checkout`, checkoutBody());
    expect(res.status).toBe(202);
    const feed = await fetch(`${lab.stack.url}/orders/${res.body.orderId as string}/events`);
    for (const bad of [
      'x{',
      'null',
      '[1]',
      '{"orderId":7}',
      '{"orderId":"o","status":"gone","at":1}',
    ])
      await lab.redis.publish(channel, bad);
    await waitForSettled(lab, [res.body.orderId as string]);
    await feed.body?.cancel();
    expect(lab.stack.app('async-gateway').running).toBe(true);
    expect((await fetch(`${lab.stack.url}/healthz`)).status).toBe(200);
  });

  it('still confirms a good order afterwards', async () => {
    const res = await post(`${lab.stack.url}/checkout`, checkoutBody());
    expect(res.status).toBe(202);
    await waitForSettled(lab, [res.body.orderId as string]);
    expect((await lab.store.get(res.body.orderId as string))?.status).toBe('confirmed');
  });
});
