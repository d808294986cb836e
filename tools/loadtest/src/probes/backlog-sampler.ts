import { bullPrefix, JOB_KINDS, natsNames, queueName } from '@lab/contracts';
import type { RedisEndpoint } from '@lab/config';
import { createJobQueue, type JobQueue } from '@lab/transport-bullmq';

interface JszConsumer {
  readonly num_pending?: number;
  readonly num_ack_pending?: number;
  /** In a cluster: the consumer's leader, and the other replicas as this node sees them. */
  readonly cluster?: { readonly leader?: string; readonly replicas?: readonly { name: string }[] };
}

/**
 * A follower's figures for a consumer lag (a node that was down keeps its
 * old ones for a while): count each consumer on its leader only. The
 * leader's own view lists the other replicas, never itself.
 */
function fromLeader(c: JszConsumer): boolean {
  const cluster = c.cluster;
  if (!cluster?.leader) return cluster === undefined;
  return !(cluster.replicas ?? []).some((r) => r.name === cluster.leader);
}

/** One node's /jsz, or nothing from a node that is down. */
async function jszOf(url: string): Promise<Jsz | undefined> {
  try {
    const response = await fetch(`${url}/jsz?consumers=true`, {
      signal: AbortSignal.timeout(JSZ_TIMEOUT_MS),
    });
    return response.ok ? ((await response.json()) as Jsz) : undefined;
  } catch {
    return undefined;
  }
}

/** How long one node's monitoring may take to answer a sample. */
const JSZ_TIMEOUT_MS = 500;
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
  /** Every node's monitoring URL, in a cluster (natsMonitorUrl is then one of them). */
  readonly natsMonitorUrls?: readonly string[];
  readonly redisUrl: string;
  /** The whole endpoint, when Redis is behind Sentinels. */
  readonly redis?: RedisEndpoint;
  readonly messaging: boolean;
}): { sample: () => Promise<number | null>; close: () => Promise<void> } {
  if (!options.messaging) return { sample: async () => null, close: async () => undefined };
  const stream = natsNames(options.namespace).stream;
  const queues: JobQueue<unknown>[] = JOB_KINDS.map((kind) =>
    createJobQueue({
      name: queueName(options.namespace, kind),
      prefix: bullPrefix(options.namespace),
      redisUrls: [options.redisUrl],
      ...(options.redis ? { redis: options.redis } : {}),
      attempts: 1,
      backoffMs: 1,
    }),
  );
  return {
    sample: async () => {
      try {
        let total = 0;
        const urls =
          options.natsMonitorUrls ?? (options.natsMonitorUrl ? [options.natsMonitorUrl] : []);
        const answers = await Promise.all(urls.map(jszOf));
        if (urls.length > 0 && answers.every((a) => a === undefined)) return null;
        for (const jsz of answers) {
          for (const account of jsz?.account_details ?? []) {
            for (const s of account.stream_detail ?? []) {
              if (s.name !== stream) continue;
              for (const c of s.consumer_detail ?? [])
                if (fromLeader(c)) total += (c.num_pending ?? 0) + (c.num_ack_pending ?? 0);
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
