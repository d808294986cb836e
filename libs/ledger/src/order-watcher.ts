import type { Redis } from 'ioredis';
import { redisKeys } from '@lab/contracts';
import {
  EFFECT_NAMES,
  STATUS_RANK,
  type EffectName,
  type FailureCode,
  type OrderStatus,
} from '@lab/domain';
import type { OrderChange } from './order-store.js';

/**
 * A message of the status channel, or undefined for anything else: the
 * channel is a Redis key anyone with the stack's Redis can publish on, and a
 * bad message must not end the process that reads it.
 */
export function parseOrderChange(message: string): OrderChange | undefined {
  let m: unknown;
  try {
    m = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null) return undefined;
  const { orderId, status, effect, reason, at } = m as Record<string, unknown>;
  if (typeof orderId !== 'string' || orderId === '' || typeof at !== 'number') return undefined;
  if (typeof status === 'string' && Object.hasOwn(STATUS_RANK, status))
    return {
      orderId,
      status: status as OrderStatus,
      ...(typeof reason === 'string' ? { reason: reason as FailureCode } : {}),
      at,
    };
  if (typeof effect === 'string' && EFFECT_NAMES.includes(effect as EffectName))
    return { orderId, effect: effect as EffectName, at };
  return undefined;
}

type Listener = (change: OrderChange) => void;

/**
 * Follows the status changes and applied effects of a stack's orders over one Redis subscription,
 * and hands each change to whoever watches that order (an SSE stream, a
 * request waiting for the outcome of an order already in flight).
 */
export class OrderWatcher {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly channel: string;
  private ready: Promise<unknown>;
  private rejected = 0;

  constructor(
    private readonly subscriber: Redis,
    namespace: string,
  ) {
    this.channel = redisKeys(namespace).statusChannel;
    this.ready = subscriber.subscribe(this.channel);
    subscriber.on('message', (channel: string, message: string) => {
      // Nobody watching (the usual case): nothing to read.
      if (channel !== this.channel || this.listeners.size === 0) return;
      const change = parseOrderChange(message);
      if (!change) {
        this.rejected++;
        return;
      }
      for (const listener of this.listeners.get(change.orderId) ?? []) listener(change);
    });
  }

  /** Resolves once the subscription is live: changes after this are seen. */
  whenReady(): Promise<unknown> {
    return this.ready;
  }

  /** Calls `listener` on each change of `orderId` until the returned function is called. */
  watch(orderId: string, listener: Listener): () => void {
    let set = this.listeners.get(orderId);
    if (!set) this.listeners.set(orderId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(orderId);
    };
  }

  get watched(): number {
    return this.listeners.size;
  }

  /** Messages of the channel that were no order change, passed over while something was watched. */
  get malformed(): number {
    return this.rejected;
  }

  close(): void {
    this.subscriber.disconnect();
  }
}
