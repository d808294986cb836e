import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { EffectsLedger } from './effects-ledger.js';
import { OrderStore, UnknownOrderError, type NewOrder } from './order-store.js';
import { Counters } from './counters.js';
import { judgeOrder, reconcile } from './reconcile.js';

let brokers: Brokers;
let redis: Redis;
let namespace: string;
let run = 0;

beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});
beforeEach(() => {
  namespace = `t${++run}`;
});

const order = (orderId: string, extra: Partial<NewOrder> = {}): NewOrder => ({
  orderId,
  variant: 'async',
  customerId: 'c-1',
  email: 'a@b.co',
  items: [{ sku: 'SKU-0001', quantity: 2 }],
  amountCents: 1234,
  ...extra,
});

describe('EffectsLedger', () => {
  it('stores one effect when the same record is made twice at once', async () => {
    const ledger = new EffectsLedger(redis, namespace);
    // Two connections, so the two calls really race on the server.
    const other = new Redis(brokers.redis!.url);
    const ledger2 = new EffectsLedger(other, namespace);
    const results = await Promise.all([
      ledger.record('o-1', 'charge', 'o-1:charge', { amountCents: 10 }),
      ledger2.record('o-1', 'charge', 'o-1:charge', { amountCents: 10 }),
      ...Array.from({ length: 20 }, () => ledger.record('o-1', 'email', 'msg-1')),
    ]);
    other.disconnect();
    expect(results.filter((r) => r.applied)).toHaveLength(2);
    expect(
      results
        .slice(0, 2)
        .map((r) => r.applied)
        .sort(),
    ).toEqual([false, true]);
    expect(await ledger.countsOf('o-1')).toEqual({ charge: 1, email: 1 });
    const effects = await ledger.effectsOf('o-1');
    expect(effects.find((e) => e.effect === 'charge')?.data).toEqual({ amountCents: 10 });
    expect(await ledger.has('o-1', 'charge', 'o-1:charge')).toBe(true);
    expect(await ledger.has('o-1', 'charge', 'other')).toBe(false);
  });

  it('counts a second application under another request id', async () => {
    const ledger = new EffectsLedger(redis, namespace);
    await ledger.record('o-2', 'email', 'msg-a');
    await ledger.record('o-2', 'email', 'msg-b');
    expect(await ledger.countsOf('o-2')).toEqual({ email: 2 });
    await expect(ledger.record('o-2', 'email', 'bad|id')).rejects.toThrow(/must not contain/);
  });
});

describe('OrderStore', () => {
  it('creates an order once per idempotency key, even concurrently', async () => {
    const store = new OrderStore(redis, namespace);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.create(order(`o-${i}`, { idempotencyKey: 'key-1' })),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.orderId)).size).toBe(1);
    expect(await store.byIdempotencyKey('key-1')).toBe(results[0]!.orderId);
    expect(await store.ids()).toEqual([results[0]!.orderId]);
    const again = await store.create(order(results[0]!.orderId));
    expect(again.created).toBe(false);
  });

  it('reads back what it stored', async () => {
    const store = new OrderStore(redis, namespace);
    const card = { token: `tok_${'a'.repeat(32)}`, last4: '4242', brand: 'visa' as const };
    await store.create(order('o-r', { idempotencyKey: 'k', card }), 1000);
    expect(await store.get('o-r')).toEqual({
      ...order('o-r', { idempotencyKey: 'k', card }),
      status: 'accepted',
      history: [{ status: 'accepted', at: 1000 }],
      createdAt: 1000,
      updatedAt: 1000,
    });
    expect(await store.get('nope')).toBeUndefined();
  });

  it('moves orders only forward and publishes each change', async () => {
    const store = new OrderStore(redis, namespace);
    const sub = new Redis(brokers.redis!.url);
    const seen: string[] = [];
    await sub.subscribe(store.keys.statusChannel);
    sub.on('message', (_, m: string) => seen.push((JSON.parse(m) as { status: string }).status));
    await store.create(order('o-t'));
    expect(await store.transition('o-t', 'reserved')).toEqual({
      changed: true,
      status: 'reserved',
    });
    expect(await store.transition('o-t', 'accepted')).toEqual({
      changed: false,
      status: 'reserved',
    });
    expect(
      await store.transition('o-t', 'failed', { reason: 'card_declined', message: 'no' }),
    ).toEqual({
      changed: true,
      status: 'failed',
    });
    expect(await store.transition('o-t', 'confirmed')).toEqual({
      changed: false,
      status: 'failed',
    });
    const saved = await store.get('o-t');
    expect(saved?.reason).toBe('card_declined');
    await expect(store.transition('missing', 'paid')).rejects.toBeInstanceOf(UnknownOrderError);
    // A round trip on the subscriber connection: every earlier message has arrived.
    await sub.ping();
    expect(seen).toEqual(['reserved', 'failed']);
    sub.disconnect();
  });
});

