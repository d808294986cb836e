import { waitUntil } from '@lab/brokers';
import { PROFILES, TEST_CARDS, createLatencyModel } from '@lab/domain';
import { createLogger } from '@lab/telemetry';
import { afterEach, describe, expect, it } from 'vitest';
import { Deliverer } from './deliveries.js';
import { emptyState } from './provider-state.js';
import { PaymentProvider } from './provider.js';

const logger = createLogger('provider-test', { level: 'silent' });
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** A provider whose saves fail while `failing.now` is true (a full disk, say). */
function providerWithFlakyDisk() {
  const failing = { now: false };
  const state = emptyState();
  const save = async () => {
    if (failing.now) throw new Error('ENOSPC: no space left on device');
  };
  const deliverer = new Deliverer(
    state,
    save,
    {
      secret: 'whsec_unit_test_secret',
      retryBaseMs: 10,
      retryMaxMs: 20,
      deliveryTimeoutMs: 1_000,
      duplicateRate: 0,
      reorderRate: 0,
      reorderDelayMs: 0,
      seed: 1,
    },
    logger,
  );
  const provider = new PaymentProvider({
    state,
    save,
    deliverer,
    latency: createLatencyModel({ profile: PROFILES.seed, timeScale: 0.001, seed: 1 }),
    declineRate: 0,
    seed: 1,
    logger,
  });
  stops.push(
    () => provider.stop(),
    () => deliverer.stop(),
  );
  return { failing, state, provider };
}

const request = {
  account: 'async',
  idempotencyKey: 'k-1',
  orderId: 'o-1',
  amountCents: 1_250,
  currency: 'EUR',
  card: { number: TEST_CARDS.accepted },
};

describe('PaymentProvider', () => {
  it('counts the charges and the refunds it has still to settle', async () => {
    const { state, provider } = providerWithFlakyDisk();
    const charge = await provider.create(request);
    const other = await provider.create({ ...request, idempotencyKey: 'k-2', orderId: 'o-2' });
    provider.stop(); // nothing settles from here: the counts are what the state says
    state.charges[other.id] = { ...other, status: 'succeeded', refundSettleAt: Date.now() };
    expect(provider.pending()).toEqual({ charges: 1, refunds: 1 });
    state.charges[charge.id] = { ...charge, status: 'failed' };
    state.charges[other.id] = { ...other, status: 'refunded' };
    expect(provider.pending()).toEqual({ charges: 0, refunds: 0 });
  });
});

describe('PaymentProvider when its state cannot be saved', () => {
  it('answers the failed save, and settles the charge a retry under the same key finds', async () => {
    const { failing, state, provider } = providerWithFlakyDisk();
    failing.now = true;
    await expect(provider.create(request)).rejects.toThrow(/ENOSPC/);
    const again = await provider.create(request);
    await waitUntil(async () => state.charges[again.id]?.status === 'succeeded', {
      timeoutMs: 2_000,
      what: 'the charge to settle',
    });
    // Its event is queued and tried (no webhook URL here), though no save worked.
    await waitUntil(async () => state.stats.failedAttempts > 0, {
      timeoutMs: 2_000,
      what: 'a delivery attempt',
    });
    expect(Object.keys(state.deliveries)).toEqual([`evt_${again.id}_succeeded`]);
  });

  it('schedules a refund whose save failed', async () => {
    const { failing, state, provider } = providerWithFlakyDisk();
    const charge = await provider.create(request);
    await waitUntil(async () => state.charges[charge.id]?.status === 'succeeded', {
      timeoutMs: 2_000,
      what: 'the charge to settle',
    });
    failing.now = true;
    await expect(provider.refund(charge.id)).rejects.toThrow(/ENOSPC/);
    await waitUntil(async () => state.charges[charge.id]?.status === 'refunded', {
      timeoutMs: 2_000,
      what: 'the refund to settle',
    });
  });
});
