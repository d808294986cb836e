import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import {
  CardDeclinedError,
  DependencyUnavailableError,
  InvalidPaymentError,
  OutOfStockError,
  PROFILES,
  SOLD_OUT_SKU,
  TEST_CARDS,
  createCatalog,
  createLatencyModel,
  regularSku,
} from '@lab/domain';
import { EffectsLedger } from '@lab/ledger';
import {
  backgroundOperations,
  inventoryOperations,
  paymentOperations,
  type OperationsContext,
} from './operations.js';
import { Simulator } from './simulator.js';

let brokers: Brokers;
let redis: Redis;
let n = 0;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

function context(): OperationsContext {
  return {
    redis,
    namespace: `ops${++n}`,
    simulator: new Simulator(
      createLatencyModel({ profile: PROFILES.seed, timeScale: 0.001, seed: 1 }),
    ),
    seed: 1,
    declineRate: 0,
    now: () => new Date('2026-11-24T00:00:00Z'),
  };
}

const card = { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '123' };

describe('payment operations', () => {
  it('charge once per idempotency key, however often asked', async () => {
    const ctx = context();
    const pay = paymentOperations(ctx);
    const input = { orderId: 'o', card, amountCents: 500, idempotencyKey: 'k' };
    const results = await Promise.all([pay.charge(input), pay.charge(input), pay.charge(input)]);
    expect(results).toEqual([0, 1, 2].map(() => ({ chargeId: 'ch_k', amountCents: 500 })));
    expect(await new EffectsLedger(redis, ctx.namespace).countsOf('o')).toEqual({ charge: 1 });
  });

  it('decline the declining test card and charge nothing', async () => {
    const ctx = context();
    const pay = paymentOperations(ctx);
    await expect(
      pay.charge({
        orderId: 'o',
        card: { ...card, number: TEST_CARDS.declined },
        amountCents: 1,
        idempotencyKey: 'k',
      }),
    ).rejects.toBeInstanceOf(CardDeclinedError);
    expect(await new EffectsLedger(redis, ctx.namespace).countsOf('o')).toEqual({});
  });

  it('reject an expired or mistyped card at validation', async () => {
    const pay = paymentOperations(context());
    expect(await pay.validate({ orderId: 'o', card })).toEqual({
      cardBrand: 'visa',
      last4: '4242',
    });
    await expect(
      pay.validate({ orderId: 'o', card: { ...card, expiry: '01/20' } }),
    ).rejects.toBeInstanceOf(InvalidPaymentError);
    await expect(
      pay.validate({ orderId: 'o', card: { ...card, number: '4242424242424241' } }),
    ).rejects.toThrow(/Luhn/);
  });

  it('refund each charge once, and do nothing for an order never charged', async () => {
    const ctx = context();
    const pay = paymentOperations(ctx);
    await pay.charge({ orderId: 'o', card, amountCents: 10, idempotencyKey: 'k' });
    expect(await pay.refund({ orderId: 'o', reason: 'test' })).toEqual({ refundIds: ['rf_ch_k'] });
    expect(await pay.refund({ orderId: 'o', reason: 'test' })).toEqual({ refundIds: [] });
    expect(await pay.refund({ orderId: 'never', reason: 'test' })).toEqual({ refundIds: [] });
    expect(await new EffectsLedger(redis, ctx.namespace).countsOf('o')).toEqual({
      charge: 1,
      refund: 1,
    });
  });
});

describe('inventory operations', () => {
  it('check, reserve and release against finite stock', async () => {
    const ctx = context();
    const inv = inventoryOperations(ctx);
    await inv.stock.seed(createCatalog({ size: 1, initialStock: 3 }));
    const items = [{ sku: regularSku(1), quantity: 2 }];
    expect(await inv.check({ orderId: 'a', items })).toEqual({ available: true, shortSkus: [] });
    expect(await inv.reserve({ orderId: 'a', items })).toEqual({ reservationId: 'rs_a' });
    expect(await inv.check({ orderId: 'b', items })).toEqual({
      available: false,
      shortSkus: [regularSku(1)],
    });
    await expect(inv.reserve({ orderId: 'b', items })).rejects.toBeInstanceOf(OutOfStockError);
    await expect(
      inv.reserve({ orderId: 'c', items: [{ sku: SOLD_OUT_SKU, quantity: 1 }] }),
    ).rejects.toThrow(SOLD_OUT_SKU);
    expect(await inv.release({ orderId: 'a' })).toEqual({ released: true });
    expect(await inv.reserve({ orderId: 'b', items })).toEqual({ reservationId: 'rs_b' });
  });
});

describe('background operations', () => {
  it('apply each effect once per order', async () => {
    const ctx = context();
    const bg = backgroundOperations(ctx);
    await Promise.all([
      bg.sendEmail({ orderId: 'o', to: 'a@b.co' }),
      bg.sendEmail({ orderId: 'o', to: 'a@b.co' }),
    ]);
    await bg.recordOrder({ orderId: 'o', amountCents: 1, itemCount: 1 });
    await bg.recordOrder({ orderId: 'o', amountCents: 1, itemCount: 1 });
    await bg.notifyWarehouse({ orderId: 'o', items: [] });
    expect(await new EffectsLedger(redis, ctx.namespace).countsOf('o')).toEqual({
      email: 1,
      analytics: 1,
      warehouse: 1,
    });
  });
});

describe('simulator', () => {
  it('fails a step with an injected error, and stops when the fault is cleared', async () => {
    const ctx = context();
    ctx.simulator.setFault('sendEmail', { errorRate: 1 });
    const bg = backgroundOperations(ctx);
    await expect(bg.sendEmail({ orderId: 'o', to: 'x@y.zz' })).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(await new EffectsLedger(redis, ctx.namespace).countsOf('o')).toEqual({});
    ctx.simulator.setFault('sendEmail', undefined);
    await expect(bg.sendEmail({ orderId: 'o', to: 'x@y.zz' })).resolves.toEqual({
      messageId: 'em_o',
    });
  });
});