describe('reconcile', () => {
  it('counts confirmed, failed by reason, a lost order and a duplicate', async () => {
    const store = new OrderStore(redis, namespace);
    const ledger = new EffectsLedger(redis, namespace);
    const counters = new Counters(redis, namespace);
    const ok = async (id: string) => {
      await store.create(order(id));
      for (const e of ['reservation', 'charge', 'email', 'analytics', 'warehouse'] as const)
        await ledger.record(id, e, id);
      await store.transition(id, 'confirmed');
    };
    await ok('a');
    await ok('b');
    await ledger.record('b', 'email', 'second-email'); // a duplicate
    await store.create(order('c'));
    await ledger.record('c', 'reservation', 'c');
    await ledger.record('c', 'release', 'c');
    await store.transition('c', 'failed', { reason: 'card_declined', message: 'declined' });
    await store.create(order('d')); // accepted, never finished: lost
    await store.create(order('e'));
    await ledger.record('e', 'charge', 'e');
    await store.transition('e', 'failed', { reason: 'dependency_unavailable', message: 'x' }); // orphan charge
    await counters.add('redeliveries', 3);
    await counters.add('deadLettered');

    const result = await reconcile(redis, namespace, ['a', 'b', 'c', 'd', 'e', 'never-recorded'], {
      batchSize: 2,
    });
    expect(result).toMatchObject({
      accepted: 6,
      confirmed: 2,
      failed: 2,
      failedByReason: { card_declined: 1, dependency_unavailable: 1 },
      lost: 2,
      duplicateEffects: 1,
      orphanCharges: 1,
      missingEffects: 0,
      leakedReservations: 0,
      retries: 0,
      redeliveries: 3,
      deadLettered: 1,
    });
    expect(result.offenders.map((o) => `${o.orderId}: ${o.problem}`)).toEqual([
      'b: duplicate: email applied 2 times',
      'd: lost: still accepted, never confirmed or failed',
      'e: orphan charge: charged, not confirmed, not refunded',
      'never-recorded: lost: accepted, but no order record exists',
    ]);
  });
});

describe('judgeOrder', () => {
  const base = { ...order('x'), createdAt: 0, updatedAt: 0 };
  it('flags missing effects of a confirmed order and a leaked reservation of a failed one', () => {
    expect(
      judgeOrder('x', { ...base, status: 'confirmed' }, { reservation: 1, charge: 1 }).map(
        (o) => o.problem,
      ),
    ).toEqual(['missing effects: email, analytics, warehouse']);
    expect(
      judgeOrder('x', { ...base, status: 'failed' }, { reservation: 1 }).map((o) => o.problem),
    ).toEqual(['leaked reservation: failed, reservation never released']);
    expect(
      judgeOrder(
        'x',
        { ...base, status: 'failed' },
        { reservation: 1, release: 1, charge: 1, refund: 1 },
      ),
    ).toEqual([]);
  });

  it('flags a confirmed order whose charge was refunded or whose stock was released', () => {
    const kept = { reservation: 1, charge: 1, email: 1, analytics: 1, warehouse: 1 };
    const judge = (effects: Record<string, number>) =>
      judgeOrder('x', { ...base, status: 'confirmed' }, effects).map((o) => o.problem);
    expect(judge(kept)).toEqual([]);
    expect(judge({ ...kept, refund: 1 })).toEqual(['missing effects: charge (refunded)']);
    expect(judge({ ...kept, release: 1 })).toEqual(['missing effects: reservation (released)']);
  });
});

