import { DependencyUnavailableError } from '@lab/domain';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * `request-path`: a caller is waiting, so a command fails at once when Redis
 * is down instead of queueing (the edge answers 503). `worker`: background
 * work waits for Redis to come back, however long.
 */
export type RedisRole = 'request-path' | 'worker';

export function createRedis(urls: readonly string[], role: RedisRole, name: string): Redis {
  const url = urls[0];
  if (!url) throw new RangeError('no Redis URL configured');
  const options: RedisOptions =
    role === 'request-path'
      ? {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectionName: name,
          retryStrategy: () => 200,
        }
      : {
          maxRetriesPerRequest: null,
          connectionName: name,
          retryStrategy: (n) => Math.min(50 * n, 1000),
        };
  const redis = new Redis(url, options);
  // Connection errors are reported by the commands that fail; without a
  // listener ioredis would print every reconnect attempt as unhandled.
  redis.on('error', () => undefined);
  return redis;
}

/** Resolves once the connection is ready for commands; rejects after `timeoutMs`. */
export function redisReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(
        new Error(
          `Redis at ${redis.options.host}:${redis.options.port} not ready after ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

const REDIS_DOWN =
  /Stream isn't writeable|Connection is closed|ECONNREFUSED|ECONNRESET|MaxRetriesPerRequest|Reached the max retries/i;

/** A Redis connection failure as the domain names it, or undefined for any other error. */
export function redisUnavailable(error: unknown): DependencyUnavailableError | undefined {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return REDIS_DOWN.test(text)
    ? new DependencyUnavailableError('redis', (error as Error).message, { cause: error })
    : undefined;
}
