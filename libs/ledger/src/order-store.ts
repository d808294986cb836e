import type { Redis } from 'ioredis';
import {
  STATUS_RANK,
  type CardBrand,
  type CardRef,
  type EffectName,
  type FailureCode,
  type LineItem,
  type OrderStatus,
  type Variant,
} from '@lab/domain';
import { redisKeys, type RedisKeys } from '@lab/contracts';
import { currentTraceparent } from '@lab/telemetry';
import { CHARGE_REQUESTED, CLAIM } from './lease-scripts.js';
import { awaitReplica, evalScript, luaScript } from './redis.js';
import { LEDGER_OPERATIONS, redisSpan } from './redis-span.js';

export interface NewOrder {
  readonly orderId: string;
  readonly variant: Variant;
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly LineItem[];
  readonly amountCents: number;
  /** The client's Idempotency-Key: the same key always maps to the same order. */
  readonly idempotencyKey?: string;
  /** The card vault's token and what a receipt shows; never the card itself. */
  readonly card?: CardRef;
}

/** One status an order reached, and when (ms since the epoch). */
export interface StatusStep {
  readonly status: OrderStatus;
  readonly at: number;
}

export interface OrderRecord extends NewOrder {
  readonly status: OrderStatus;
  /** Every status the order reached, in the order it reached them (accepted first). */
  readonly history: readonly StatusStep[];
  readonly reason?: FailureCode;
  readonly message?: string;
  /** When its charge was requested from the payment provider (charging by webhook). */
  readonly chargeRequestedAt?: number;
  /** Why its checkout failed, while the compensation that must come first is still due. */
  readonly pendingFailure?: { readonly reason: FailureCode; readonly message: string };
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface CreateResult {
  /** False when the idempotency key (or the id) already named an order. */
  readonly created: boolean;
  readonly orderId: string;
  /** The outbox entry written with the order, if an event was given. */
  readonly outboxEntry?: string;
}

export interface TransitionResult {
  readonly changed: boolean;
  readonly status: OrderStatus;
  /** The outbox entry written with the change, if an event was given and the status changed. */
  readonly outboxEntry?: string;
}

/** An event to publish, written to the outbox in the same step as the state it announces. */
export interface OutboxEvent {
  /** The JetStream message id: republishing it is deduplicated. */
  readonly msgId: string;
  readonly subject: string;
  readonly data: string;
}

/**
 * An event's fields for the scripts below, with the writer's trace context
 * (read before the write's own span): the relay republishes the entry in the
 * order's trace. No context, no field.
 */
const eventArgs = (event?: OutboxEvent): string[] =>
  event ? [event.msgId, event.subject, event.data, currentTraceparent()] : [];

/** A status change, as published on the stack's status channel. */
export interface StatusChange {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly reason?: FailureCode;
  readonly effect?: undefined;
  readonly at: number;
}

/** An effect newly applied, as published on the same channel by the effects ledger. */
export interface EffectApplied {
  readonly orderId: string;
  readonly effect: EffectName;
  readonly status?: undefined;
  readonly at: number;
}

/** What the status channel carries. */
export type OrderChange = StatusChange | EffectApplied;

// KEYS: idempotency key (or ""), order hash, orders index, outbox, leases.
// ARGV: orderId, now, fields as JSON, lease deadline (or ""), then msgId, subject, data and
// traceparent (or "") of an event (or nothing).
const CREATE = luaScript(`
if KEYS[1] ~= '' then
  local existing = redis.call('GET', KEYS[1])
  if existing then return {0, existing} end
end
if redis.call('EXISTS', KEYS[2]) == 1 then return {0, ARGV[1]} end
local fields = cjson.decode(ARGV[3])
for k, v in pairs(fields) do redis.call('HSET', KEYS[2], k, v) end
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
if KEYS[1] ~= '' then redis.call('SET', KEYS[1], ARGV[1]) end
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1]) end
local entry = ''
if ARGV[5] then
  local f = {'msgId', ARGV[5], 'subject', ARGV[6], 'data', ARGV[7]}
  if ARGV[8] ~= '' then table.insert(f, 'traceparent'); table.insert(f, ARGV[8]) end
  entry = redis.call('XADD', KEYS[4], '*', unpack(f))
end
return {1, ARGV[1], entry}
`);

// Statuses only move forward; a terminal status never changes. This is the
// rule of canTransition() in @lab/domain, applied atomically in Redis.
// Each status reached is kept as its own field (at.<status>), so the order's
// history is read in one step with its current state: the status feed replays it.
// A terminal status ends the order's lease (see leases below).
// KEYS: order hash, status channel, outbox, leases. ARGV: orderId, to, reason, message, now,
// then msgId, subject, data, traceparent (or "") of an event written only if the status changes.
const TRANSITION = luaScript(`
local rank = {accepted = 0, reserved = 1, paid = 2, confirmed = 3, failed = 3}
local from = redis.call('HGET', KEYS[1], 'status')
if not from then return {-1, ''} end
local to = ARGV[2]
if from == 'confirmed' or from == 'failed' then return {0, from} end
if to ~= 'failed' and rank[to] <= rank[from] then return {0, from} end
redis.call('HSET', KEYS[1], 'status', to, 'updatedAt', ARGV[5], 'at.' .. to, ARGV[5])
if rank[to] == 3 then redis.call('ZREM', KEYS[4], ARGV[1]) end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'reason', ARGV[3], 'message', ARGV[4]) end
redis.call('PUBLISH', KEYS[2], cjson.encode({orderId = ARGV[1], status = to, reason = ARGV[3], at = tonumber(ARGV[5])}))
local entry = ''
if ARGV[6] then
  local f = {'msgId', ARGV[6], 'subject', ARGV[7], 'data', ARGV[8]}
  if ARGV[9] ~= '' then table.insert(f, 'traceparent'); table.insert(f, ARGV[9]) end
  entry = redis.call('XADD', KEYS[3], '*', unpack(f))
end
return {1, to, entry}
`);

export class UnknownOrderError extends Error {
  override readonly name = 'UnknownOrderError';
  readonly code = 'unknown_order';
  constructor(readonly orderId: string) {
    super(`no order ${orderId}`);
  }
}

/** Orders of one stack, in Redis, so any replica of any service can serve any order. */
export class OrderStore {
  readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.keys = redisKeys(namespace);
  }

