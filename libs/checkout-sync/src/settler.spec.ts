import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import type { FailureCode } from '@lab/domain';
import { OrderStore, type NewOrder } from '@lab/ledger';
import { createLogger } from '@lab/telemetry';
import { LeaseKeeper } from './lease-keeper.js';
import { Settler } from './settler.js';

let brokers: Brokers;
let redis: Redis;
let store: OrderStore;
const logger = createLogger('settler', { level: 'silent' });
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
  store = new OrderStore(redis, 'settle');
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

function settlerWith(
  compensate: (id: string, reason: FailureCode) => Promise<void>,
  held = new Set<string>(),
) {
  return new Settler({
    store,
    compensate,
    isHeld: (id) => held.has(id),
    logger,
    intervalMs: 10,
    retryMs: 1000,
  });
}

describe('Settler', () => {
  it('compensates and fails an order whose lease ran out, and leaves the others', async () => {
    const now = Date.now();
    await store.create(order('expired'), now - 5000, undefined, now - 1);
    await store.create(order('alive'), now, undefined, now + 60_000);
    await store.create(order('held-here'), now - 5000, undefined, now - 1);
    await store.transition('expired', 'reserved');
    const compensated: [string, FailureCode][] = [];
    const settler = settlerWith(
      async (id, reason) => void compensated.push([id, reason]),
      new Set(['held-here']),
    );
    expect(await settler.settleDue(now)).toBe(1);
    expect(compensated).toEqual([['expired', 'deadline_exceeded']]);
    expect(await store.get('expired')).toMatchObject({
      status: 'failed',
      reason: 'deadline_exceeded',
    });
    expect((await store.get('alive'))?.status).toBe('accepted');
    expect((await store.get('held-here'))?.status).toBe('accepted');
    await store.dropLease('held-here');
    await store.dropLease('alive');
  });

  it('fails an order only once its compensation succeeded, retrying after retryMs', async () => {
    const now = Date.now();
    await store.create(order('stubborn'), now, undefined, now);
    await store.deferFailure(
      'stubborn',
      { reason: 'dependency_unavailable', message: 'redis down' },
      now,
    );
    let tries = 0;
    const settler = settlerWith(async () => {
      tries++;
      if (tries === 1) throw new Error('payment unreachable');
    });
    expect(await settler.settleDue(now)).toBe(0);
    expect((await store.get('stubborn'))?.status).toBe('accepted');
    // Claimed until now + retryMs: not tried again before.
    expect(await settler.settleDue(now + 999)).toBe(0);
    expect(tries).toBe(1);
    expect(await settler.settleDue(now + 1000)).toBe(1);
    expect(await store.get('stubborn')).toMatchObject({
      status: 'failed',
      reason: 'dependency_unavailable',
      message: 'redis down',
    });
    expect(await store.expiredLeases(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });

  it('drops the lease of an order that ended meanwhile without touching it', async () => {
    const now = Date.now();
    await store.create(order('ended'), now, undefined, now);
    await redis.hset(store.keys.order('ended'), 'status', 'confirmed'); // ended, lease left behind
    let called = false;
    expect(await settlerWith(async () => void (called = true)).settleDue(now)).toBe(0);
    expect(called).toBe(false);
    expect(await store.expiredLeases(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });

  it('runs on its own once started', async () => {
    const now = Date.now();
    await store.create(order('timed'), now, undefined, now);
    const settler = settlerWith(async () => undefined);
    settler.start();
    await waitUntil(async () => (await store.get('timed'))?.status === 'failed', {
      timeoutMs: 5000,
      what: 'the settler to fail the order',
    });
    await settler.stop();
  });
});

describe('LeaseKeeper', () => {
  it('renews the leases it holds until they are dropped', async () => {
    const keeper = new LeaseKeeper(store, 150, logger);
    const until = keeper.hold('kept');
    await store.create(order('kept'), Date.now(), undefined, until);
    // Past the first deadline, the lease was renewed: not expired.
    await waitUntil(async () => Date.now() > until + 100, {
      timeoutMs: 2000,
      what: 'time to pass',
    });
    expect(await store.expiredLeases(Date.now(), 10)).not.toContain('kept');
    keeper.drop('kept');
    expect(keeper.has('kept')).toBe(false);
    await waitUntil(async () => (await store.expiredLeases(Date.now(), 10)).includes('kept'), {
      timeoutMs: 2000,
      what: 'the dropped lease to run out',
    });
    keeper.stop();
    await store.dropLease('kept');
  });
});
