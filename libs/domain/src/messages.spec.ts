import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { MAX_ORDER_CENTS, MAX_ORDER_UNITS } from './limits.js';
import {
  validateCardRef,
  validateChargeInput,
  validateNotifyShipmentInput,
  validateOrderSnapshot,
  validateRecordOrderInput,
  validateRefundInput,
  validateReleaseInput,
  validateSendEmailInput,
  validateStockInput,
  validateValidatePaymentInput,
} from './messages.js';

const cardRef = { token: `tok_${'0a'.repeat(16)}`, last4: '4242', brand: 'visa' };
const items = [{ sku: 'SKU-0001', quantity: 2 }];
const charge = {
  requestId: 'sync-1:charge',
  orderId: 'sync-1',
  cardRef,
  amountCents: 4999,
  currency: 'EUR',
  idempotencyKey: 'key-1',
};

function issuesOf(validate: (m: unknown) => unknown, message: unknown): string[] {
  try {
    validate(message);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a ValidationError');
}

describe('message validation', () => {
  it('returns the typed message, without unknown fields, and an unset optional field as absent', () => {
    expect(validateChargeInput({ ...charge, extra: 1 })).toEqual(charge);
    // What grpc-js decodes from a message with no request id and no reason: "".
    expect(
      validateRefundInput({
        requestId: '',
        orderId: 'o',
        chargeId: '',
        amountCents: 0,
        reason: '',
      }),
    ).toEqual({
      orderId: 'o',
    });
    expect(validateStockInput({ orderId: 'o', items })).toEqual({ orderId: 'o', items });
    expect(validateReleaseInput({ orderId: 'o', reason: 'card_declined' })).toEqual({
      orderId: 'o',
      reason: 'card_declined',
    });
    expect(validateValidatePaymentInput({ orderId: 'o', cardRef, amountCents: 1 })).toEqual({
      orderId: 'o',
      cardRef,
      amountCents: 1,
    });
    expect(
      validateSendEmailInput({ orderId: 'o', to: 'a@b.co', template: 'order-confirmed' }),
    ).toEqual({
      orderId: 'o',
      to: 'a@b.co',
      template: 'order-confirmed',
    });
    expect(validateRecordOrderInput({ orderId: 'o', amountCents: 5, itemCount: 1 })).toEqual({
      orderId: 'o',
      amountCents: 5,
      itemCount: 1,
    });
    expect(validateNotifyShipmentInput({ orderId: 'o', items })).toEqual({ orderId: 'o', items });
  });

  it('lists every problem of a message at once, each with its field', () => {
    expect(
      issuesOf(validateChargeInput, {
        orderId: '',
        cardRef: { token: '4242', last4: '42', brand: 'diners' },
        amountCents: 0,
        currency: 'XYZ',
        idempotencyKey: '',
      }),
    ).toEqual([
      'orderId: must be 1 to 160 characters',
      'cardRef.token: must be a card vault token: tok_ and 32 hex digits',
      'cardRef.last4: must be the last four digits of the card',
      'cardRef.brand: must be one of visa, mastercard, amex, other',
      `amountCents: must be from 1 to ${MAX_ORDER_CENTS}`,
      'currency: must be one of EUR',
      'idempotencyKey: must be 1 to 128 characters',
    ]);
    expect(issuesOf(validateChargeInput, null)).toEqual([': must be an object']);
  });

  it.each<[string, (m: unknown) => unknown, unknown, string]>([
    [
      'a card number for a token',
      validateChargeInput,
      { ...charge, cardRef: { ...cardRef, token: '4242424242424242' } },
      'cardRef.token: must be a card vault token: tok_ and 32 hex digits',
    ],
    [
      'no card',
      validateChargeInput,
      { ...charge, cardRef: null },
      'cardRef: must be an object with token, last4 and brand',
    ],
    [
      'a negative amount',
      validateChargeInput,
      { ...charge, amountCents: -5 },
      `amountCents: must be from 1 to ${MAX_ORDER_CENTS}`,
    ],
    [
      'an amount of 2^62',
      validateChargeInput,
      { ...charge, amountCents: 2 ** 62 },
      `amountCents: must be from 1 to ${MAX_ORDER_CENTS}`,
    ],
    [
      'a fractional amount',
      validateChargeInput,
      { ...charge, amountCents: 1.5 },
      'amountCents: must be an integer',
    ],
    [
      'an amount as text',
      validateChargeInput,
      { ...charge, amountCents: '5' },
      'amountCents: must be an integer',
    ],
    [
      'an order id with spaces',
      validateChargeInput,
      { ...charge, orderId: 'a b' },
      'orderId: may hold only letters, digits and ._:-',
    ],
    [
      'an overlong order id',
      validateChargeInput,
      { ...charge, orderId: 'o'.repeat(161) },
      'orderId: must be 1 to 160 characters',
    ],
    [
      'a request id with a control character',
      validateChargeInput,
      { ...charge, requestId: 'r\n' },
      'requestId: may hold only letters, digits and ._:-',
    ],
    [
      'an idempotency key with a space',
      validateChargeInput,
      { ...charge, idempotencyKey: 'a b' },
      'idempotencyKey: may hold only printable ASCII characters',
    ],
    [
      'a negative quantity',
      validateStockInput,
      { orderId: 'o', items: [{ sku: 'SKU-0001', quantity: -1 }] },
      'items[0].quantity: must be from 1 to 100',
    ],
    [
      'too many units',
      validateStockInput,
      { orderId: 'o', items: [{ sku: 'SKU-0001', quantity: 101 }] },
      'items[0].quantity: must be from 1 to 100',
    ],
    ['no items', validateStockInput, { orderId: 'o', items: [] }, 'items: must hold 1 to 50 items'],
    [
      'too many items',
      validateStockInput,
      { orderId: 'o', items: Array(51).fill(items[0]) },
      'items: must hold 1 to 50 items',
    ],
    [
      'a SKU of no catalog',
      validateStockInput,
      { orderId: 'o', items: [{ sku: 'sku-1; DROP', quantity: 1 }] },
      'items[0].sku: must be a catalog SKU: SKU- and 1 to 12 capital letters or digits',
    ],
    [
      'a line that is not an object',
      validateNotifyShipmentInput,
      { orderId: 'o', items: [7] },
      'items[0]: must be an object',
    ],
    [
      'an overlong reason',
      validateReleaseInput,
      { orderId: 'o', reason: 'x'.repeat(201) },
      'reason: must be 1 to 200 characters',
    ],
    [
      'a negative refund',
      validateRefundInput,
      { orderId: 'o', amountCents: -1 },
      `amountCents: must be from 1 to ${MAX_ORDER_CENTS}`,
    ],
    [
      'a bad email',
      validateSendEmailInput,
      { orderId: 'o', to: 'not-an-email' },
      'to: must be an email address',
    ],
    [
      'no item count',
      validateRecordOrderInput,
      { orderId: 'o', amountCents: 5, itemCount: 0 },
      `itemCount: must be from 1 to ${MAX_ORDER_UNITS}`,
    ],
    [
      'a bad customer id',
      validateRecordOrderInput,
      { orderId: 'o', amountCents: 5, itemCount: 1, customerId: 'a b' },
      'customerId: may hold only letters, digits and ._:-',
    ],
  ])('rejects %s', (_, validate, message, issue) => {
    expect(issuesOf(validate, message)).toEqual([issue]);
  });

  it('never quotes the value it rejects', () => {
    const issues = issuesOf(validateChargeInput, {
      ...charge,
      cardRef: { ...cardRef, token: '4242424242424242' },
    });
    expect(issues.join(' ')).not.toContain('4242424242424242');
  });
});

describe('order snapshot and card reference validation', () => {
  const order = {
    orderId: 'async-1',
    variant: 'async',
    customerId: 'c-1',
    email: 'a@b.co',
    items,
    amountCents: 398,
    idempotencyKey: 'async-1',
  };

  it('passes the order of an event or a job, and names what is wrong under its path', () => {
    expect(validateOrderSnapshot(order)).toEqual(order);
    expect(
      issuesOf((m) => validateOrderSnapshot(m), {
        ...order,
        variant: 'batch',
        email: 'x',
        items: [],
      }),
    ).toEqual([
      'order.variant: must be one of sync, async, hybrid',
      'order.email: must be an email address',
      'order.items: must hold 1 to 50 items',
    ]);
    expect(issuesOf((m) => validateOrderSnapshot(m), undefined)).toEqual([
      'order: must be an object',
    ]);
  });

  it('checks a card reference on its own', () => {
    expect(validateCardRef(cardRef)).toEqual(cardRef);
    expect(issuesOf((m) => validateCardRef(m), { ...cardRef, last4: 4242 })).toEqual([
      'card.last4: must be a string',
    ]);
    expect(
      issuesOf((m) => validateCardRef(m), {
        number: '4242424242424242',
        expiry: '12/30',
        cvc: '123',
      }),
    ).toEqual([
      'card.token: must be a string',
      'card.last4: must be a string',
      'card.brand: must be one of visa, mastercard, amex, other',
    ]);
  });
});
