import { SaturatedError } from '@lab/domain';
import { SPAN_ATTRIBUTES, recordSpan, tracingActive, type Registry } from '@lab/telemetry';

export interface BulkheadOptions {
  /** Work running at once, like a server's pool of threads. */
  readonly maxInFlight: number;
  /** Work that may wait for a slot; beyond it, work is refused at once. */
  readonly maxQueued: number;
  /** Longest wait for a slot before the work is refused. */
  readonly queueTimeoutMs: number;
}

/**
 * A bounded pool with a bounded queue: what makes "1000 users click at once"
 * measurable. Refused work throws SaturatedError (503 with Retry-After).
 */
export class Bulkhead {
  private running = 0;
  private readonly waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];
  rejected = 0;

  constructor(readonly options: BulkheadOptions) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    return (await this.runTimed(work)).value;
  }

  /** Runs `work` in a slot, and says how long it waited for one (ms; 0 when a slot was free). */
  async runTimed<T>(work: () => Promise<T>): Promise<{ value: T; waitMs: number }> {
    // A wait for a slot is a queue wait of the order, like one in a broker.
    const waits = this.running >= this.options.maxInFlight;
    const queuedAt = waits && tracingActive() ? Date.now() : undefined;
    const from = waits ? performance.now() : 0;
    await this.acquire();
    const waitMs = waits ? performance.now() - from : 0;
    if (queuedAt !== undefined)
      recordSpan('wait pool', {
        startTime: queuedAt,
        endTime: Date.now(),
        attributes: { [SPAN_ATTRIBUTES.queueWait]: true },
      });
    try {
      return { value: await work(), waitMs };
    } finally {
      this.releaseSlot();
    }
  }

  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.options.queueTimeoutMs / 1000));
  }

  private acquire(): Promise<void> {
    if (this.running < this.options.maxInFlight) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxQueued) {
      this.rejected++;
      return Promise.reject(new SaturatedError(this.retryAfterSeconds()));
    }
    return new Promise((resolve, reject) => {
      const entry = {
        start: () => {
          clearTimeout(entry.timer);
          this.running++;
          resolve();
        },
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          this.rejected++;
          reject(new SaturatedError(this.retryAfterSeconds()));
        }, this.options.queueTimeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  private releaseSlot(): void {
    this.running--;
    this.waiting.shift()?.start();
  }
}

/**
 * The pool's wait of one checkout as a Server-Timing entry ("pool;dur=12.5",
 * ms): a load tool reads every request's wait from its answer, tracing off.
 */
export const POOL_TIMING_METRIC = 'pool';

export function poolTiming(waitMs: number): string {
  return `${POOL_TIMING_METRIC};dur=${waitMs.toFixed(3)}`;
}

/** The pool's occupancy in /metrics: how full it is, and how much it refused. */
export function exposePool(registry: Registry, bulkhead: Bulkhead): void {
  registry.gauge(
    'lab_pool_in_flight',
    'Checkouts holding a slot of the pool.',
    [],
    () => bulkhead.inFlight,
  );
  registry.gauge('lab_pool_queued', 'Checkouts waiting for a slot.', [], () => bulkhead.queued);
  registry.counter(
    'lab_pool_rejected_total',
    'Checkouts refused with 503.',
    [],
    () => bulkhead.rejected,
  );
}
