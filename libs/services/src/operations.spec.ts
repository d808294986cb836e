import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import {
  CardDeclinedError,
  DependencyUnavailableError,
  InvalidPaymentError,
  OutOfStockError,
  PROFILES,
  SOLD_OUT_SKU,
  TEST_CARDS,
  ValidationError,
  type Card,
  createCatalog,
  createLatencyModel,
  regularSku,
} from '@lab/domain';
import { CardVault, EffectsLedger, cardVaultKey } from '@lab/ledger';
import { backgroundOperations, inventoryOperations, type OperationsContext } from './operations.js';
import { paymentOperations } from './payment-operations.js';
import { ProviderClient } from './provider-client.js';
import { Simulator } from './simulator.js';

let brokers: Brokers;
let redis: Redis;
let vaultRedis: Redis;
let vault: CardVault;
let n = 0;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
  vaultRedis = new Redis(brokers.vault!.url);
  vault = new CardVault(vaultRedis, 60_000);
});
afterAll(async () => {
  redis?.disconnect();
  vaultRedis?.disconnect();
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
    vault,
  };
}

const card: Card = { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '123' };
const tokenFor = (overrides: Partial<Card> = {}) => vault.tokenize({ ...card, ...overrides });

describe('payment operations', () => {
  it('charge once per idempotency key, however often asked', async () => {
    const ctx = context();
    const pay = paymentOperations(ctx);
    const input = {
      orderId: 'o',
      cardRef: await tokenFor(),
      amountCents: 500,
      currency: 'EUR',
      idempotencyKey: 'k',
    };
    const results = await Promise.all([pay.charge(input), pay.charge(input), pay.charge(input)]);
    expect(results).toEqual([0, 1, 2].map(() => ({ chargeId: 'ch_k', amountCents: 500 })));
    expect(await new EffectsLedger(redis, ctx.namespace).countsOf('o')).toEqual({ charge: 1 });
    expect(await pay.charged('o', 'k')).toBe(true);
  });

  it('forget the CVC once charged, and answer a repeat without redeeming the token', async () => {
    const ctx = context();
    const pay = paymentOperations(ctx);
    const ref = await tokenFor();
    const input = {
      orderId: 'o',
      cardRef: ref,
      amountCents: 500,
      currency: 'EUR',
      idempotencyKey: 'k',
    };
    await pay.charge(input);
    const ledger = new EffectsLedger(redis, ctx.namespace);
    expect(await ledger.repeatsOf('o', 'charge')).toBe(0);
    expect(await vaultRedis.hkeys(cardVaultKey(ref.token))).toEqual(['number', 'expiry']);
    // The token may even be gone: the ledger answers a repeat, and counts it (a caller that never heard).
    await vaultRedis.del(cardVaultKey(ref.token));
    expect(await pay.charge(input)).toEqual({ chargeId: 'ch_k', amountCents: 500 });
    expect(await ledger.repeatsOf('o', 'charge')).toBe(1);
    expect(await ledger.countsOf('o')).toEqual({ charge: 1 });
    // A charge under a new key needs the CVC, which may not be kept after authorization.
    const again = await tokenFor();
    await vault.forgetCvc(again.token);
    await expect(pay.charge({ ...input, cardRef: again, idempotencyKey: 'k2' })).rejects.toThrow(
      /security code is no longer held/,
    );
    await expect(
      pay.validate({ orderId: 'o', cardRef: again, amountCents: 500 }),
    ).rejects.toBeInstanceOf(InvalidPaymentError);
  });

  it('decline the declining test card, charge nothing, and forget its CVC', async () => {
    const ctx = context();
    const pay = paymentOperations(ctx);
    const ref = await tokenFor({ number: TEST_CARDS.declined });
    expect(ref.last4).toBe('0002');
    await expect(
      pay.charge({
        orderId: 'o',
        cardRef: ref,
        amountCents: 1,
        currency: 'EUR',
        idempotencyKey: 'k',
      }),
    ).rejects.toBeInstanceOf(CardDeclinedError);
    expect(await new EffectsLedger(redis, ctx.namespace).countsOf('o')).toEqual({});
    expect(await vaultRedis.hexists(cardVaultKey(ref.token), 'cvc')).toBe(0);
  });

  it('reject an expired or mistyped card at validation, and a token the vault does not hold', async () => {
    const pay = paymentOperations(context());
    expect(await pay.validate({ orderId: 'o', cardRef: await tokenFor(), amountCents: 1 })).toEqual(
      {
        cardBrand: 'visa',
        last4: '4242',
      },
    );
    await expect(
      pay.validate({ orderId: 'o', cardRef: await tokenFor({ expiry: '01/20' }), amountCents: 1 }),
    ).rejects.toBeInstanceOf(InvalidPaymentError);
    await expect(
      pay.validate({
        orderId: 'o',
        cardRef: await tokenFor({ number: '4242424242424241' }),
        amountCents: 1,
      }),
    ).rejects.toThrow(/Luhn/);
    const unknown = { token: `tok_${'f'.repeat(32)}`, last4: '4242', brand: 'visa' as const };
    await expect(pay.validate({ orderId: 'o', cardRef: unknown, amountCents: 1 })).rejects.toThrow(
      'card token unknown or expired',
    );
    await expect(
      pay.charge({
        orderId: 'o',
        cardRef: unknown,
        amountCents: 1,
        currency: 'EUR',
        idempotencyKey: 'k',
      }),
    ).rejects.toBeInstanceOf(InvalidPaymentError);
  });

  it('refund each charge once, and do nothing for an order never charged', async () => {
    const ctx = context();
    const pay = paymentOperations(ctx);
    await pay.charge({
      orderId: 'o',
      cardRef: await tokenFor(),
      amountCents: 10,
      currency: 'EUR',
      idempotencyKey: 'k',
    });
    expect(await pay.refund({ orderId: 'o', reason: 'test' })).toEqual({ refundIds: ['rf_ch_k'] });
    expect(await pay.refund({ orderId: 'o', reason: 'test' })).toEqual({ refundIds: [] });
    expect(await pay.refund({ orderId: 'never', reason: 'test' })).toEqual({ refundIds: [] });
    expect(await new EffectsLedger(redis, ctx.namespace).countsOf('o')).toEqual({
      charge: 1,
      refund: 1,
    });
  });

  it('charging by webhook, request each charge once, then forget its CVC', async () => {
    const asked: string[] = [];
    const provider = createServer((req, res) => {
      asked.push(`${req.method ?? ''} ${req.url ?? ''} ${String(req.headers['idempotency-key'])}`);
      req.resume().on('end', () => res.writeHead(200).end(JSON.stringify({ id: 'ch_wh' })));
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${String((provider.address() as AddressInfo).port)}`;
    const client = new ProviderClient({ url, account: 'async', requestTimeoutMs: 1_000 });
    try {
      const pay = paymentOperations({ ...context(), provider: client });
      const ref = await tokenFor();
      const input = { orderId: 'o', cardRef: ref, amountCents: 7, currency: 'EUR' };
      const first = await pay.charge({ ...input, idempotencyKey: 'k' });
      expect(first).toEqual({ chargeId: 'ch_wh', amountCents: 7 });
      // Forgotten after the answer, not before it: it is gone once the vault has run it.
      await waitUntil(
        async () => (await vaultRedis.hexists(cardVaultKey(ref.token), 'cvc')) === 0,
        {
          timeoutMs: 2_000,
          what: 'the CVC forgotten',
        },
      );
      // A repeat finds the request it made (the CVC is gone), and asks nothing again.
      expect(await pay.charge({ ...input, idempotencyKey: 'k' })).toEqual(first);
      expect(asked).toEqual(['POST /v1/charges charge:o']);
      // A token the vault does not hold is refused, the provider not asked.
      const gone = await tokenFor();
      await vaultRedis.del(cardVaultKey(gone.token));
      await expect(
        pay.charge({ ...input, orderId: 'o2', cardRef: gone, idempotencyKey: 'k2' }),
      ).rejects.toBeInstanceOf(InvalidPaymentError);
      expect(asked).toHaveLength(1);
    } finally {
      client.close();
      provider.closeAllConnections();
      provider.close();
    }
  });

  it('charging by webhook, ask the provider for the refund and leave its event to record it', async () => {
    const asked: string[] = [];
    const provider = createServer((req, res) => {
      asked.push(`${req.method ?? ''} ${req.url ?? ''}`);
      req.resume().on('end', () => res.writeHead(200).end(JSON.stringify({ id: 'ch_abc' })));
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${String((provider.address() as AddressInfo).port)}`;
      const ctx = {
        ...context(),
        provider: new ProviderClient({ url, account: 'async', requestTimeoutMs: 1_000 }),
      };
      const pay = paymentOperations(ctx);
      const ledger = new EffectsLedger(redis, ctx.namespace);
      // What the receiver records on charge.succeeded.
      await ledger.record('o', 'charge', 'ch_abc', { amountCents: 10 });
      expect(await pay.refund({ orderId: 'o', reason: 'test' })).toEqual({
        refundIds: ['rf_ch_abc'],
      });
      expect(asked).toEqual(['POST /v1/charges/ch_abc/refund']);
      expect(await ledger.countsOf('o')).toEqual({ charge: 1 });
    } finally {
      provider.closeAllConnections();
      provider.close();
    }
  });

  it('refuse to start without a card vault', () => {
    const { vault: _none, ...withoutVault } = context();
    expect(() => paymentOperations(withoutVault)).toThrow(/card vault/);
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
    await bg.notifyWarehouse({ orderId: 'o', items: [{ sku: regularSku(1), quantity: 1 }] });
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

describe('message validation at every operation', () => {
  it('refuses a malformed message before any write or simulated step', async () => {
    const ctx = context();
    // A simulated step that ran would fail with dependency_unavailable instead.
    for (const step of [
      'validatePayment',
      'chargeCard',
      'refundCharge',
      'checkInventory',
      'reserveItems',
      'releaseItems',
      'sendEmail',
      'updateAnalytics',
      'notifyWarehouse',
    ] as const)
      ctx.simulator.setFault(step, { errorRate: 1 });
    const pay = paymentOperations(ctx);
    const inv = inventoryOperations(ctx);
    const bg = backgroundOperations(ctx);
    const cardRef = await tokenFor();
    const charge = {
      orderId: 'o',
      cardRef,
      amountCents: 500,
      currency: 'EUR',
      idempotencyKey: 'k',
    };
    const refused = [
      pay.charge({ ...charge, amountCents: 0 }),
      pay.charge({ ...charge, amountCents: 2 ** 62 }),
      pay.charge({ ...charge, currency: 'XYZ' }),
      pay.charge({ ...charge, idempotencyKey: '' }),
      pay.charge({ ...charge, cardRef: { ...cardRef, token: '4242' } }),
      pay.validate({ orderId: '', cardRef, amountCents: 1 }),
      pay.refund({ orderId: 'o o' }),
      inv.check({ orderId: 'o', items: [] }),
      inv.reserve({ orderId: 'o', items: [{ sku: regularSku(1), quantity: -1 }] }),
      inv.release({ orderId: '' }),
      bg.sendEmail({ orderId: 'o', to: 'nobody' }),
      bg.recordOrder({ orderId: 'o', amountCents: -1, itemCount: 1 }),
      bg.notifyWarehouse({ orderId: 'o', items: [{ sku: 'nope', quantity: 1 }] }),
    ];
    for (const result of await Promise.allSettled(refused)) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    }
    const keys = await redis.keys(`lab:${ctx.namespace}:*`);
    expect(keys).toEqual([]);
  });
});
