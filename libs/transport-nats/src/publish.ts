import { setTimeout as sleep } from 'node:timers/promises';
import { NatsError, headers as natsHeaders, type JetStreamClient } from 'nats';
import {
  tracingActive,
  withSpan,
  type LabSpan,
  type SpanAttributes,
  type TraceGetter,
} from '@lab/telemetry';
import { messagingAttributes } from './trace-headers.js';

export interface PublishOptions {
  /** Nats-Msg-Id: the stream keeps one copy of each id within its duplicate window. */
  readonly msgId: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** How long one attempt waits for the stream's ack; default 2000 ms. */
  readonly timeoutMs?: number;
  /**
   * The context the publish continues (an outbox entry's traceparent), when
   * it is not the active one; it travels in the message's headers either way.
   */
  readonly parent?: TraceGetter;
  /** More attributes for the publish span. */
  readonly spanAttributes?: SpanAttributes;
}

export interface RetryOptions {
  /** Give up, throwing the last error, once this much time has passed; default 30 s. */
  readonly deadlineMs?: number;
  /** First pause between attempts, doubled each time up to 2 s; default 100 ms. */
  readonly backoffMs?: number;
  /** Called after each failed attempt that will be retried (1 for the first), e.g. for a counter. */
  readonly onRetry?: (error: unknown, attempt: number) => void;
}

export interface PublishResult {
  /** The stream already held this message id: an earlier attempt got through. */
  readonly duplicate: boolean;
  /** The message's stream sequence (the original's, for a duplicate). */
  readonly seq: number;
}

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_DEADLINE_MS = 30_000;
const DEFAULT_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2000;
const HTTP_CLIENT_ERRORS = { from: 400, to: 499 };

/**
 * One JetStream publish with a Nats-Msg-Id, awaiting the stream's ack; throws
 * on failure or timeout. Never a core publish: nats.js silently drops those
 * while it is disconnected, where this times out and can be retried.
 */
export async function publishAcked(
  js: JetStreamClient,
  subject: string,
  data: Uint8Array,
  options: PublishOptions,
): Promise<PublishResult> {
  const send = async (span?: LabSpan): Promise<PublishResult> => {
    // A fresh headers object per attempt: js.publish adds Nats-Msg-Id to the one it is given.
    const h = natsHeaders();
    for (const [key, value] of Object.entries(options.headers ?? {})) h.set(key, value);
    span?.inject((key, value) => h.set(key, value));
    const ack = await js.publish(subject, data, {
      msgID: options.msgId,
      headers: h,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    span?.set({ 'lab.duplicate': ack.duplicate });
    return { duplicate: ack.duplicate, seq: ack.seq };
  };
  if (!tracingActive()) return send();
  const attributes = messagingAttributes('publish', subject, {
    'messaging.message.id': options.msgId,
    ...options.spanAttributes,
  });
  const parent = options.parent ? { parent: options.parent } : {};
  return withSpan(`publish ${subject}`, { kind: 'producer', attributes, ...parent }, send);
}

/**
 * The stream itself refused the message (a 4xx JetStream API error, e.g. over
 * the size limit): sending it again is refused again.
 */
function isRejection(error: unknown): boolean {
  const code = error instanceof NatsError ? error.jsError()?.code : undefined;
  return code !== undefined && code >= HTTP_CLIENT_ERRORS.from && code <= HTTP_CLIENT_ERRORS.to;
}

/**
 * publishAcked, retried with the SAME message id and exponential backoff until
 * acked or `deadlineMs` passes, then throws the last error. Reusing the id
 * makes a retry safe when an earlier attempt was stored but its ack was lost:
 * the stream answers `duplicate: true` instead of storing a second copy.
 */
export async function publishWithRetry(
  js: JetStreamClient,
  subject: string,
  data: Uint8Array,
  options: PublishOptions & RetryOptions,
): Promise<PublishResult> {
  const deadline = Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  for (let attempt = 1; ; attempt++) {
    // No attempt may run past the deadline (at least 1 ms: nats.js treats 0 as "default").
    const attemptTimeout = Math.max(1, Math.min(timeoutMs, deadline - Date.now()));
    try {
      return await publishAcked(js, subject, data, { ...options, timeoutMs: attemptTimeout });
    } catch (error) {
      const left = deadline - Date.now();
      if (left <= 0 || isRejection(error)) throw error;
      try {
        options.onRetry?.(error, attempt);
      } catch {
        // A metrics hook that throws must not end the retries.
      }
      await sleep(Math.min(backoff, left));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}