describe('transactional outbox', () => {
  it('writes the event with the order, and with a status change only when it changes', async () => {
    const { Outbox } = await import('./outbox.js');
    const store = new OrderStore(redis, namespace);
    const outbox = new Outbox(redis, namespace);
    const event = (msgId: string) => ({
      msgId,
      subject: `${namespace}.order.x`,
      data: `{"id":"${msgId}"}`,
    });

    const created = await store.create(order('ob'), Date.now(), event('ob:placed'));
    expect(created.outboxEntry).toMatch(/^\d+-\d+$/);
    const again = await store.create(order('ob'), Date.now(), event('ob:placed'));
    expect(again).toEqual({ created: false, orderId: 'ob' });

    const moved = await store.transition(
      'ob',
      'reserved',
      undefined,
      Date.now(),
      event('ob:reserved'),
    );
    expect(moved.outboxEntry).toBeDefined();
    const repeated = await store.transition(
      'ob',
      'reserved',
      undefined,
      Date.now(),
      event('ob:reserved'),
    );
    expect(repeated).toEqual({ changed: false, status: 'reserved' });

    expect(await outbox.size()).toBe(2);
    expect(await outbox.due(60_000, 10)).toEqual([]);
    const due = await outbox.due(0, 10, Date.now() + 1);
    expect(due[0]).toEqual({ entryId: created.outboxEntry, ...event('ob:placed') });
    expect(due.map((e) => e.msgId)).toEqual(['ob:placed', 'ob:reserved']);
    await outbox.remove(due[0]!.entryId);
    expect((await outbox.due(0, 10, Date.now() + 1)).map((e) => e.msgId)).toEqual(['ob:reserved']);
    await outbox.add(event('free'));
    expect(await outbox.size()).toBe(2);
  });
});

describe('effect announcements', () => {
  it('announce a newly applied effect on the status channel, once', async () => {
    const ledger = new EffectsLedger(redis, namespace);
    const sub = new Redis(brokers.redis!.url);
    const seen: { orderId: string; effect: string }[] = [];
    await sub.subscribe(ledger.keys.statusChannel);
    sub.on('message', (_: string, m: string) =>
      seen.push(JSON.parse(m) as { orderId: string; effect: string }),
    );
    await ledger.record('o-a', 'email', 'em_o-a');
    await ledger.record('o-a', 'email', 'em_o-a');
    await sub.ping();
    expect(seen.map((s) => [s.orderId, s.effect])).toEqual([['o-a', 'email']]);
    sub.disconnect();
  });
});

describe('Lua scripts', () => {
  const calls = async (command: 'eval' | 'evalsha') => {
    const info = await redis.info('commandstats');
    return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
  };

  it('are sent by hash, and loaded again on a server that lost them', async () => {
    const ledger = new EffectsLedger(redis, namespace);
    await redis.script('FLUSH');
    const [eval0, sha0] = [await calls('eval'), await calls('evalsha')];
    // The server does not know the script: EVALSHA fails, EVAL loads it.
    expect((await ledger.record('o-1', 'email', 'm-1')).applied).toBe(true);
    expect(await calls('eval')).toBe(eval0 + 1);
    // From then on only the hash travels.
    expect((await ledger.record('o-2', 'email', 'm-2')).applied).toBe(true);
    expect((await ledger.record('o-2', 'email', 'm-2')).applied).toBe(false);
    expect(await calls('eval')).toBe(eval0 + 1);
    expect(await calls('evalsha')).toBe(sha0 + 3);
  });
});
