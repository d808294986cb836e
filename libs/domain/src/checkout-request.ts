import type { CatalogItem, LineItem } from './catalog.js';
import type { Card } from './card.js';
import { ValidationError } from './errors.js';
import { FieldChecker, isRecord } from './fields.js';
import {
  CARD_NUMBER_PATTERN,
  CVC_PATTERN,
  EXPIRY_PATTERN,
  IDEMPOTENCY_KEY_PATTERN,
  REQUEST_LIMITS,
} from './limits.js';

export interface CheckoutRequest {
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly LineItem[];
  readonly card: Card;
}

/**
 * Checks a parsed JSON body and returns a typed request, or throws a
 * ValidationError that lists every problem found (not only the first), so a
 * client fixes its request in one round. The rules are the ones every
 * service behind the edge applies to its messages (see messages.ts).
 */
export function parseCheckoutRequest(
  body: unknown,
  catalog: ReadonlyMap<string, CatalogItem>,
): CheckoutRequest {
  if (!isRecord(body)) {
    throw new ValidationError([{ path: '', message: 'body must be a JSON object' }]);
  }
  const v = new FieldChecker(body);
  const customerId = v.id('customerId', REQUEST_LIMITS.maxCustomerIdLength);
  const email = v.email('email');
  const items = v.items('items', catalog);

  const card = body.card;
  if (!isRecord(card)) v.fail('card', 'must be an object with number, expiry and cvc');
  else {
    if (typeof card.number !== 'string' || !CARD_NUMBER_PATTERN.test(card.number))
      v.fail('card.number', 'must be a string of 12 to 19 digits');
    if (typeof card.expiry !== 'string' || !EXPIRY_PATTERN.test(card.expiry))
      v.fail('card.expiry', 'must be MM/YY');
    if (typeof card.cvc !== 'string' || !CVC_PATTERN.test(card.cvc))
      v.fail('card.cvc', 'must be a string of 3 or 4 digits');
  }
  // Read only once every check passed: a card that is missing throws above.
  const checked = v.done({ customerId, email, items });
  const c = card as Record<string, string>;
  return { ...checked, card: { number: c.number!, expiry: c.expiry!, cvc: c.cvc! } };
}

/** An `Idempotency-Key` header value: printable ASCII, bounded length. */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (
    value.length === 0 ||
    value.length > REQUEST_LIMITS.maxIdempotencyKeyLength ||
    !IDEMPOTENCY_KEY_PATTERN.test(value)
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
