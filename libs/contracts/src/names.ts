/**
 * Every name a stack uses on the brokers, derived from its namespace so that
 * stacks sharing one nats-server and one redis-server never meet.
 */
import type { EffectName, ServiceName } from '@lab/domain';

export type OrderEventType = 'placed' | 'reserved' | 'paid' | 'confirmed' | 'failed';
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = [
  'placed',
  'reserved',
  'paid',
  'confirmed',
  'failed',
];

export interface NatsNames {
  /** The stream that holds the stack's order events. */
  readonly stream: string;
  /** Every subject of that stream. */
  readonly streamSubjects: string;
  readonly subject: (event: OrderEventType) => string;
  /** Where poison messages go, with the reason in a header. */
  readonly deadLetterStream: string;
  readonly deadLetterSubject: (source: string) => string;
  /** The durable consumer of one service for one event: replicas of a service share it. */
  readonly consumer: (service: ServiceName, event: OrderEventType) => string;
}

export function natsNames(namespace: string): NatsNames {
  const upper = namespace.toUpperCase().replace(/-/g, '_');
  return {
    stream: `${upper}_ORDERS`,
    streamSubjects: `${namespace}.order.>`,
    subject: (event) => `${namespace}.order.${event}`,
    deadLetterStream: `${upper}_DEAD_LETTERS`,
    deadLetterSubject: (source) => `${namespace}.dead.${source}`,
    consumer: (service, event) => `${namespace}-${service}-${event}`,
  };
}

/** Background jobs that must be retried, one BullMQ queue per kind. */
export type JobKind = 'email' | 'analytics' | 'warehouse';
export const JOB_KINDS: readonly JobKind[] = ['email', 'analytics', 'warehouse'];

export function queueName(namespace: string, kind: JobKind): string {
  return `${namespace}-${kind}`;
}

/** BullMQ's own key prefix, kept apart from the lab's keys. */
export function bullPrefix(namespace: string): string {
  return `lab:${namespace}:bull`;
}

/** A job id that is the same for every attempt to apply one effect of one order. */
export function effectJobId(orderId: string, effect: EffectName): string {
  return `${orderId}.${effect}`;
}

export interface RedisKeys {
  readonly prefix: string;
  /** Hash: the order record. */
  readonly order: (orderId: string) => string;
  /** Hash: the order's effects, field `<effect>|<requestId>`. */
  readonly effects: (orderId: string) => string;
  /** Sorted set of order ids by creation time. */
  readonly orders: string;
  /** String: the order id an Idempotency-Key maps to. */
  readonly idempotency: (key: string) => string;
  /** Hash: units on hand per SKU. */
  readonly stock: string;
  /** Hash: the items an order holds reserved. */
  readonly reservation: (orderId: string) => string;
  /** Hash: counters of hidden work (retries, redeliveries, dead letters). */
  readonly counters: string;
  /** Stream: the outbox of events not yet acknowledged by JetStream. */
  readonly outbox: string;
  /** Pub/sub channel of order status changes. */
  readonly statusChannel: string;
  /** Sorted set: orders leased to the process driving them, by lease deadline (ms). */
  readonly leases: string;
  /** String: set once an order's payment is voided (refunded); no charge is taken after it. */
  readonly paymentVoid: (orderId: string) => string;
  /**
   * Hash: how often an effect already recorded was asked for again, field
   * `<orderId>|<effect>`: each is a caller that never heard the first answer.
   */
  readonly repeats: string;
  /** String: the provider's charge id, once a charge by webhook was requested under this key. */
  readonly chargeRequested: (idempotencyKey: string) => string;
  /** String: set once a webhook event is applied (its id); a duplicate changes nothing. */
  readonly webhookEvent: (eventId: string) => string;
  /** String: set for each signed delivery received; the same delivery again is a replay. */
  readonly webhookDelivery: (signature: string) => string;
}

export function redisKeys(namespace: string): RedisKeys {
  const prefix = `lab:${namespace}:`;
  return {
    prefix,
    order: (id) => `${prefix}order:${id}`,
    effects: (id) => `${prefix}effects:${id}`,
    orders: `${prefix}orders`,
    idempotency: (key) => `${prefix}idem:${key}`,
    stock: `${prefix}stock`,
    reservation: (id) => `${prefix}reservation:${id}`,
    counters: `${prefix}counters`,
    outbox: `${prefix}outbox`,
    statusChannel: `${prefix}status`,
    leases: `${prefix}leases`,
    paymentVoid: (id) => `${prefix}void:${id}`,
    repeats: `${prefix}repeats`,
    chargeRequested: (key) => `${prefix}charge-requested:${key}`,
    webhookEvent: (id) => `${prefix}webhook:event:${id}`,
    webhookDelivery: (signature) => `${prefix}webhook:delivery:${signature}`,
  };
}
