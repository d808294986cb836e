import type { LabConfig } from '@lab/config';
import type { Outbox, OutboxEntry, OutboxEvent } from '@lab/ledger';
import {
  SPAN_ATTRIBUTES,
  recordSpan,
  traceparentCarrier,
  tracingActive,
  type Logger,
  type Registry,
  type TraceGetter,
} from '@lab/telemetry';
import { publishAcked, type JetStreamClient } from '@lab/transport-nats';

export interface PublisherOptions {
  readonly js: JetStreamClient;
  readonly outbox: Outbox;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Wait for one JetStream ack. */
  readonly timeoutMs: number;
  readonly relayIntervalMs: number;
  /** Entries older than this are the relay's; younger ones are still being published at once. */
  readonly minAgeMs: number;
}

/** Entries the relay takes per pass. */
const RELAY_BATCH = 200;

/** The time an entry sat in the outbox before the relay took it (its id starts with when it was written). */
function recordOutboxWait(entry: OutboxEntry, parent: TraceGetter): void {
  const writtenAt = Number(entry.entryId.split('-')[0]);
  if (!Number.isFinite(writtenAt)) return;
  recordSpan('wait outbox', {
    parent,
    startTime: writtenAt,
    endTime: Date.now(),
    attributes: {
      [SPAN_ATTRIBUTES.queueWait]: true,
      'messaging.destination.name': entry.subject,
      'messaging.message.id': entry.msgId,
    },
  });
}

/**
 * Publishes outbox entries to JetStream and removes them once acked. An
 * entry is published at once after it is written; whatever that misses (NATS
 * down, a crash between write and publish) the relay republishes later, with
 * the same message id, so JetStream keeps one copy.
 */
export class EventPublisher {
  private relay: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly published;

  constructor(private readonly options: PublisherOptions) {
    this.published = options.registry.counter(
      'lab_outbox_published_total',
      'Events published from the outbox.',
      ['by'],
    );
  }

  /**
   * Publishes one entry and removes it from the outbox once JetStream has
   * acked it. The relay publishes in the writer's trace (the entry keeps its
   * context), after a span for the time the entry waited in the outbox.
   */
  private async publish(entry: OutboxEntry, by: 'writer' | 'relay'): Promise<void> {
    const parent = by === 'relay' ? traceparentCarrier(entry.traceparent) : undefined;
    if (parent) recordOutboxWait(entry, parent);
    await publishAcked(this.options.js, entry.subject, new TextEncoder().encode(entry.data), {
      msgId: entry.msgId,
      timeoutMs: this.options.timeoutMs,
      ...(parent ? { parent } : {}),
      ...(tracingActive() ? { spanAttributes: { [SPAN_ATTRIBUTES.outboxBy]: by } } : {}),
    });
    await this.options.outbox.remove(entry.entryId);
    this.published.inc({ by });
  }

  /**
   * Publishes an event its writer has just put in the outbox, without making
   * the caller wait; the writer still holds the event, so nothing is read back.
   * On failure the entry stays for the relay.
   */
  publishSoon(entryId: string | undefined, event: OutboxEvent): void {
    if (!entryId) return;
    this.publish({ entryId, ...event }, 'writer').catch((error: unknown) =>
      this.options.logger.debug('publish deferred to the relay', {
        msgId: event.msgId,
        err: error,
      }),
    );
  }

  /** Starts the relay loop: every interval, republish what has waited too long. */
  startRelay(): void {
    this.relay ??= this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const due = await this.options.outbox.due(this.options.minAgeMs, RELAY_BATCH);
        for (const entry of due) {
          if (this.stopped) break;
          await this.publish(entry, 'relay');
        }
        if (due.length === RELAY_BATCH) continue;
      } catch (error) {
        this.options.logger.debug('relay pass failed; will retry', { err: error });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.relayIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.relay;
  }
}

/** The publisher of a process, with the outbox settings of its config. */
export function publisherFor(
  rt: { readonly config: LabConfig; readonly logger: Logger; readonly registry: Registry },
  js: JetStreamClient,
  outbox: Outbox,
): EventPublisher {
  return new EventPublisher({
    js,
    outbox,
    logger: rt.logger,
    registry: rt.registry,
    timeoutMs: rt.config.jetstream.publishTimeoutMs,
    relayIntervalMs: rt.config.outbox.relayIntervalMs,
    minAgeMs: rt.config.outbox.minAgeMs,
  });
}
