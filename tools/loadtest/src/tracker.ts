import { Redis } from 'ioredis';
import { redisKeys } from '@lab/contracts';
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
  private waiting = 0;
  onComplete: ((orderId: string, intendedAt: number, completedAt: number) => void) | undefined;

  constructor(
    private readonly redisUrl: string,
    private readonly namespace: string,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async start(): Promise<void> {
    this.subscriber = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('error', () => undefined);
    await this.subscriber.subscribe(redisKeys(this.namespace).statusChannel);
    this.subscriber.on('message', (_channel: string, message: string) => {
      const change = JSON.parse(message) as {
        orderId: string;
        status?: OrderStatus;
        effect?: EffectName;
      };
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
    this.onComplete?.(orderId, s.intendedAt, s.completedAt);
  }

  /** Registered orders not complete yet. */
  get incomplete(): number {
    return this.waiting;
  }

  /** Resolves once every registered order is complete, or after `timeoutMs` (false). */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.waiting > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }

  close(): void {
    this.subscriber?.disconnect();
  }
}
