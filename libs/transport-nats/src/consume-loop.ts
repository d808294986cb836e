import { setTimeout as sleep } from 'node:timers/promises';
import { ConsumerEvents, ErrorCode, NatsError, type ConsumerMessages, type JsMsg } from 'nats';
import type { ConsumeLoop, ConsumeLoopOptions } from './consume-options.js';
import { messageHandler } from './handle-message.js';
import { Slots } from './slots.js';

/**
 * Length of one long-poll pull. nats.js sends idle heartbeats every half of
 * it and, when a reset after a reconnect fails, retries after a whole one:
 * short, so a restarted server is picked up again within seconds.
 */
const PULL_EXPIRES_MS = 5000;
/**
 * Missed idle heartbeats (one per PULL_EXPIRES_MS / 2) before the loop
 * subscribes afresh. In a cluster a consumer whose leader died answers its
 * pulls no more although the connection is fine: two missed (5 s) rather
 * than four is how soon it consumes again from the new leader.
 */
const STALL_HEARTBEATS = 2;
/** Pause before subscribing again after a failure: doubled per failure, capped. */
const RESUBSCRIBE_FIRST_MS = 250;
const RESUBSCRIBE_MAX_MS = 5000;

/** Subscribing again cannot help: the connection was closed for good. */
function connectionClosed(error: unknown): boolean {
  return error instanceof NatsError && error.code === ErrorCode.ConnectionClosed;
}

/**
 * Consumes a durable pull consumer with bounded concurrency and explicit
 * acks. Whenever the subscription fails or ends (server restart, lost
 * connection, consumer deleted, heartbeats stop) it logs, backs off briefly,
 * gets the consumer again and resumes, so a service outlives its broker. A
 * handler that throws never ends the loop.
 */
export function startConsumeLoop(options: ConsumeLoopOptions): ConsumeLoop {
  const { js, stream, durable, concurrency } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const log = options.logger.child({ stream, durable });
  const slots = new Slots(concurrency);
  const stopping = new AbortController();
  let current: ConsumerMessages | undefined;
  const closedByWatch = new WeakSet<ConsumerMessages>();

  const handle = messageHandler(options, log, stopping.signal);

  const dispatch = (msg: JsMsg) => {
    slots.take();
    // A long handler tells the server it is still at work, so only a dead
    // consumer's messages wait out the ack wait (which can then be short).
    const progress = options.progressEveryMs
      ? setInterval(() => {
          try {
            msg.working();
          } catch {
            // Disconnected: the message is delivered again if the work outlasts the ack wait.
          }
        }, options.progressEveryMs)
      : undefined;
    void handle(msg).finally(() => {
      clearInterval(progress);
      slots.release();
    });
  };

  /** Ends a subscription the library would only keep retrying in vain. */
  const watch = async (messages: ConsumerMessages) => {
    for await (const status of await messages.status()) {
      const gone =
        status.type === ConsumerEvents.ConsumerDeleted ||
        status.type === ConsumerEvents.ConsumerNotFound ||
        status.type === ConsumerEvents.StreamNotFound;
      // No heartbeats are expected while every slot is busy: no pull is outstanding then.
      const stalled =
        status.type === ConsumerEvents.HeartbeatsMissed &&
        (status.data as number) >= STALL_HEARTBEATS &&
        !slots.full;
      if (gone || stalled) {
        log.warn('consumer subscription unhealthy; subscribing again', {
          event: status.type,
          data: status.data,
        });
        closedByWatch.add(messages);
        await messages.close();
        return;
      }
    }
  };

  const consumeOnce = async () => {
    const consumer = await js.consumers.get(stream, durable);
    // Never more buffered than there are slots: a buffered message's ack wait is running.
    const messages = await consumer.consume({
      max_messages: concurrency,
      expires: PULL_EXPIRES_MS,
    });
    current = messages;
    if (stopping.signal.aborted) await messages.close();
    void watch(messages).catch((error: unknown) => log.warn('watch failed', { err: error }));
    return messages;
  };

  const run = async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const messages = await consumeOnce();
        if (failures > 0) log.info('consuming again', { after: failures });
        for await (const msg of messages) {
          failures = 0;
          await slots.free(stopping.signal);
          // Taken from the buffer after stop(): hand it straight back for another replica.
          if (stopping.signal.aborted) msg.nak();
          else dispatch(msg);
        }
        if (!stopping.signal.aborted && !closedByWatch.has(messages)) {
          log.warn('consumer subscription ended; subscribing again');
        }
      } catch (error) {
        if (connectionClosed(error)) {
          log.error('nats connection closed; consume loop ends', { err: error });
          return;
        }
        if (!stopping.signal.aborted) {
          log.warn('consume loop failed; subscribing again', {
            attempt: failures + 1,
            err: error,
          });
        }
      } finally {
        current = undefined;
      }
      failures++;
      const pause = Math.min(RESUBSCRIBE_FIRST_MS * 2 ** (failures - 1), RESUBSCRIBE_MAX_MS);
      await sleep(pause, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  };

  const done = run().catch((error: unknown) => log.error('consume loop crashed', { err: error }));

  return {
    get inFlight() {
      return slots.used;
    },
    async stop(graceMs) {
      stopping.abort();
      // The iterator ends once the loop has handed back what it had buffered.
      void current?.close();
      const finished = await Promise.race([
        Promise.all([done, slots.idle()]).then(() => true),
        sleep(graceMs, false, { ref: false }),
      ]);
      if (!finished) log.warn('stopped with handlers still running', { inFlight: slots.used });
    },
  };
}
