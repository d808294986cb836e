import type { Redis } from 'ioredis';
import { redisKeys } from '@lab/contracts';
import type { OrderChange } from './order-store.js';

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

  constructor(
    private readonly subscriber: Redis,
    namespace: string,
  ) {
    this.channel = redisKeys(namespace).statusChannel;
    this.ready = subscriber.subscribe(this.channel);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const change = JSON.parse(message) as OrderChange;
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

  close(): void {
    this.subscriber.disconnect();
  }
}
