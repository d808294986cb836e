import { natsNames, type OrderEventType } from '@lab/contracts';
import type { ServiceName } from '@lab/domain';
import type { Registry } from '@lab/telemetry';
import type { JobQueue } from '@lab/transport-bullmq';
import { consumerBacklog, type JetStreamManager } from '@lab/transport-nats';

/**
 * Work waiting in the brokers, as gauges read at each scrape: the
 * backlog of a stack is what an outage leaves behind, and how fast it
 * drains is the async stack's recovery. Every replica of a service reports
 * the same consumer and queue: a dashboard takes the max over them.
 */

/** A figure read from a broker, given up on after `ms`, so that a scrape never waits on an outage. */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** JetStream messages this service's durable consumers have not yet been given, or not yet acked. */
export function consumerBacklogGauges(
  registry: Registry,
  options: {
    readonly jsm: JetStreamManager;
    readonly namespace: string;
    readonly service: ServiceName;
    readonly events: readonly OrderEventType[];
    readonly timeoutMs: number;
  },
): void {
  const names = natsNames(options.namespace);
  const durables = options.events.map((e) => names.consumer(options.service, e));
  registry.gauge(
    'lab_jetstream_consumer_messages',
    'JetStream messages of a durable consumer: pending (not yet delivered), ack_pending (delivered, not yet acked).',
    ['consumer', 'state'],
    async (gauge) => {
      const backlogs = await within(
        Promise.all(durables.map((d) => consumerBacklog(options.jsm, names.stream, d))),
        options.timeoutMs,
        'consumer info',
      );
      durables.forEach((consumer, i) => {
        gauge.set(backlogs[i]!.pending, { consumer, state: 'pending' });
        gauge.set(backlogs[i]!.ackPending, { consumer, state: 'ack_pending' });
      });
    },
  );
}

/** BullMQ jobs of a queue by state: waiting, active, delayed (a retry's backoff), failed (dead letters). */
export function queueBacklogGauge(
  registry: Registry,
  options: { readonly queue: JobQueue<unknown>; readonly name: string; readonly timeoutMs: number },
): void {
  registry.gauge(
    'lab_bullmq_jobs',
    'BullMQ jobs of a queue by state (waiting, active, delayed, failed).',
    ['queue', 'state'],
    async (gauge) => {
      const c = await within(options.queue.counts(), options.timeoutMs, 'queue counts');
      for (const state of ['waiting', 'active', 'delayed', 'failed'] as const)
        gauge.set(c[state], { queue: options.name, state });
    },
  );
}
