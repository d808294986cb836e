import { setTimeout as sleep } from 'node:timers/promises';
import type { JsMsg } from 'nats';
import { tracingActive, withSpan, type Logger } from '@lab/telemetry';
import type { ConsumeLoopOptions, DeadLetterKind, DeliveryInfo } from './consume-options.js';
import { headersGetter, messagingAttributes, recordStreamWait } from './trace-headers.js';

const NAK_BASE_MS = 200;
const NAK_MAX_MS = 5000;
/** How long an ack waits for the server's confirmation. */
const ACK_TIMEOUT_MS = 5000;
/** Pause between attempts to dead-letter a last delivery (the server will not redeliver it). */
const DEAD_LETTER_RETRY_MS = 1000;

/** 200 ms, 400 ms, 800 ms, ... at most 5 s. */
export const defaultNakDelay = (deliveryCount: number): number =>
  Math.min(NAK_BASE_MS * 2 ** (deliveryCount - 1), NAK_MAX_MS);

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * What the loop does with one delivery: run the handler, then ack it, nak it
 * for a later retry, or dead-letter and term it. Never throws.
 */
export function messageHandler(
  options: ConsumeLoopOptions,
  log: Logger,
  stopping: AbortSignal,
): (msg: JsMsg) => Promise<void> {
  const { maxDeliver } = options;
  const nakDelay = options.nakDelayMs ?? defaultNakDelay;

  /** Runs a caller's hook; one that throws is logged and `fallback` used, never the loop ended. */
  const safely = <T>(what: string, fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (error) {
      log.warn(`${what} threw`, { err: error });
      return fallback;
    }
  };
  const delayFor = (count: number) =>
    safely('nakDelayMs', () => nakDelay(count), defaultNakDelay(count));

  const ack = async (msg: JsMsg) => {
    try {
      // A plain ack is a core publish, dropped if the connection is down: confirm it.
      await msg.ackAck({ timeout: ACK_TIMEOUT_MS });
    } catch (error) {
      log.warn('ack not confirmed; the message may be delivered again', {
        seq: msg.seq,
        err: error,
      });
    }
  };

  const deadLetter = async (msg: JsMsg, kind: DeadLetterKind, reason: string) => {
    const last = kind === 'max-deliver';
    for (;;) {
      try {
        await options.deadLetter(msg, reason);
        break;
      } catch (error) {
        // A poison message comes back (nak) and is tried again. A last delivery
        // does not: keep trying here, holding its slot, rather than lose it.
        log.error('could not dead-letter', { seq: msg.seq, reason, err: error });
        if (!last) {
          msg.nak(delayFor(msg.info.redeliveryCount));
          return;
        }
        if (stopping.aborted) {
          log.error('stopping: the message stays in the stream undelivered', { seq: msg.seq });
          return;
        }
        await sleep(DEAD_LETTER_RETRY_MS);
      }
    }
    // No reason on the term: nats-server before 2.10 only knows a bare `+TERM` and
    // silently ignores `+TERM <reason>`, leaving the message to be redelivered.
    msg.term();
    log.warn('message dead-lettered', { seq: msg.seq, subject: msg.subject, reason });
    safely('onDeadLetter', () => options.onDeadLetter?.(kind), undefined);
  };

  const fail = async (msg: JsMsg, info: DeliveryInfo, error: unknown) => {
    if (safely('isPoison', () => options.isPoison?.(error) ?? false, false)) {
      return deadLetter(msg, 'poison', `poison: ${describe(error)}`);
    }
    // maxDeliver -1 means unlimited: the server never gives up, neither do we.
    // An outage is not the message's fault: it waits for the dependency.
    const transient = safely('isTransient', () => options.isTransient?.(error) ?? false, false);
    if (!transient && maxDeliver > 0 && info.deliveryCount >= maxDeliver) {
      const reason = `failed ${info.deliveryCount} deliveries: ${describe(error)}`;
      return deadLetter(msg, 'max-deliver', reason);
    }
    const delay = delayFor(info.deliveryCount);
    log.warn('handler failed; message will be delivered again', {
      seq: msg.seq,
      deliveryCount: info.deliveryCount,
      delayMs: delay,
      err: error,
    });
    msg.nak(delay);
  };

  /** The handler in a span that continues the publisher's trace, after its wait in the stream. */
  const traced = (msg: JsMsg, info: DeliveryInfo) => {
    const parent = recordStreamWait(msg, options.durable, headersGetter(msg.headers));
    const attributes = messagingAttributes('process', msg.subject, {
      'messaging.consumer.group.name': options.durable,
      'messaging.nats.delivery_count': info.deliveryCount,
    });
    return withSpan(`process ${msg.subject}`, { kind: 'consumer', parent, attributes }, () =>
      options.handler(msg.data, info, msg),
    );
  };

  const handle = async (msg: JsMsg) => {
    const info: DeliveryInfo = {
      deliveryCount: msg.info.redeliveryCount,
      subject: msg.subject,
      streamSequence: msg.seq,
    };
    if (info.deliveryCount > 1) safely('onRedelivery', () => options.onRedelivery?.(), undefined);
    let failure: { error: unknown } | undefined;
    try {
      await (tracingActive() ? traced(msg, info) : options.handler(msg.data, info, msg));
    } catch (error) {
      failure = { error };
    }
    if (failure) await fail(msg, info, failure.error);
    else await ack(msg);
  };

  return async (msg) => {
    try {
      await handle(msg);
    } catch (error) {
      log.error('settling a message failed', { seq: msg.seq, err: error });
    }
  };
}
