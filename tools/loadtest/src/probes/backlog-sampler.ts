import { bullPrefix, JOB_KINDS, natsNames, queueName } from '@lab/contracts';
import { createJobQueue, type JobQueue } from '@lab/transport-bullmq';

interface JszConsumer {
  readonly num_pending?: number;
  readonly num_ack_pending?: number;
}
interface Jsz {
  readonly account_details?: {
    stream_detail?: { name: string; consumer_detail?: JszConsumer[] }[];
  }[];
}

/**
 * Work waiting in a stack's brokers: JetStream messages its consumers have
 * not yet handled or acked (from nats-server's monitoring port), plus BullMQ
 * jobs waiting, delayed or active. The sync stack has no backlog: null.
 */
export function backlogSampler(options: {
  readonly namespace: string;
  readonly natsMonitorUrl: string | undefined;
  readonly redisUrl: string;
  readonly messaging: boolean;
}): { sample: () => Promise<number | null>; close: () => Promise<void> } {
  if (!options.messaging) return { sample: async () => null, close: async () => undefined };
  const stream = natsNames(options.namespace).stream;
  const queues: JobQueue<unknown>[] = JOB_KINDS.map((kind) =>
    createJobQueue({
      name: queueName(options.namespace, kind),
      prefix: bullPrefix(options.namespace),
      redisUrls: [options.redisUrl],
      attempts: 1,
      backoffMs: 1,
    }),
  );
  return {
    sample: async () => {
      try {
        let total = 0;
        if (options.natsMonitorUrl) {
          const jsz = (await (
            await fetch(`${options.natsMonitorUrl}/jsz?consumers=true`, {
              signal: AbortSignal.timeout(500),
            })
          ).json()) as Jsz;
          for (const account of jsz.account_details ?? []) {
            for (const s of account.stream_detail ?? []) {
              if (s.name !== stream) continue;
              for (const c of s.consumer_detail ?? [])
                total += (c.num_pending ?? 0) + (c.num_ack_pending ?? 0);
            }
          }
        }
        for (const q of queues) {
          const c = await q.counts();
          total += c.waiting + c.delayed + c.active;
        }
        return total;
      } catch {
        return null;
      }
    },
    close: async () => {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}
