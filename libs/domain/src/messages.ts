/**
 * One validation per message a service receives, whatever carries it: the
 * gRPC servers and the async consumers and workers call the same operations,
 * and each operation checks its message here first, before any write or
 * simulated delay. A message that makes no sense throws a ValidationError
 * naming every field that is wrong (INVALID_ARGUMENT over gRPC, poison on a
 * stream or a queue). Field names are those of the proto messages.
 */
import type { CardRef } from './card.js';
import type { LineItem } from './catalog.js';
import { FieldChecker } from './fields.js';
import { MAX_ORDER_UNITS, REQUEST_LIMITS } from './limits.js';
import { VARIANTS, type Variant } from './order.js';

/** What a caller may hand an operation: any values at all; the operation checks them. */
export type Unchecked<T> = { readonly [K in keyof T]?: unknown };

/** Every message names its order; a request id is optional (proto3 sends "" for none). */
interface OrderMessage {
  readonly requestId?: string;
  readonly orderId: string;
}

export interface ValidatePaymentInput extends OrderMessage {
  readonly cardRef: CardRef;
  readonly amountCents: number;
}

export interface ChargeInput extends OrderMessage {
  readonly cardRef: CardRef;
  readonly amountCents: number;
  readonly currency: string;
  /** The client's Idempotency-Key or the order id: one charge per key. */
  readonly idempotencyKey: string;
}

export interface RefundInput extends OrderMessage {
  readonly chargeId?: string;
  readonly amountCents?: number;
  readonly reason?: string;
}

/** CheckStock and Reserve. */
export interface StockInput extends OrderMessage {
  readonly items: readonly LineItem[];
}

export interface ReleaseInput extends OrderMessage {
  readonly reservationId?: string;
  readonly reason?: string;
}

export interface SendEmailInput extends OrderMessage {
  readonly to: string;
  readonly template?: string;
  readonly customerId?: string;
}

export interface RecordOrderInput extends OrderMessage {
  readonly customerId?: string;
  readonly amountCents: number;
  readonly itemCount: number;
}

export interface NotifyShipmentInput extends OrderMessage {
  readonly reservationId?: string;
  readonly items: readonly LineItem[];
}

/** The order as every event and job carries it (OrderSnapshot in @lab/contracts). */
export interface OrderSnapshotFields {
  readonly orderId: string;
  readonly variant: Variant;
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly LineItem[];
  readonly amountCents: number;
  readonly idempotencyKey: string;
}

function orderMessage(v: FieldChecker): OrderMessage {
  return { ...v.optionalId('requestId'), orderId: v.id('orderId') };
}

function optionalCustomerId(v: FieldChecker): { customerId?: string } {
  return v.has('customerId')
    ? { customerId: v.id('customerId', REQUEST_LIMITS.maxCustomerIdLength) }
    : {};
}

export function validateValidatePaymentInput(message: unknown): ValidatePaymentInput {
  const v = new FieldChecker(message);
  return v.done({
    ...orderMessage(v),
    cardRef: v.cardRef('cardRef'),
    amountCents: v.amount('amountCents'),
  });
}

export function validateChargeInput(message: unknown): ChargeInput {
  const v = new FieldChecker(message);
  return v.done({
    ...orderMessage(v),
    cardRef: v.cardRef('cardRef'),
    amountCents: v.amount('amountCents'),
    currency: v.currency('currency'),
    idempotencyKey: v.idempotencyKey('idempotencyKey'),
  });
}

export function validateRefundInput(message: unknown): RefundInput {
  const v = new FieldChecker(message);
  return v.done({
    ...orderMessage(v),
    ...(v.has('chargeId') ? { chargeId: v.idempotencyKey('chargeId') } : {}),
    // 0, proto3's unset int64, means the whole charge.
    ...(v.has('amountCents') && v.raw('amountCents') !== 0
      ? { amountCents: v.amount('amountCents') }
      : {}),
    ...v.optionalText('reason', REQUEST_LIMITS.maxReasonLength),
  });
}

/** CheckStock and Reserve carry the same message. */
export function validateStockInput(message: unknown): StockInput {
  const v = new FieldChecker(message);
  return v.done({ ...orderMessage(v), items: v.items('items') });
}

export function validateReleaseInput(message: unknown): ReleaseInput {
  const v = new FieldChecker(message);
  return v.done({
    ...orderMessage(v),
    ...v.optionalId('reservationId'),
    ...v.optionalText('reason', REQUEST_LIMITS.maxReasonLength),
  });
}

export function validateSendEmailInput(message: unknown): SendEmailInput {
  const v = new FieldChecker(message);
  return v.done({
    ...orderMessage(v),
    to: v.email('to'),
    ...v.optionalId('template'),
    ...optionalCustomerId(v),
  });
}

export function validateRecordOrderInput(message: unknown): RecordOrderInput {
  const v = new FieldChecker(message);
  return v.done({
    ...orderMessage(v),
    ...optionalCustomerId(v),
    amountCents: v.amount('amountCents'),
    itemCount: v.integer('itemCount', 1, MAX_ORDER_UNITS),
  });
}

export function validateNotifyShipmentInput(message: unknown): NotifyShipmentInput {
  const v = new FieldChecker(message);
  return v.done({ ...orderMessage(v), ...v.optionalId('reservationId'), items: v.items('items') });
}

/**
 * The order inside an event or a job, with the edge's rules: an event or a
 * job that does not pass is poison, never applied. `path` prefixes the
 * fields named in the error.
 */
export function validateOrderSnapshot(value: unknown, path = 'order'): OrderSnapshotFields {
  const v = new FieldChecker(value, path);
  return v.done({
    orderId: v.id('orderId'),
    variant: v.oneOf('variant', VARIANTS),
    customerId: v.id('customerId', REQUEST_LIMITS.maxCustomerIdLength),
    email: v.email('email'),
    items: v.items('items'),
    amountCents: v.amount('amountCents'),
    idempotencyKey: v.idempotencyKey('idempotencyKey'),
  });
}

/** A card reference on its own (an event's card), with the same rules as in a message. */
export function validateCardRef(value: unknown, path = 'card'): CardRef {
  const v = new FieldChecker({ [path]: value });
  return v.done(v.cardRef(path));
}
