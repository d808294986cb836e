import { describe, expect, it } from 'vitest';
import { SOLD_OUT_SKU, createCatalog, regularSku } from './catalog.js';
import { parseCheckoutRequest, parseIdempotencyKey } from './checkout-request.js';
import { ValidationError } from './errors.js';

const catalog = createCatalog({ size: 10, initialStock: 100 });
const valid = {
  customerId: 'c-1',
  email: 'ada@example.com',
  items: [{ sku: regularSku(1), quantity: 2 }],
  card: { number: '4242424242424242', expiry: '12/30', cvc: '123' },
};

function issuesOf(body: unknown): string[] {
  try {
    parseCheckoutRequest(body, catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a ValidationError');
}

describe('parseCheckoutRequest', () => {
  it('returns the typed request for a valid body, dropping unknown fields', () => {
    const parsed = parseCheckoutRequest({ ...valid, extra: true }, catalog);
    expect(parsed).toEqual(valid);
    expect(
      parseCheckoutRequest({ ...valid, items: [{ sku: SOLD_OUT_SKU, quantity: 1 }] }, catalog)
        .items,
    ).toEqual([{ sku: SOLD_OUT_SKU, quantity: 1 }]);
  });

  it('rejects non-objects', () => {
    expect(issuesOf(null)).toEqual([': body must be a JSON object']);
    expect(issuesOf([valid])).toEqual([': body must be a JSON object']);
    expect(issuesOf('x')).toEqual([': body must be a JSON object']);
  });

  it('lists every problem at once', () => {
    expect(issuesOf({ customerId: 5, items: 'no', card: {} })).toEqual([
      'customerId: must be a string',
      'email: must be a string',
      'items: must be an array',
      'card.number: must be a string of 12 to 19 digits',
      'card.expiry: must be MM/YY',
      'card.cvc: must be a string of 3 or 4 digits',
    ]);
  });

  it('lists every missing field of a body that holds almost nothing', () => {
    expect(issuesOf({ customerId: 'c1' })).toEqual([
      'email: must be a string',
      'items: must be an array',
      'card: must be an object with number, expiry and cvc',
    ]);
  });

  it.each([
    [{ ...valid, items: [] }, 'items: must hold 1 to 50 items'],
    [
      { ...valid, items: [{ sku: regularSku(1), quantity: -1 }] },
      'items[0].quantity: must be from 1 to 100',
    ],
    [
      { ...valid, items: [{ sku: regularSku(1), quantity: 1.5 }] },
      'items[0].quantity: must be an integer',
    ],
    [
      { ...valid, items: [{ sku: regularSku(1), quantity: '2' }] },
      'items[0].quantity: must be an integer',
    ],
    [
      { ...valid, items: [{ sku: 'SKU-9999', quantity: 1 }] },
      'items[0].sku: unknown SKU "SKU-9999"',
    ],
    [{ ...valid, items: [7] }, 'items[0]: must be an object'],
    [{ ...valid, email: 'not-an-email' }, 'email: must be an email address'],
    [{ ...valid, customerId: '' }, 'customerId: must be 1 to 64 characters'],
    [{ ...valid, customerId: 'a b' }, 'customerId: may hold only letters, digits and ._:-'],
    [{ ...valid, card: { ...valid.card, expiry: '13/30' } }, 'card.expiry: must be MM/YY'],
    [{ ...valid, card: 'x' }, 'card: must be an object with number, expiry and cvc'],
  ])('rejects %j', (body, issue) => {
    expect(issuesOf(body)).toEqual([issue]);
  });
});

describe('parseIdempotencyKey', () => {
  it('passes a good key through and rejects bad ones', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('order-123')).toBe('order-123');
    expect(() => parseIdempotencyKey('')).toThrow(ValidationError);
    expect(() => parseIdempotencyKey('has space')).toThrow(/Idempotency-Key/);
    expect(() => parseIdempotencyKey('x'.repeat(129))).toThrow(/128/);
  });
});