  /**
   * Records a new order (and, atomically, the event that announces it). With
   * `leaseUntil`, the order is leased to its caller until then (see `renewLeases`).
   */
  async create(
    order: NewOrder,
    now = Date.now(),
    event?: OutboxEvent,
    leaseUntil?: number,
  ): Promise<CreateResult> {
    const fields = {
      orderId: order.orderId,
      variant: order.variant,
      customerId: order.customerId,
      email: order.email,
      items: JSON.stringify(order.items),
      amountCents: String(order.amountCents),
      idempotencyKey: order.idempotencyKey ?? '',
      ...(order.card
        ? { cardToken: order.card.token, cardLast4: order.card.last4, cardBrand: order.card.brand }
        : {}),
      status: 'accepted',
      'at.accepted': String(now),
      createdAt: String(now),
      updatedAt: String(now),
    };
    const args = [
      order.idempotencyKey ? this.keys.idempotency(order.idempotencyKey) : '',
      this.keys.order(order.orderId),
      this.keys.orders,
      this.keys.outbox,
      this.keys.leases,
      order.orderId,
      String(now),
      JSON.stringify(fields),
      leaseUntil === undefined ? '' : String(leaseUntil),
      ...eventArgs(event),
    ];
    const [created, orderId, entry] = (await redisSpan(LEDGER_OPERATIONS.createOrder, () =>
      evalScript(this.redis, CREATE, 5, ...args),
    )) as [number, string, string?];
    if (created === 1) await awaitReplica(this.redis);
    return { created: created === 1, orderId, ...(entry ? { outboxEntry: entry } : {}) };
  }

