import { rngFor } from '@lab/domain';
import { WEBHOOK_SIGNATURE_HEADER, signWebhook, type WebhookEvent } from '@lab/contracts';
import type { Logger } from '@lab/telemetry';
import type { Delivery, ProviderState } from './provider-state.js';
import type { SaveState, StateChange } from './state-journal.js';

export interface DeliverySettings {
  readonly secret: string;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly deliveryTimeoutMs: number;
  readonly duplicateRate: number;
  readonly reorderRate: number;
  readonly reorderDelayMs: number;
  readonly seed: number;
}

/** The wait before attempt `attempts + 1`: doubling from the base, capped. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers events to each account's webhook URL, signed anew on every
 * attempt, retrying with capped exponential backoff until a 2xx, however
 * long that takes. Every change is saved, so a restart resumes where it was.
 * As real providers may, it can deliver an event twice or hold one back.
 */
export class Deliverer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly state: ProviderState,
    private readonly save: SaveState,
    private readonly settings: DeliverySettings,
    private readonly logger: Logger,
  ) {}

  /** Queues a new event; resolves once it is saved, with the changes `also` names (its charge's). */
  enqueue(event: WebhookEvent, also: readonly StateChange[] = [], now = Date.now()): Promise<void> {
    const held = this.draw(event.id, 'reorder') < this.settings.reorderRate;
    const delivery: Delivery = {
      key: event.id,
      event,
      attempts: 0,
      nextAt: held ? now + this.settings.reorderDelayMs : now,
      repeat: false,
    };
    this.state.deliveries[delivery.key] = delivery;
    const saved = this.save(...also, ['deliveries', delivery.key]);
    // Delivered whatever the save did: the charge's new status is already in
    // memory, and its event must follow it (the next save may keep both).
    void saved.then(
      () => this.schedule(delivery),
      (error: unknown) => {
        this.logger.warn('provider state not saved; delivering anyway', { err: error });
        this.schedule(delivery);
      },
    );
    return saved;
  }

  /** Schedules every delivery of the saved state (after a restart). */
  resume(): void {
    for (const delivery of Object.values(this.state.deliveries)) this.schedule(delivery);
  }

  pending(): number {
    return Object.keys(this.state.deliveries).length;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private draw(eventId: string, what: string): number {
    return rngFor(this.settings.seed, 'webhook', what, eventId)();
  }

  private schedule(delivery: Delivery): void {
    if (this.stopped || this.timers.has(delivery.key)) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(delivery.key);
        void this.attempt(delivery);
      },
      Math.max(0, delivery.nextAt - Date.now()),
    );
    this.timers.set(delivery.key, timer);
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const url = this.state.endpoints[delivery.event.charge.account];
    const outcome = url ? await this.post(url, delivery.event) : 'no webhook URL registered';
    if (this.stopped) return;
    if (outcome === true) {
      delete this.state.deliveries[delivery.key];
      this.state.stats.delivered++;
      if (
        !delivery.repeat &&
        this.draw(delivery.event.id, 'duplicate') < this.settings.duplicateRate
      )
        this.state.deliveries[`${delivery.key}:again`] = {
          key: `${delivery.key}:again`,
          event: delivery.event,
          attempts: 0,
          nextAt: Date.now() + this.settings.reorderDelayMs,
          repeat: true,
        };
    } else {
      delivery.attempts++;
      this.state.stats.failedAttempts++;
      const { retryBaseMs, retryMaxMs } = this.settings;
      delivery.nextAt = Date.now() + backoffMs(delivery.attempts, retryBaseMs, retryMaxMs);
      this.logger.debug('webhook delivery failed; will retry', {
        event: delivery.event.id,
        attempts: delivery.attempts,
        outcome,
      });
    }
    // Saved before the next attempt is scheduled: a crash repeats at most this attempt.
    const changed: StateChange[] = ['stats', ['deliveries', delivery.key]];
    if (outcome === true && this.state.deliveries[`${delivery.key}:again`])
      changed.push(['deliveries', `${delivery.key}:again`]);
    await this.save(...changed).catch((error: unknown) =>
      this.logger.warn('provider state not saved', { err: error }),
    );
    const again = this.state.deliveries[`${delivery.key}:again`];
    if (outcome === true && again) this.schedule(again);
    if (outcome !== true) this.schedule(delivery);
  }

  /** True on a 2xx; otherwise what went wrong, for the log. */
  private async post(url: string, event: WebhookEvent): Promise<true | string> {
    const body = JSON.stringify(event);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(this.settings.secret, body, Date.now()),
        },
        body,
        signal: AbortSignal.timeout(this.settings.deliveryTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? true : `HTTP ${String(response.status)}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
