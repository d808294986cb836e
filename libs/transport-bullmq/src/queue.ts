import type { RedisEndpoint } from '@lab/config';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { createConnection } from './connection.js';
import { jobTelemetry } from './job-trace.js';

export interface JobQueueOptions {
  /** The queue's name (no `:`; BullMQ refuses it). */
  readonly name: string;
  /** BullMQ key prefix: keeps stacks apart in one Redis. */
  readonly prefix: string;
  /** The first one is used, unless `redis` says more. */
  readonly redisUrls: readonly string[];
  /** The whole endpoint (sentinel mode: the Sentinels and the primary's name); wins over redisUrls. */
  readonly redis?: RedisEndpoint;
  /** Attempts per job, the first included. */
  readonly attempts: number;
  /** First delay of the exponential backoff: later retries wait twice as long as the one before. */
  readonly backoffMs: number;
}

export interface QueueCounts {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly completed: number;
}

export interface DeadLetter {
  readonly id: string;
  readonly reason: string;
  readonly attemptsMade: number;
}

export interface JobQueue<T> {
  /**
   * Adds a job under a deterministic id. While a job with that id exists
   * (waiting, active, delayed, completed-and-kept, failed), adding again adds
   * nothing and returns `{ added: false }`. Completed jobs are kept for a while
   * so their ids keep deduplicating; failed jobs are kept (the failed set is
   * the dead-letter place). Fails fast (throws) when Redis is unreachable.
   * BullMQ refuses ids that are integers or contain `:`.
   */
  add(jobId: string, data: T): Promise<{ added: boolean }>;
  counts(): Promise<QueueCounts>;
  /** Failed (dead-lettered) jobs, newest first: id and failedReason, for reports. */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

/**
 * Completed jobs are kept an hour (and at most this many), so a redelivered
 * event finds its job id still taken. BullMQ evicts them only when a later job
 * completes, never on a timer, so they may stay longer on an idle queue.
 */
const KEEP_COMPLETED = { age: 3600, count: 100_000 };
const DEAD_LETTERS_DEFAULT_LIMIT = 100;
/**
 * A call gives up after this even when the client cannot tell that Redis is
 * gone: a queue created while Redis is down waits for its first connection
 * instead of failing. Most failures come much sooner (no offline queue). An
 * add that timed out may still land once Redis answers: with its fixed id,
 * the caller's retry is then deduplicated.
 */
const CALL_TIMEOUT_MS = 1500;

function withTimeout<R>(work: Promise<R>, ms: number, what: string): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A producer's handle on one queue: deduplicating adds, counts, the dead letters. */
export function createJobQueue<T>(options: JobQueueOptions): JobQueue<T> {
  const redis = createConnection(
    options.redis ?? options.redisUrls,
    'producer',
    `${options.name}:producer`,
  );
  // BullMQ shares a client it is given and leaves closing it to us. The queue
  // is untyped inside: JobQueue<T> types the data at the edge, and BullMQ's
  // job-type inference does not resolve for a bare type parameter.
  const queue = new Queue(options.name, {
    connection: redis,
    prefix: options.prefix,
    ...jobTelemetry(),
  });
  // Failures reach the caller through the call that failed; the event would
  // only repeat them (and is thrown when nobody listens).
  queue.on('error', () => undefined);

  const add = async (jobId: string, data: T): Promise<{ added: boolean }> => {
    // BullMQ answers a duplicate id exactly like a new job. The job's name is
    // written only by the add that creates the job, so a name unique to this
    // call, read back, says whether this call was the one.
    const token = randomUUID();
    await queue.add(token, data, {
      jobId,
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
      removeOnComplete: KEEP_COMPLETED,
      // The failed set is the dead-letter place: keep everything in it.
      removeOnFail: false,
    });
    // No name means the job was removed in between. Eviction takes old
    // completed jobs, never the one just added: so it was not this call's.
    const added = (await redis.hget(queue.toKey(jobId), 'name')) === token;
    // A job must survive a failover like the ledger's writes (LAB_REDIS_WAIT_MS):
    // WAIT on the connection that wrote it, for one replica to have it.
    const waitMs = options.redis?.waitMs;
    if (added && waitMs) await redis.wait(1, waitMs);
    return { added };
  };

  return {
    add: (jobId, data) => withTimeout(add(jobId, data), CALL_TIMEOUT_MS, `add ${jobId}`),
    async counts() {
      const c = await withTimeout(
        queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
        CALL_TIMEOUT_MS,
        'counts',
      );
      return {
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
      };
    },
    async deadLetters(limit = DEAD_LETTERS_DEFAULT_LIMIT) {
      const jobs = await withTimeout(queue.getFailed(0, limit - 1), CALL_TIMEOUT_MS, 'deadLetters');
      return jobs.map((job) => ({
        id: job.id ?? '',
        reason: job.failedReason,
        attemptsMade: job.attemptsMade,
      }));
    },
    async close() {
      await queue.close();
      // quit() waits for Redis; with Redis down there is nothing to wait for.
      if (redis.status === 'ready') await redis.quit();
      else redis.disconnect();
    },
  };
}
