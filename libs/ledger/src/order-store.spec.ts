import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { OrderStore, type NewOrder } from './order-store.js';

let brokers: Brokers;
let redis: Redis;
let store: OrderStore;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
  store = new OrderStore(redis, 'os');
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

const order = (orderId: string): NewOrder => ({
  orderId,
  variant: 'sync',
  customerId: 'c',
  email: 'a@b.co',
  items: [{ sku: 'SKU-0001', quantity: 1 }],
  amountCents: 100,
});

describe('OrderStore history', () => {
  it('keeps every status reached, with when, in order', async () => {
    await store.create(order('h'), 1000);
    await store.transition('h', 'reserved', undefined, 1100);
    await store.transition('h', 'paid', undefined, 1200);
    await store.transition('h', 'reserved', undefined, 1300); // backwards: ignored
    await store.transition('h', 'failed', { reason: 'internal', message: 'x' }, 1400);
    await store.transition('h', 'confirmed', undefined, 1500); // after terminal: ignored
    expect((await store.get('h'))?.history).toEqual([
      { status: 'accepted', at: 1000 },
      { status: 'reserved', at: 1100 },
      { status: 'paid', at: 1200 },
      { status: 'failed', at: 1400 },
    ]);
  });
});

describe('OrderStore leases', () => {
  it('leases an order from its creation until it ends', async () => {
    await store.create(order('l1'), 1000, undefined, 5000);
    await store.create(order('l2'), 1000, undefined, 9000);
    await store.create(order('free'), 1000); // not leased
    expect(await store.expiredLeases(4999, 10)).toEqual([]);
    expect(await store.expiredLeases(5000, 10)).toEqual(['l1']);
    await store.transition('l1', 'confirmed');
    expect(await store.expiredLeases(9000, 10)).toEqual(['l2']);
    await store.dropLease('l2');
    expect(await store.expiredLeases(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });

  it('renews only orders still leased', async () => {
    await store.create(order('r1'), 1000, undefined, 2000);
    await store.create(order('r2'), 1000, undefined, 2000);
    await store.transition('r2', 'failed', { reason: 'internal', message: 'x' });
    await store.renewLeases(['r1', 'r2', 'never-leased'], 8000);
    expect(await store.expiredLeases(7999, 10)).toEqual([]);
    expect(await store.expiredLeases(8000, 10)).toEqual(['r1']);
    await store.dropLease('r1');
  });

  it('never shortens a lease by renewing it', async () => {
    await store.create(order('g1'), 1000, undefined, 9000);
    await store.renewLeases(['g1'], 3000); // a renewal sent before a later, longer lease
    expect(await store.expiredLeases(8999, 10)).toEqual([]);
    await store.renewLeases(['g1'], 12_000);
    expect(await store.expiredLeases(11_999, 10)).toEqual([]);
    expect(await store.expiredLeases(12_000, 10)).toEqual(['g1']);
    await store.dropLease('g1');
  });

  it('notes a charge requested, and hands its lease over only while held and no failure is pending', async () => {
    const now = Date.now();
    const failure = { reason: 'card_declined' as const, message: 'declined' };
    await store.create(order('ho1'), now, undefined, now + 60_000);
    await store.create(order('ho2'), now, undefined, now + 60_000);
    await store.create(order('ho3'), now);
    await store.deferFailure('ho2', failure, now); // charge.failed before the hand-over
    expect(await store.chargeRequested('ho1', Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(await store.chargeRequested('ho2', Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(await store.chargeRequested('ho3', Number.MAX_SAFE_INTEGER)).toBe(false);
    await store.renewLeases(['ho1'], now + 1000); // a renewal in flight: no effect
    expect(await store.expiredLeases(now + 120_000, 10)).toEqual(['ho2']);
    expect(await redis.zscore(store.keys.leases, 'ho3')).toBeNull();
    expect((await store.get('ho3'))?.chargeRequestedAt).toBeGreaterThanOrEqual(now);
    await Promise.all(['ho1', 'ho2'].map((id) => store.dropLease(id)));
  });

  it('lets one claimer take an expired lease, until its claim runs out', async () => {
    await store.create(order('c1'), 1000, undefined, 2000);
    expect(await store.claimLease('c1', 1999, 5000)).toBe(false); // not expired
    const claims = await Promise.all([1, 2, 3].map(() => store.claimLease('c1', 2000, 5000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimLease('c1', 4999, 9000)).toBe(false);
    expect(await store.claimLease('c1', 5000, 9000)).toBe(true);
    expect(await store.claimLease('gone', 5000, 9000)).toBe(false);
    await store.dropLease('c1');
  });

  it('keeps a deferred failure and makes its order due at once', async () => {
    const now = Date.now();
    await store.create(order('d1'), now, undefined, now + 60_000);
    await store.deferFailure('d1', { reason: 'dependency_unavailable', message: 'redis' }, now);
    expect(await store.expiredLeases(now, 10)).toEqual(['d1']);
    expect((await store.get('d1'))?.pendingFailure).toEqual({
      reason: 'dependency_unavailable',
      message: 'redis',
    });
  });
});
