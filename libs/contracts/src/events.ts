/**
 * Event payloads of the async saga. Every event is a versioned envelope; a
 * message that does not decode into one is poison and goes to dead letters.
 */
import {
  FAILURE_CODES,
  IDEMPOTENCY_KEY_PATTERN,
  REQUEST_LIMITS,
  ValidationError,
  validateCardRef,
  validateOrderSnapshot,
  type CardRef,
  type FailureCode,
  type LineItem,
  type Variant,
} from '@lab/domain';
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

function fail(why: string, cause?: unknown): never {
  throw new PoisonMessageError(why, cause === undefined ? undefined : { cause });
}

/** What a poison message held where a value was expected, short: reasons are logged. */
function shown(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 40) ?? String(value);
}

/** An optional id-like field: absent, or printable ASCII of bounded length. */
function optionalId(e: Record<string, unknown>, field: string): Record<string, string> {
  const value = e[field];
  if (value === undefined) return {};
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > REQUEST_LIMITS.maxIdLength ||
    !IDEMPOTENCY_KEY_PATTERN.test(value)
  )
    fail(`${field} must be an id of printable ASCII`);
  return { [field]: value };
}

/**
 * Reads an event, checking every field with the rules every service applies
 * to its messages (the order with the edge's rules, the card reference with
 * the vault's format). Anything else is poison: dead-lettered, never retried,
 * never applied. The event returned holds the checked fields only.
 */
export function decodeEvent(data: Uint8Array): OrderEvent {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (error) {
    // The parser's message quotes the input: say where, not what.
    const at = /position \d+/.exec((error as Error).message)?.[0];
    fail(`not JSON${at ? ` (at ${at})` : ''}`, error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not an object');
  const e = value as Record<string, unknown>;
  if (e.version !== EVENT_VERSION) fail(`unsupported version ${shown(e.version)}`);
  if (!ORDER_EVENT_TYPES.includes(e.type as OrderEventType)) fail(`unknown type ${shown(e.type)}`);
  if (typeof e.occurredAt !== 'number' || !Number.isFinite(e.occurredAt))
    fail('occurredAt must be a number');
  if (e.reason !== undefined && !FAILURE_CODES.includes(e.reason as FailureCode))
    fail(`unknown reason ${shown(e.reason)}`);
  if (e.message !== undefined && typeof e.message !== 'string') fail('message must be a string');
  let order: OrderSnapshot;
  let card: CardRef | undefined;
  try {
    order = validateOrderSnapshot(e.order, 'order');
    card = e.card === undefined ? undefined : validateCardRef(e.card, 'card');
  } catch (error) {
    if (error instanceof ValidationError) fail(`invalid event: ${error.message}`, error);
    throw error;
  }
  return {
    type: e.type as OrderEventType,
    version: EVENT_VERSION,
    order,
    occurredAt: e.occurredAt as number,
    ...(e.reason !== undefined ? { reason: e.reason as FailureCode } : {}),
    ...(e.message !== undefined ? { message: e.message as string } : {}),
    ...optionalId(e, 'reservationId'),
    ...optionalId(e, 'chargeId'),
    ...(card ? { card } : {}),
  };
}
