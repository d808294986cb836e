import type { LabConfig } from '@lab/config';
import {
  PoisonMessageError,
  decodeEvent,
  natsNames,
  type OrderEvent,
  type OrderEventType,
} from '@lab/contracts';
import { DomainError, ValidationError, type ServiceName } from '@lab/domain';
import type { Counters } from '@lab/ledger';
import type { Logger } from '@lab/telemetry';
import {
  deadLetterPublisher,
  ensureConsumer,
  ensureStream,
  startConsumeLoop,
  type ConsumeLoop,
  type DeliveryInfo,
  type JetStreamClient,
  type JetStreamManager,
} from '@lab/transport-nats';

/**
 * The stack's order stream and its dead-letter stream, each on `replicas`
 * nodes (a cluster's R; 1 on a single server). Idempotent.
 */
export async function setupStreams(
  jsm: JetStreamManager,
  namespace: string,
  replicas = 1,
): Promise<void> {
  const names = natsNames(namespace);
  await ensureStream(jsm, { name: names.stream, subjects: [names.streamSubjects], replicas });
  await ensureStream(jsm, {
    name: names.deadLetterStream,
    subjects: [names.deadLetterSubject('>')],
    replicas,
  });
}

export interface EventConsumerOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly namespace: string;
  readonly service: ServiceName;
  readonly event: OrderEventType;
  readonly config: LabConfig;
  readonly counters: Counters;
  readonly logger: Logger;
  /** Resolve to ack. Throw to retry; a business outcome is not an error here. */
  readonly handle: (
    event: OrderEvent,
    info: DeliveryInfo & { readonly lastDelivery: boolean },
  ) => Promise<void>;
}

/**
 * One service's durable consumer of one event type, with explicit acks,
 * AckWait and MaxDeliver from config. Unreadable messages and messages that
 * fail past MaxDeliver go to the dead-letter stream with the reason, and the
 * rest keep flowing. Redeliveries and dead letters are counted for reports.
 */
export async function startEventConsumer(options: EventConsumerOptions): Promise<ConsumeLoop> {
  const names = natsNames(options.namespace);
  const durable = names.consumer(options.service, options.event);
  const { ackWaitMs, maxDeliver, concurrency } = options.config.jetstream;
  await ensureConsumer(options.jsm, {
    stream: names.stream,
    durable,
    filterSubject: names.subject(options.event),
    ackWaitMs,
    // Unlimited on the server: the loop bounds the failures that are the message's
    // own, and keeps the ones of an outage (see isTransient) until it ends.
    maxDeliver: -1,
  });
  return startConsumeLoop({
    js: options.js,
    stream: names.stream,
    durable,
    concurrency,
    maxDeliver,
    progressEveryMs: Math.max(50, Math.floor(ackWaitMs / 3)),
    handler: (data, info) =>
      options.handle(decodeEvent(data), {
        ...info,
        lastDelivery: info.deliveryCount >= maxDeliver,
      }),
    deadLetter: deadLetterPublisher(options.js, () =>
      names.deadLetterSubject(`${options.service}.${options.event}`),
    ),
    isPoison: (error) =>
      error instanceof PoisonMessageError ||
      (error as Error)?.name === 'PoisonMessageError' ||
      error instanceof ValidationError,
    isTransient: (error) => {
      const code = DomainError.from(error).code;
      return code === 'dependency_unavailable' || code === 'deadline_exceeded';
    },
    onRedelivery: () => void options.counters.add('redeliveries').catch(() => undefined),
    onDeadLetter: (reason) => {
      options.logger.warn('dead-lettered', { durable, reason });
      void options.counters.add('deadLettered').catch(() => undefined);
    },
    logger: options.logger.child({ durable }),
  });
}
