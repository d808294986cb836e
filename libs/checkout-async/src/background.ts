import {
  PoisonMessageError,
  effectJobId,
  queueName,
  bullPrefix,
  type JobKind,
  type OrderEvent,
  type OrderSnapshot,
} from '@lab/contracts';
import type { LabConfig } from '@lab/config';
import {
  ValidationError,
  validateOrderSnapshot,
  type EffectName,
  type ServiceName,
} from '@lab/domain';
import type { Counters } from '@lab/ledger';
import type { BackgroundOperations } from '@lab/services';
import type { Logger } from '@lab/telemetry';
import {
  createJobQueue,
  startJobWorker,
  type JobQueue,
  type JobWorker,
} from '@lab/transport-bullmq';

/** A background job: one effect of one confirmed order. */
export interface BackgroundJob {
  readonly order: OrderSnapshot;
}

export const JOB_OF_SERVICE: Readonly<Partial<Record<ServiceName, JobKind>>> = {
  notification: 'email',
  analytics: 'analytics',
  warehouse: 'warehouse',
};

const EFFECT_OF: Readonly<Record<JobKind, EffectName>> = {
  email: 'email',
  analytics: 'analytics',
  warehouse: 'warehouse',
};

/**
 * A job's data as the worker reads it back from Redis, checked with the
 * rules of the event it came from: a job that does not pass is poison.
 */
export function readBackgroundJob(data: unknown): BackgroundJob {
  try {
    return { order: validateOrderSnapshot((data as { order?: unknown } | null)?.order) };
  } catch (error) {
    if (error instanceof ValidationError)
      throw new PoisonMessageError(`invalid job: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Retrying cannot mend a job whose data, or whose message to the service, makes no sense. */
export function isPoisonJob(error: unknown): boolean {
  return error instanceof PoisonMessageError || error instanceof ValidationError;
}

export function backgroundQueue(
  config: LabConfig,
  namespace: string,
  kind: JobKind,
): JobQueue<BackgroundJob> {
  return createJobQueue<BackgroundJob>({
    name: queueName(namespace, kind),
    prefix: bullPrefix(namespace),
    redisUrls: config.redis.urls,
    redis: config.redis,
    attempts: config.jobs.attempts,
    backoffMs: config.jobs.backoffMs,
  });
}

/** On `confirmed`: one job per effect, under an id that is the same however often the event comes. */
export function enqueueOnConfirmed(queue: JobQueue<BackgroundJob>, kind: JobKind) {
  return async (event: OrderEvent): Promise<void> => {
    await queue.add(effectJobId(event.order.orderId, EFFECT_OF[kind]), { order: event.order });
  };
}

export interface BackgroundWorkerOptions {
  readonly config: LabConfig;
  readonly namespace: string;
  readonly kind: JobKind;
  readonly operations: BackgroundOperations;
  readonly counters: Counters;
  readonly logger: Logger;
}

/** The worker that applies the effect, retried with backoff; the failed set is its dead letter. */
export function startBackgroundWorker(options: BackgroundWorkerOptions): Promise<JobWorker> {
  const { config, namespace, kind, operations: ops } = options;
  const apply: Record<JobKind, (order: OrderSnapshot) => Promise<unknown>> = {
    email: (o) => ops.sendEmail({ orderId: o.orderId, to: o.email }),
    analytics: (o) =>
      ops.recordOrder({
        orderId: o.orderId,
        amountCents: o.amountCents,
        itemCount: o.items.reduce((n, i) => n + i.quantity, 0),
      }),
    warehouse: (o) => ops.notifyWarehouse({ orderId: o.orderId, items: o.items }),
  };
  return startJobWorker<BackgroundJob>({
    name: queueName(namespace, kind),
    prefix: bullPrefix(namespace),
    redisUrls: config.redis.urls,
    redis: config.redis,
    concurrency: config.jobs.concurrency,
    lockDurationMs: config.jobs.lockDurationMs,
    stalledIntervalMs: config.jobs.stalledIntervalMs,
    maxStalledCount: config.jobs.maxStalledCount,
    processor: async (data) => {
      await apply[kind](readBackgroundJob(data).order);
    },
    isPoison: isPoisonJob,
    logger: options.logger,
    onRetry: () => void options.counters.add('retries').catch(() => undefined),
    onDeadLetter: (jobId, reason) => {
      options.logger.warn('job dead-lettered', { jobId, reason });
      void options.counters.add('deadLettered').catch(() => undefined);
    },
  });
}
