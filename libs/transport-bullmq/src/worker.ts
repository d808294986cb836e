import type { RedisEndpoint } from '@lab/config';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from '@lab/telemetry';
import { createConnection } from './connection.js';
import { jobTelemetry, recordJobWait } from './job-trace.js';

/** What a processor learns about the job besides its data. */
export interface JobInfo {
  readonly id: string;
  /** Attempts that already failed: 0 on the first attempt. */
  readonly attemptsMade: number;
}

export interface JobWorkerOptions<T> {
  /** The queue's name, as given to `createJobQueue`. */
  readonly name: string;
  /** BullMQ key prefix, as given to `createJobQueue`. */
  readonly prefix: string;
  /** The first one is used, unless `redis` says more. */
  readonly redisUrls: readonly string[];
  /** The whole endpoint (sentinel mode: the Sentinels and the primary's name); wins over redisUrls. */
  readonly redis?: RedisEndpoint;
  /** Jobs this worker runs at once. */
  readonly concurrency: number;
  /** A job whose worker died is found stalled about this long after its last lock renewal. */
  readonly lockDurationMs: number;
  /**
   * How often stalled jobs are looked for: a job is recovered up to about two
   * of these after its lock expired.
   */
  readonly stalledIntervalMs: number;
  /** Stalls a job survives (it is run again after each); one more and it is failed. */
  readonly maxStalledCount: number;
  /** Does the work; throwing fails the attempt, retried with backoff while attempts remain. */
  readonly processor: (data: T, job: JobInfo) => Promise<void>;
  /**
   * A failure no retry can mend (data that makes no sense): the job goes to
   * the failed set (the dead letter) at once, whatever attempts remain.
   */
  readonly isPoison?: (error: unknown) => boolean;
  readonly logger: Logger;
  /** A failed attempt that will be retried. */
  readonly onRetry?: (jobId: string, error: Error) => void;
  /** A job that exhausted its attempts (or its stalls) and now sits in the failed set. */
  readonly onDeadLetter?: (jobId: string, reason: string) => void;
  /** A job that completed. */
  readonly onCompleted?: (jobId: string) => void;
}

export interface JobWorker {
  /**
   * Graceful: stops taking jobs, waits for the active ones to finish, then
   * disconnects. While Redis is unreachable it closes at once instead (active
   * jobs come back through stalled-job recovery).
   */
  close(): Promise<void>;
  /** True once connected and running; false while Redis is unreachable and after close(). */
  readonly running: boolean;
}

/**
 * A patient worker: its Redis connections wait for Redis to come back
 * (`maxRetriesPerRequest: null`), and it resumes taking jobs on its own when
 * Redis does. Stalled-job recovery is on. Errors from the worker are logged,
 * never unhandled. Resolves once the worker is connected and taking jobs
 * (if Redis is down at start, once it is up).
 */
export async function startJobWorker<T>(options: JobWorkerOptions<T>): Promise<JobWorker> {
  const logger = options.logger.child({ queue: options.name });
  // A hook that throws must not turn a poison job into a retried one.
  const isPoison = (error: unknown): boolean => {
    try {
      return options.isPoison?.(error) ?? false;
    } catch {
      return false;
    }
  };
  // Only a template: BullMQ duplicates it into the two connections it uses
  // (one for commands, one blocked waiting for jobs) and closes those itself.
  const template = createConnection(
    options.redis ?? options.redisUrls,
    'worker',
    `${options.name}:worker`,
    true,
  );
  const worker = new Worker<T>(
    options.name,
    async (job: Job<T>) => {
      recordJobWait(job, options.name);
      try {
        await options.processor(job.data, { id: job.id ?? '', attemptsMade: job.attemptsMade });
      } catch (error) {
        if (!isPoison(error)) throw error;
        throw new UnrecoverableError(`poison: ${(error as Error)?.message ?? String(error)}`);
      }
    },
    {
      connection: template,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: options.maxStalledCount,
      ...jobTelemetry(),
    },
  );

  let connected = false;
  let closing = false;
  // While Redis is away every reconnect attempt of both connections errors:
  // say each distinct error once per outage, not once per attempt.
  const reported = new Set<string>();
  worker.on('error', (error) => {
    if (reported.has(error.message)) return;
    reported.add(error.message);
    logger.warn('job worker error', { err: error });
  });
  worker.on('ioredis:close', () => {
    connected = false;
  });
  // The backend says when either connection is (again) ready; the worker
  // itself says so only once, at start.
  worker.getBackend().on('ready', () => {
    if (!connected && !closing) logger.info('job worker connected');
    connected = true;
    reported.clear();
  });

  // A hook that throws must not turn into a worker error or stop the others.
  const hook = (name: string, call: () => void) => {
    try {
      call();
    } catch (error) {
      logger.error('job worker hook failed', { hook: name, err: error });
    }
  };
  worker.on('failed', (job, error) => {
    // Only when a job that stalled too often was removed on failure (we keep failed jobs).
    if (!job) return;
    const id = job.id ?? '';
    // BullMQ sets finishedOn only when the job moved to the failed set for
    // good; a retried attempt went to the delayed set instead.
    if (job.finishedOn) {
      const reason = job.failedReason ?? error.message;
      logger.warn('job dead-lettered', { jobId: id, attemptsMade: job.attemptsMade, reason });
      hook('onDeadLetter', () => options.onDeadLetter?.(id, reason));
    } else {
      logger.debug('job attempt failed, will retry', { jobId: id, err: error });
      hook('onRetry', () => options.onRetry?.(id, error));
    }
  });
  worker.on('completed', (job) => hook('onCompleted', () => options.onCompleted?.(job.id ?? '')));

  await worker.waitUntilReady();
  connected = true;
  return {
    async close() {
      closing = true;
      try {
        // With Redis away a graceful close would wait for it (the connections'
        // QUIT is queued until Redis is back), and an active job could not be
        // recorded as done anyway: close at once; the job's lock expires and
        // stalled-job recovery runs it again.
        await worker.close(!connected);
      } finally {
        template.disconnect();
      }
    },
    get running() {
      return connected && !closing && worker.isRunning();
    },
  };
}
