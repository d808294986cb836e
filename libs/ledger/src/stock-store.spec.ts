import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { LIMITED_SKU, LIMITED_STOCK, SOLD_OUT_SKU, createCatalog, regularSku } from '@lab/domain';
import { StockStore } from './stock-store.js';
import { EffectsLedger } from './effects-ledger.js';

let brokers: Brokers;
let redis: Redis;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
  redis = new Redis(brokers.redis!.url);
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

const catalog = createCatalog({ size: 2, initialStock: 10 });

describe('StockStore', () => {
  it('seeds without overwriting what is there', async () => {
    const stock = new StockStore(redis, 's1');
    await stock.seed(catalog);
    await stock.reserve('o', [{ sku: regularSku(1), quantity: 4 }]);
    await stock.seed(catalog);
    expect(await stock.levels([regularSku(1), regularSku(2), SOLD_OUT_SKU, LIMITED_SKU])).toEqual(
      new Map([
        [regularSku(1), 6],
        [regularSku(2), 10],
        [SOLD_OUT_SKU, 0],
        [LIMITED_SKU, LIMITED_STOCK],
      ]),
    );
  });

  it('reserves all lines or none, and names the short SKUs', async () => {
    const stock = new StockStore(redis, 's2');
    await stock.seed(catalog);
    const result = await stock.reserve('o', [
      { sku: regularSku(1), quantity: 6 },
      { sku: regularSku(1), quantity: 6 },
      { sku: regularSku(2), quantity: 1 },
      { sku: SOLD_OUT_SKU, quantity: 1 },
    ]);
    expect(result).toEqual({ ok: false, shortSkus: [regularSku(1), SOLD_OUT_SKU] });
    expect((await stock.levels([regularSku(2)])).get(regularSku(2))).toBe(10);
    expect(await new EffectsLedger(redis, 's2').countsOf('o')).toEqual({});
  });

  it('never sells more than it has, however many orders race', async () => {
    const stock = new StockStore(redis, 's3');
    await stock.seed(catalog);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        stock.reserve(`o-${i}`, [{ sku: LIMITED_SKU, quantity: 1 }]),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(LIMITED_STOCK);
    expect((await stock.levels([LIMITED_SKU])).get(LIMITED_SKU)).toBe(0);
  });

  it('reserves once per order and releases once, recording both effects', async () => {
    const stock = new StockStore(redis, 's4');
    const ledger = new EffectsLedger(redis, 's4');
    await stock.seed(catalog);
    const items = [{ sku: regularSku(1), quantity: 3 }];
    const first = await stock.reserve('o', items);
    expect(await stock.reserve('o', items)).toEqual(first);
    expect((await stock.levels([regularSku(1)])).get(regularSku(1))).toBe(7);
    expect(await stock.release('o')).toBe(true);
    expect(await stock.release('o')).toBe(false);
    expect(await stock.release('never-reserved')).toBe(false);
    expect((await stock.levels([regularSku(1)])).get(regularSku(1))).toBe(10);
    expect(await ledger.countsOf('o')).toEqual({ reservation: 1, release: 1 });
  });

  it('refuses a reservation that comes after its order was released', async () => {
    const stock = new StockStore(redis, 's-late');
    const ledger = new EffectsLedger(redis, 's-late');
    await stock.seed(catalog);
    const items = [{ sku: regularSku(1), quantity: 3 }];
    // Compensated first (nothing held yet), then the reservation arrives: refused.
    expect(await stock.release('late')).toBe(false);
    expect(await stock.reserve('late', items)).toEqual({ ok: false, released: true });
    expect(await stock.hasReservation('late')).toBe(false);
    expect((await stock.levels([regularSku(1)])).get(regularSku(1))).toBe(10);
    expect(await ledger.countsOf('late')).toEqual({});
    // Released after a reservation: given back once, and not taken again.
    await stock.reserve('held', items);
    expect(await stock.release('held')).toBe(true);
    expect(await stock.release('held')).toBe(false);
    expect(await stock.reserve('held', items)).toEqual({ ok: false, released: true });
    expect((await stock.levels([regularSku(1)])).get(regularSku(1))).toBe(10);
    expect(await ledger.countsOf('held')).toEqual({ reservation: 1, release: 1 });
  });
});
