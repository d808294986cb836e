/**
 * What a consume loop is given and what it gives back: shared by the loop and
 * by the handling of one delivery, so neither imports the other.
 */
import type { JetStreamClient, JsMsg } from 'nats';
import type { Logger } from '@lab/telemetry';

export interface DeliveryInfo {
  /** 1 on the first delivery, 2 on the first redelivery, and so on. */
  readonly deliveryCount: number;
  readonly subject: string;
  readonly streamSequence: number;
}

export interface ConsumeLoopOptions {
  readonly js: JetStreamClient;
  readonly stream: string;
  /** The durable pull consumer; it must exist already (ensureConsumer). */
  readonly durable: string;
  /** At most this many handlers run at once in this process. */
  readonly concurrency: number;
  /**
   * Deliveries, the first included, after which a failure is dead-lettered;
   * -1 for never. Failures that `isTransient` calls transient are not bound
   * by it: they are tried again until the dependency is back. The server-side
   * consumer must then have MaxDeliver -1 (unlimited), or it stops redelivering.
   */
  readonly maxDeliver: number;
  /**
   * Processes one message: resolve to ack it, throw to have it delivered
   * again after a delay. Deliveries are at least once: a handler must be
   * idempotent. A handler longer than the consumer's ack wait should call
   * `msg.working()`, or the message is delivered again meanwhile.
   */
  readonly handler: (data: Uint8Array, info: DeliveryInfo, msg: JsMsg) => Promise<void>;
  /** Sends `working()` this often while a handler runs (a third of the ack wait is usual). */
  readonly progressEveryMs?: number;
  /** Keeps a message that will not be processed (see deadLetterPublisher); the loop then terms it. */
  readonly deadLetter: (msg: JsMsg, reason: string) => Promise<void>;
  /** Errors never worth a retry (e.g. name 'PoisonMessageError'): dead-lettered at once. */
  readonly isPoison?: (error: unknown) => boolean;
  /**
   * Errors of a dependency that is down (Redis, a provider): the message is
   * kept and delivered again, whatever its delivery count, rather than
   * dead-lettered while the outage lasts.
   */
  readonly isTransient?: (error: unknown) => boolean;
  /** Delay before a failed message is delivered again; default 200 ms * 2^(deliveryCount-1), at most 5 s. */
  readonly nakDelayMs?: (deliveryCount: number) => number;
  /** Called for each delivery with deliveryCount > 1, for a redelivery counter. */
  readonly onRedelivery?: () => void;
  /** Called once a message is dead-lettered, with 'poison' or 'max-deliver' (fit for a metric label). */
  readonly onDeadLetter?: (reason: DeadLetterKind) => void;
  readonly logger: Logger;
}

export type DeadLetterKind = 'poison' | 'max-deliver';

export interface ConsumeLoop {
  /** Handlers running now (an ack still awaited counts as running). */
  readonly inFlight: number;
  /** Takes no more messages, waits up to `graceMs` for running handlers, then returns. */
  stop(graceMs: number): Promise<void>;
}