  /** The order an Idempotency-Key maps to, if any. */
  async byIdempotencyKey(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.idempotency(key))) ?? undefined;
  }

  async get(orderId: string): Promise<OrderRecord | undefined> {
    return parseOrder(
      await redisSpan(LEDGER_OPERATIONS.getOrder, () =>
        this.redis.hgetall(this.keys.order(orderId)),
      ),
    );
  }

  /** Moves an order forward; a move backwards or out of a terminal state is ignored. */
  async transition(
    orderId: string,
    to: OrderStatus,
    failure?: { reason: FailureCode; message: string },
    now = Date.now(),
    event?: OutboxEvent,
  ): Promise<TransitionResult> {
    const args = [
      this.keys.order(orderId),
      this.keys.statusChannel,
      this.keys.outbox,
      this.keys.leases,
      orderId,
      to,
      failure?.reason ?? '',
      failure?.message ?? '',
      String(now),
      ...eventArgs(event),
    ];
    const [changed, status, entry] = (await redisSpan(LEDGER_OPERATIONS.transition, () =>
      evalScript(this.redis, TRANSITION, 4, ...args),
    )) as [number, string, string?];
    if (changed === -1) throw new UnknownOrderError(orderId);
    if (changed === 1) await awaitReplica(this.redis);
    return {
      changed: changed === 1,
      status: status as OrderStatus,
      ...(entry ? { outboxEntry: entry } : {}),
    };
  }

  /**
   * Leases: an order whose outcome a process is driving itself (the sync and
   * hybrid edges run the critical path in memory) is leased to that process,
   * which renews the lease while it works. A lease that runs out means the
   * process died or lost the order (a crash, a freeze): a settler then
   * compensates the order and fails it. A terminal status ends the lease.
   */
  async renewLeases(orderIds: readonly string[], until: number): Promise<void> {
    if (orderIds.length === 0) return;
    // XX: only orders still leased; one that settled meanwhile is not leased again.
    // GT: a renewal only lengthens, so one sent before a lease was handed over
    // (`handOverLease`) cannot land after it and make the order due.
    await this.redis.zadd(
      this.keys.leases,
      'XX',
      'GT',
      ...orderIds.flatMap((id) => [String(until), id]),
    );
  }

  /**
   * The order's charge was requested from the payment provider (the hybrid
   * charging by webhook): noted on the order (`chargeRequestedAt`), and its
   * lease handed to the provider's event until `until`, in one step: only
   * while the order is still leased and no failure is pending. False when the
   * lease was not handed over: the order ended, or a failure (a charge.failed
   * already taken) made it due for the settler, and that stays so.
   */
  async chargeRequested(orderId: string, until: number, now = Date.now()): Promise<boolean> {
    const keys = [this.keys.leases, this.keys.order(orderId), this.keys.statusChannel];
    const args = [orderId, String(until), String(now)];
    return (await evalScript(this.redis, CHARGE_REQUESTED, 3, ...keys, ...args)) === 1;
  }

  /** Orders whose lease ran out by `now`, oldest first. */
  async expiredLeases(now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.leases, '-inf', now, 'LIMIT', 0, limit);
  }

  /**
   * Takes an expired lease until `until`, so one settler works an order at a
   * time; false when the lease is not expired (renewed, or taken by another).
   */
  async claimLease(orderId: string, now: number, until: number): Promise<boolean> {
    return (
      (await evalScript(
        this.redis,
        CLAIM,
        1,
        this.keys.leases,
        orderId,
        String(now),
        String(until),
      )) === 1
    );
  }

  /**
   * A checkout failed but could not undo what it did (a dependency down):
   * keeps why, for the `failed` status to come, and makes the order due for
   * the settler now.
   */
  async deferFailure(
    orderId: string,
    failure: { reason: FailureCode; message: string },
    now = Date.now(),
  ): Promise<void> {
    const replies = await this.redis
      .multi()
      .hset(
        this.keys.order(orderId),
        'pending.reason',
        failure.reason,
        'pending.message',
        failure.message,
      )
      .zadd(this.keys.leases, 'XX', String(now), orderId)
      .exec();
    const failed = (replies ?? []).find(([error]) => error);
    if (failed) throw failed[0];
  }

  /** Drops a lease (its order is settled, or gone). */
  async dropLease(orderId: string): Promise<void> {
    await this.redis.zrem(this.keys.leases, orderId);
  }

  /** Ids of the orders created in [from, to] (ms since the epoch), oldest first. */
  async ids(from = 0, to = Number.MAX_SAFE_INTEGER): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.orders, from, to);
  }
}

function historyOf(hash: Record<string, string>): StatusStep[] {
  const steps = (Object.keys(STATUS_RANK) as OrderStatus[])
    .filter((status) => hash[`at.${status}`] !== undefined)
    .map((status) => ({ status, at: Number(hash[`at.${status}`]) }));
  // A record written before statuses were kept: its current status is its history.
  if (steps.length === 0 && hash.status)
    return [{ status: hash.status as OrderStatus, at: Number(hash.updatedAt) }];
  return steps.sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status]);
}

export function parseOrder(hash: Record<string, string>): OrderRecord | undefined {
  if (!hash.orderId) return undefined;
  return {
    history: historyOf(hash),
    orderId: hash.orderId,
    variant: hash.variant as Variant,
    customerId: hash.customerId ?? '',
    email: hash.email ?? '',
    items: JSON.parse(hash.items ?? '[]') as LineItem[],
    amountCents: Number(hash.amountCents),
    ...(hash.idempotencyKey ? { idempotencyKey: hash.idempotencyKey } : {}),
    ...(hash.cardToken
      ? {
          card: {
            token: hash.cardToken,
            last4: hash.cardLast4 ?? '',
            brand: (hash.cardBrand ?? 'other') as CardBrand,
          },
        }
      : {}),
    status: hash.status as OrderStatus,
    ...(hash.reason ? { reason: hash.reason as FailureCode } : {}),
    ...(hash.message ? { message: hash.message } : {}),
    ...(hash.chargeRequestedAt ? { chargeRequestedAt: Number(hash.chargeRequestedAt) } : {}),
    ...(hash['pending.reason']
      ? {
          pendingFailure: {
            reason: hash['pending.reason'] as FailureCode,
            message: hash['pending.message'] ?? '',
          },
        }
      : {}),
    createdAt: Number(hash.createdAt),
    updatedAt: Number(hash.updatedAt),
  };
}
