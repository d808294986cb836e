import { Redis, type RedisOptions } from 'ioredis';

/**
 * `producer`: a caller is waiting (a request adds a job), so a command fails at
 * once while Redis is down instead of queueing. `worker`: background work waits
 * for Redis to come back, however long; BullMQ requires this for the blocking
 * connection a worker fetches jobs on (`maxRetriesPerRequest: null`).
 */
export type ConnectionRole = 'producer' | 'worker';

/** How often a producer tries to reconnect: often, so it is usable soon after Redis is back. */
const PRODUCER_RECONNECT_MS = 200;
/** A worker backs off linearly up to this, so a long outage costs little. */
const WORKER_RECONNECT_MAX_MS = 1000;
const WORKER_RECONNECT_STEP_MS = 50;

/**
 * An ioredis client for BullMQ. BullMQ is handed a client rather than options:
 * the connection policy stays ours and the same as the rest of the project's
 * (see libs/ledger's `createRedis`), and BullMQ never has to load ioredis itself.
 *
 * With `lazy`, the client never connects on its own: a worker's client is only
 * a template that BullMQ duplicates into the two connections it really uses.
 */
export function createConnection(
  urls: readonly string[],
  role: ConnectionRole,
  name: string,
  lazy = false,
): Redis {
  const url = urls[0];
  if (!url) throw new RangeError('no Redis URL configured');
  const options: RedisOptions =
    role === 'producer'
      ? {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectionName: name,
          retryStrategy: () => PRODUCER_RECONNECT_MS,
        }
      : {
          maxRetriesPerRequest: null,
          connectionName: name,
          retryStrategy: (n) => Math.min(WORKER_RECONNECT_STEP_MS * n, WORKER_RECONNECT_MAX_MS),
        };
  const redis = new Redis(url, { ...options, lazyConnect: lazy });
  // Connection errors are reported by the commands that fail; without a
  // listener ioredis would print every reconnect attempt as unhandled.
  redis.on('error', () => undefined);
  return redis;
}
