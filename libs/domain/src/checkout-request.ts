import type { CatalogItem, LineItem } from './catalog.js';
import type { Card } from './card.js';
import { ValidationError, type FieldIssue } from './errors.js';

export interface CheckoutRequest {
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly LineItem[];
  readonly card: Card;
}

/** Limits on a checkout request; the edge also limits the body's size in bytes. */
export const REQUEST_LIMITS = {
  maxItems: 50,
  maxQuantity: 100,
  maxCustomerIdLength: 64,
  maxEmailLength: 254,
  maxIdempotencyKeyLength: 128,
} as const;

const CUSTOMER_ID = /^[A-Za-z0-9._:-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CARD_NUMBER = /^\d{12,19}$/;
const EXPIRY = /^(0[1-9]|1[0-2])\/\d{2}$/;
const CVC = /^\d{3,4}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a parsed JSON body and returns a typed request, or throws a
 * ValidationError that lists every problem found (not only the first), so a
 * client fixes its request in one round.
 */
export function parseCheckoutRequest(
  body: unknown,
  catalog: ReadonlyMap<string, CatalogItem>,
): CheckoutRequest {
  const issues: FieldIssue[] = [];
  const fail = (path: string, message: string) => issues.push({ path, message });
  if (!isRecord(body)) {
    throw new ValidationError([{ path: '', message: 'body must be a JSON object' }]);
  }

  const { customerId, email, items, card } = body;
  if (typeof customerId !== 'string') fail('customerId', 'must be a string');
  else if (customerId.length === 0 || customerId.length > REQUEST_LIMITS.maxCustomerIdLength)
    fail('customerId', `must be 1 to ${REQUEST_LIMITS.maxCustomerIdLength} characters`);
  else if (!CUSTOMER_ID.test(customerId))
    fail('customerId', 'may hold only letters, digits and ._:-');

  if (typeof email !== 'string') fail('email', 'must be a string');
  else if (email.length > REQUEST_LIMITS.maxEmailLength || !EMAIL.test(email))
    fail('email', 'must be an email address');

  const lines: LineItem[] = [];
  if (!Array.isArray(items)) fail('items', 'must be an array');
  else if (items.length === 0 || items.length > REQUEST_LIMITS.maxItems)
    fail('items', `must hold 1 to ${REQUEST_LIMITS.maxItems} items`);
  else
    items.forEach((item: unknown, i) => {
      const at = `items[${i}]`;
      if (!isRecord(item)) return fail(at, 'must be an object');
      const { sku, quantity } = item;
      let ok = true;
      if (typeof sku !== 'string') ok = !fail(`${at}.sku`, 'must be a string');
      else if (!catalog.has(sku)) ok = !fail(`${at}.sku`, `unknown SKU "${sku.slice(0, 40)}"`);
      if (typeof quantity !== 'number' || !Number.isInteger(quantity))
        ok = !fail(`${at}.quantity`, 'must be an integer');
      else if (quantity < 1 || quantity > REQUEST_LIMITS.maxQuantity)
        ok = !fail(`${at}.quantity`, `must be from 1 to ${REQUEST_LIMITS.maxQuantity}`);
      if (ok) lines.push({ sku: sku as string, quantity: quantity as number });
    });

  if (!isRecord(card)) fail('card', 'must be an object with number, expiry and cvc');
  else {
    if (typeof card.number !== 'string' || !CARD_NUMBER.test(card.number))
      fail('card.number', 'must be a string of 12 to 19 digits');
    if (typeof card.expiry !== 'string' || !EXPIRY.test(card.expiry))
      fail('card.expiry', 'must be MM/YY');
    if (typeof card.cvc !== 'string' || !CVC.test(card.cvc))
      fail('card.cvc', 'must be a string of 3 or 4 digits');
  }

  if (issues.length > 0) throw new ValidationError(issues);
  const c = card as Record<string, string>;
  return {
    customerId: customerId as string,
    email: email as string,
    items: lines,
    card: { number: c.number!, expiry: c.expiry!, cvc: c.cvc! },
  };
}

/** An `Idempotency-Key` header value: printable ASCII, bounded length. */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (
    value.length === 0 ||
    value.length > REQUEST_LIMITS.maxIdempotencyKeyLength ||
    !IDEMPOTENCY_KEY.test(value)
  ) {
    throw new ValidationError([
      {
        path: 'Idempotency-Key',
        message: `must be 1 to ${REQUEST_LIMITS.maxIdempotencyKeyLength} printable ASCII characters`,
      },
    ]);
  }
  return value;
}
