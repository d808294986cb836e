import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as protoLoader from '@grpc/proto-loader';
import { GRPC_SERVICE_NAMES, PROTO_FILES, PROTO_LOADER_OPTIONS, PROTO_ROOT } from './grpc.js';
import {
  PoisonMessageError,
  decodeEvent,
  encodeEvent,
  eventMessageId,
  type OrderEvent,
} from './events.js';
import { natsNames, queueName, redisKeys } from './names.js';

const event: OrderEvent = {
  type: 'placed',
  version: 1,
  occurredAt: 1,
  order: {
    orderId: 'o-1',
    variant: 'async',
    customerId: 'c-1',
    email: 'a@b.co',
    items: [{ sku: 'SKU-0001', quantity: 1 }],
    amountCents: 100,
    idempotencyKey: 'o-1',
  },
};

describe('gRPC contracts', () => {
  it('load every service from proto/ with the options the types were generated for', () => {
    const files = Object.values(PROTO_FILES);
    for (const f of files)
      expect(readFileSync(join(PROTO_ROOT, f), 'utf8')).toMatch(/^package shop\.\w+\.v1;/m);
    const definition = protoLoader.loadSync(files, PROTO_LOADER_OPTIONS);
    for (const name of Object.values(GRPC_SERVICE_NAMES)) expect(definition[name]).toBeDefined();
    const charge = (
      definition['shop.payment.v1.PaymentService'] as Record<string, { path: string }>
    ).Charge;
    expect(charge?.path).toBe('/shop.payment.v1.PaymentService/Charge');
  });
});

describe('names', () => {
  it('keep stacks apart by namespace', () => {
    const a = natsNames('async');
    const h = natsNames('hybrid');
    expect(a.stream).toBe('ASYNC_ORDERS');
    expect(a.subject('placed')).toBe('async.order.placed');
    expect(a.streamSubjects).toBe('async.order.>');
    expect(a.consumer('payment', 'reserved')).toBe('async-payment-reserved');
    expect(h.stream).not.toBe(a.stream);
    expect(queueName('async', 'email')).not.toBe(queueName('hybrid', 'email'));
    expect(redisKeys('sync').order('x')).toBe('lab:sync:order:x');
    expect(redisKeys('async').order('x')).not.toBe(redisKeys('sync').order('x'));
  });
});

describe('events', () => {
  it('round-trip and carry a deterministic message id', () => {
    expect(decodeEvent(encodeEvent(event))).toEqual(event);
    expect(eventMessageId('o-1', 'placed')).toBe('o-1:placed');
  });

  it.each([
    ['not JSON', new TextEncoder().encode('{oops')],
    ['wrong version', encodeEvent({ ...event, version: 2 as 1 })],
    ['unknown type', encodeEvent({ ...event, type: 'shipped' as 'placed' })],
    ['missing order', new TextEncoder().encode(JSON.stringify({ ...event, order: undefined }))],
    [
      'bad items',
      encodeEvent({ ...event, order: { ...event.order, items: [{ sku: 1 } as never] } }),
    ],
    ['bad reason', encodeEvent({ ...event, reason: 'nope' as never })],
    ['invalid UTF-8', new Uint8Array([0xff, 0xfe])],
    ['an amount of 0', encodeEvent({ ...event, order: { ...event.order, amountCents: 0 } })],
    ['no items', encodeEvent({ ...event, order: { ...event.order, items: [] } })],
    [
      'a negative quantity',
      encodeEvent({
        ...event,
        order: { ...event.order, items: [{ sku: 'SKU-0001', quantity: -1 }] },
      }),
    ],
    [
      'an empty idempotency key',
      encodeEvent({ ...event, order: { ...event.order, idempotencyKey: '' } }),
    ],
    [
      'an unknown variant',
      encodeEvent({ ...event, order: { ...event.order, variant: 'batch' as never } }),
    ],
    [
      'a whole card instead of a token',
      encodeEvent({
        ...event,
        card: { number: '4242424242424242', expiry: '12/30', cvc: '123' } as never,
      }),
    ],
    ['a bad charge id', encodeEvent({ ...event, chargeId: 'has space' })],
  ])('call %s poison', (_, bytes) => {
    expect(() => decodeEvent(bytes)).toThrow(PoisonMessageError);
  });

  it('carry the card reference, and only the fields they know', () => {
    const card = { token: `tok_${'ab'.repeat(16)}`, last4: '4242', brand: 'visa' as const };
    const reserved: OrderEvent = { ...event, type: 'reserved', reservationId: 'rs_o-1', card };
    expect(decodeEvent(encodeEvent(reserved))).toEqual(reserved);
    const extra = new TextEncoder().encode(JSON.stringify({ ...reserved, secret: 'x' }));
    expect(decodeEvent(extra)).toEqual(reserved);
  });

  it('name what is wrong without quoting it', () => {
    const bytes = new TextEncoder().encode(`{"card":{"number":"4242424242424242"`);
    expect(() => decodeEvent(bytes)).toThrow(/^not JSON/);
    expect(() => decodeEvent(bytes)).not.toThrow(/4242/);
    const whole = encodeEvent({ ...event, card: { number: '4242424242424242' } as never });
    expect(() => decodeEvent(whole)).toThrow(/invalid event: card.token: must be a string/);
    expect(() => decodeEvent(whole)).not.toThrow(/4242/);
  });
});
