import { redisClientOptions, type RedisEndpoint } from '@lab/config';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * `producer`: a caller is waiting (a request adds a job), so a command fails at
 * once while Redis is down instead of queueing. `worker`: background work waits
 * for Redis to come back, however long; BullMQ requires this for the blocking
 * connection a worker fetches jobs on (`maxRetriesPerRequest: null`).
 */
export type ConnectionRole = 'producer' | 'worker';

/**
 * An ioredis client for BullMQ. BullMQ is handed a client rather than options:
 * the connection policy stays ours and the same as the rest of the project's
 * (`redisClientOptions` of @lab/config, which libs/ledger's `createRedis`
 * uses too), Sentinels included, and BullMQ never has to load ioredis itself.
 * A bare URL list is a single-mode endpoint.
 *
 * With `lazy`, the client never connects on its own: a worker's client is only
 * a template that BullMQ duplicates into the two connections it really uses.
 */
export function createConnection(
  endpoint: RedisEndpoint | readonly string[],
  role: ConnectionRole,
  name: string,
  lazy = false,
): Redis {
  const options = redisClientOptions(
    Array.isArray(endpoint) ? { urls: endpoint as readonly string[] } : (endpoint as RedisEndpoint),
    role === 'producer' ? 'request-path' : 'worker',
    name,
  );
  const redis = new Redis({ ...(options as RedisOptions), lazyConnect: lazy });
  // Connection errors are reported by the commands that fail; without a
  // listener ioredis would print every reconnect attempt as unhandled.
  redis.on('error', () => undefined);
  return redis;
}
