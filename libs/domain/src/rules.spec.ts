import { describe, expect, it } from 'vitest';
import {
  LIMITED_SKU,
  LIMITED_STOCK,
  SOLD_OUT_SKU,
  createCatalog,
  findShortages,
  orderTotalCents,
  regularSku,
} from './catalog.js';
import { compensationsFor } from './compensation.js';
import { VARIANTS, canTransition, isTerminal, isVariant } from './order.js';
import {
  BUSINESS_FAILURE_CODES,
  CardDeclinedError,
  DomainError,
  InternalError,
  OutOfStockError,
  errorForCode,
} from './errors.js';
import { createRng, rngFor } from './random.js';

describe('catalog and stock', () => {
  const catalog = createCatalog({ size: 3, initialStock: 5 });

  it('holds regular, sold-out and limited SKUs with deterministic prices', () => {
    expect([...catalog.keys()]).toEqual([
      regularSku(1),
      regularSku(2),
      regularSku(3),
      SOLD_OUT_SKU,
      LIMITED_SKU,
    ]);
    expect(catalog.get(SOLD_OUT_SKU)?.initialStock).toBe(0);
    expect(catalog.get(LIMITED_SKU)?.initialStock).toBe(LIMITED_STOCK);
    expect(createCatalog({ size: 3, initialStock: 5 }).get(regularSku(2))).toEqual(
      catalog.get(regularSku(2)),
    );
  });

  it('prices an order and refuses unknown SKUs', () => {
    const p1 = catalog.get(regularSku(1))!.priceCents;
    const p2 = catalog.get(regularSku(2))!.priceCents;
    expect(
      orderTotalCents(catalog, [
        { sku: regularSku(1), quantity: 2 },
        { sku: regularSku(2), quantity: 1 },
      ]),
    ).toBe(2 * p1 + p2);
    expect(() => orderTotalCents(catalog, [{ sku: 'X', quantity: 1 }])).toThrow(/unknown SKU/);
  });

  it('finds shortages, adding up repeated lines of one SKU', () => {
    const available = new Map([
      [regularSku(1), 5],
      [SOLD_OUT_SKU, 0],
    ]);
    expect(findShortages(available, [{ sku: regularSku(1), quantity: 5 }])).toEqual([]);
    expect(
      findShortages(available, [
        { sku: regularSku(1), quantity: 3 },
        { sku: regularSku(1), quantity: 3 },
      ]),
    ).toEqual([regularSku(1)]);
    expect(
      findShortages(available, [
        { sku: SOLD_OUT_SKU, quantity: 1 },
        { sku: 'unknown', quantity: 1 },
      ]),
    ).toEqual([SOLD_OUT_SKU, 'unknown']);
  });
});

describe('compensation', () => {
  it('refunds a charge, then releases a reservation', () => {
    expect(compensationsFor({})).toEqual([]);
    expect(compensationsFor({ reservation: 1 })).toEqual(['releaseItems']);
    expect(compensationsFor({ reservation: 1, charge: 1 })).toEqual([
      'refundCharge',
      'releaseItems',
    ]);
  });

  it('asks only for what is still outstanding, so a retry converges', () => {
    expect(compensationsFor({ reservation: 1, charge: 1, refund: 1 })).toEqual(['releaseItems']);
    expect(compensationsFor({ reservation: 1, charge: 1, refund: 1, release: 1 })).toEqual([]);
  });
});

describe('order states', () => {
  it('only move forward, and end in confirmed or failed', () => {
    expect(canTransition('accepted', 'reserved')).toBe(true);
    expect(canTransition('accepted', 'confirmed')).toBe(true);
    expect(canTransition('paid', 'reserved')).toBe(false);
    expect(canTransition('reserved', 'failed')).toBe(true);
    expect(canTransition('confirmed', 'failed')).toBe(false);
    expect(canTransition('failed', 'confirmed')).toBe(false);
    expect(isTerminal('paid')).toBe(false);
    expect(isTerminal('failed')).toBe(true);
  });

  it('names the three variants once, and tells a variant from any other string', () => {
    expect(VARIANTS).toEqual(['sync', 'async', 'hybrid']);
    expect(VARIANTS.every(isVariant)).toBe(true);
    expect(isVariant('Sync')).toBe(false);
    expect(isVariant('')).toBe(false);
  });
});

describe('errors', () => {
  it('carry stable codes and survive a trip over the wire', () => {
    const err = errorForCode('out_of_stock', 'not enough stock for A, B');
    expect(err).toBeInstanceOf(OutOfStockError);
    expect((err as OutOfStockError).skus).toEqual(['A', 'B']);
    expect(errorForCode('card_declined', 'no')).toBeInstanceOf(CardDeclinedError);
    expect(errorForCode('???', 'x')).toBeInstanceOf(InternalError);
  });

  it('count as business only the codes no outage carries', () => {
    expect([...BUSINESS_FAILURE_CODES].sort()).toEqual([
      'card_declined',
      'invalid_payment',
      'invalid_request',
      'out_of_stock',
    ]);
    // A lease-cancelled order is business in its process, but its code is also a deadline's.
    expect(BUSINESS_FAILURE_CODES.has('deadline_exceeded')).toBe(false);
  });

  it('wrap any caught value, keeping the cause', () => {
    const raw = new TypeError('boom');
    const wrapped = DomainError.from(raw);
    expect(wrapped.code).toBe('internal');
    expect(wrapped.cause).toBe(raw);
    const declined = new CardDeclinedError();
    expect(DomainError.from(declined)).toBe(declined);
    expect(JSON.parse(JSON.stringify(declined))).toEqual({
      code: 'card_declined',
      message: declined.message,
    });
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed and differs across seeds and keys', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect(rngFor(1, 'x')()).toBe(rngFor(1, 'x')());
    expect(rngFor(1, 'x')()).not.toBe(rngFor(1, 'y')());
    expect(rngFor(1, 'x')()).not.toBe(rngFor(2, 'x')());
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });
});
