import { Redis, type RedisOptions } from 'ioredis';
import { redisClientOptions, type RedisEndpoint } from '@lab/config';
import { redisKeys } from '@lab/contracts';
import { parseEffects, parseOrder, parseOrderChange } from '@lab/ledger';
import { CONFIRMED_ORDER_EFFECTS, type EffectName, type OrderStatus } from '@lab/domain';

interface OrderState {
  status?: OrderStatus;
  effects: Set<EffectName>;
  /** When the tool saw the last thing the order needed, on its own clock. */
  lastEventAt: number;
  registeredAt?: number;
  intendedAt?: number;
  completedAt?: number;
}

/**
 * Follows every order of a stack to completion by push: the stack's status
 * channel carries each status change and each applied effect (the same feed
 * the events endpoint serves), on one Redis subscription for all orders.
 * An order is complete when it failed, or is confirmed with all its effects.
 */
export class CompletionTracker {
  private readonly orders = new Map<string, OrderState>();
  private subscriber: Redis | undefined;
  private reader: Redis | undefined;
  private waiting = 0;
  /** `status` says how it ended: confirmed (with every effect) or failed. */
  onComplete:
    | ((orderId: string, intendedAt: number, completedAt: number, status: OrderStatus) => void)
    | undefined;

  constructor(
    /** A URL, or the whole endpoint (sentinel mode: the tracker follows a failover). */
    private readonly redis: string | RedisEndpoint,
    private readonly namespace: string,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  private options(name: string, maxRetriesPerRequest: number | null): RedisOptions {
    const endpoint = typeof this.redis === 'string' ? { urls: [this.redis] } : this.redis;
    return {
      ...(redisClientOptions(endpoint, 'worker', `loadtest-${name}`) as RedisOptions),
      maxRetriesPerRequest,
    };
  }

  async start(): Promise<void> {
    this.subscriber = new Redis(this.options('tracker', null));
    this.subscriber.on('error', () => undefined);
    await this.subscriber.subscribe(redisKeys(this.namespace).statusChannel);
    this.reader = new Redis(this.options('tracker-reader', 1));
    this.reader.on('error', () => undefined);
    // Pub/sub delivers at most once: what was announced while Redis was down
    // or the subscription was being set up again is read back from the ledger.
    let connections = 0;
    this.subscriber.on('ready', () => {
      if (++connections > 1) void this.resync();
    });
    this.subscriber.on('message', (_channel: string, message: string) => {
      // Anything else on the channel is not the tool's to follow.
      const change = parseOrderChange(message);
      if (!change) return;
      const state = this.state(change.orderId);
      if (change.status) state.status = change.status;
      if (change.effect) state.effects.add(change.effect);
      state.lastEventAt = this.clock();
      this.check(change.orderId, state);
    });
  }

  private state(orderId: string): OrderState {
    let s = this.orders.get(orderId);
    if (!s) this.orders.set(orderId, (s = { effects: new Set(), lastEventAt: 0 }));
    return s;
  }

  /** The tool got `orderId` back for a request meant to leave at `intendedAt`, answered at `answeredAt`. */
  register(orderId: string, intendedAt: number, answeredAt: number): void {
    const s = this.state(orderId);
    s.intendedAt = intendedAt;
    s.registeredAt = answeredAt;
    this.waiting++;
    this.check(orderId, s);
  }

  private check(orderId: string, s: OrderState): void {
    if (s.completedAt !== undefined || s.registeredAt === undefined || s.intendedAt === undefined)
      return;
    const done =
      s.status === 'failed' ||
      (s.status === 'confirmed' && CONFIRMED_ORDER_EFFECTS.every((e) => s.effects.has(e)));
    if (!done) return;
    // Never before the answer: a sync order is complete when its answer arrives.
    s.completedAt = Math.max(s.lastEventAt, s.registeredAt);
    this.waiting--;
    this.onComplete?.(orderId, s.intendedAt, s.completedAt, s.status ?? 'failed');
  }

  /** Reads the state of every registered, incomplete order from the ledger. */
  async resync(): Promise<void> {
    const reader = this.reader;
    const open = [...this.orders].filter(([, s]) => s.completedAt === undefined && s.registeredAt);
    if (!reader || open.length === 0) return;
    const keys = redisKeys(this.namespace);
    try {
      const pipeline = reader.pipeline();
      for (const [id] of open) pipeline.hgetall(keys.order(id)).hgetall(keys.effects(id));
      const replies = (await pipeline.exec()) ?? [];
      const now = this.clock();
      open.forEach(([id, s], j) => {
        const order = parseOrder((replies[2 * j]?.[1] ?? {}) as Record<string, string>);
        const effects = parseEffects((replies[2 * j + 1]?.[1] ?? {}) as Record<string, string>);
        const before = `${s.status}|${s.effects.size}`;
        if (order) s.status = order.status;
        for (const e of effects) s.effects.add(e.effect);
        if (`${s.status}|${s.effects.size}` !== before) s.lastEventAt = now;
        this.check(id, s);
      });
    } catch {
      // Redis is down again: the next reconnect or drain round reads it.
    }
  }

  /** Registered orders not complete yet. */
  get incomplete(): number {
    return this.waiting;
  }

  /** Resolves once every registered order is complete, or after `timeoutMs` (false). */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let nextResync = 0;
    while (this.waiting > 0) {
      if (Date.now() > deadline) return false;
      // A safety net for announcements lost to an outage, not the clock of completion.
      if (Date.now() >= nextResync) {
        nextResync = Date.now() + 2000;
        await this.resync();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }

  close(): void {
    this.subscriber?.disconnect();
    this.reader?.disconnect();
  }
}
