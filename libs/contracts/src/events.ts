/**
 * Event payloads of the async saga. Every event is a versioned envelope; a
 * message that does not decode into one is poison and goes to dead letters.
 */
import type { CardRef, FailureCode, LineItem, Variant } from '@lab/domain';
import { FAILURE_CODES } from '@lab/domain';
import type { OrderEventType } from './names.js';
import { ORDER_EVENT_TYPES } from './names.js';

export const EVENT_VERSION = 1;

export interface OrderSnapshot {
  readonly orderId: string;
  readonly variant: Variant;
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly LineItem[];
  readonly amountCents: number;
  /** The key a charge is made under: the client's Idempotency-Key or the order id. */
  readonly idempotencyKey: string;
}

export interface OrderEvent {
  readonly type: OrderEventType;
  readonly version: typeof EVENT_VERSION;
  readonly order: OrderSnapshot;
  /** Milliseconds since the epoch, on the producer's clock. */
  readonly occurredAt: number;
  readonly reason?: FailureCode;
  readonly message?: string;
  readonly reservationId?: string;
  readonly chargeId?: string;
  /**
   * The card, on the events before the charge (placed, reserved): the card
   * vault's token and last four digits only, so no card number or CVC ever
   * reaches the JetStream store or the outbox in Redis.
   */
  readonly card?: CardRef;
}

/** A message that cannot be decoded; it is dead-lettered, never retried. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
  readonly code = 'poison_message';
}

/** The JetStream message id of an event: one per order and type, so publishes dedupe. */
export function eventMessageId(orderId: string, type: OrderEventType): string {
  return `${orderId}:${type}`;
}

export function encodeEvent(event: OrderEvent): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(event));
}

function fail(why: string): never {
  throw new PoisonMessageError(why);
}

function isString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

export function decodeEvent(data: Uint8Array): OrderEvent {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (error) {
    fail(`not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null) fail('not an object');
  const e = value as Record<string, unknown>;
  if (e.version !== EVENT_VERSION) fail(`unsupported version ${String(e.version)}`);
  if (!ORDER_EVENT_TYPES.includes(e.type as OrderEventType)) fail(`unknown type ${String(e.type)}`);
  if (typeof e.occurredAt !== 'number') fail('occurredAt must be a number');
  const o = e.order as Record<string, unknown> | undefined;
  if (!o || typeof o !== 'object') fail('order missing');
  if (
    !isString(o.orderId) ||
    !isString(o.variant) ||
    !isString(o.customerId) ||
    !isString(o.email)
  ) {
    fail('order fields missing');
  }
  if (!isString(o.idempotencyKey) || typeof o.amountCents !== 'number')
    fail('order fields missing');
  if (
    !Array.isArray(o.items) ||
    o.items.some(
      (i: { sku?: unknown; quantity?: unknown }) =>
        !isString(i?.sku) || !Number.isInteger(i?.quantity),
    )
  ) {
    fail('order items malformed');
  }
  const card = e.card as Record<string, unknown> | undefined;
  if (
    card !== undefined &&
    (typeof card !== 'object' ||
      card === null ||
      !isString(card.token) ||
      !isString(card.last4) ||
      !isString(card.brand))
  ) {
    fail('card malformed');
  }
  if (e.reason !== undefined && !FAILURE_CODES.includes(e.reason as FailureCode))
    fail(`unknown reason ${String(e.reason)}`);
  return value as OrderEvent;
}
