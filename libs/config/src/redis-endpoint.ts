/**
 * How a client reaches Redis, whatever it is for (orders and the ledger,
 * the outbox, BullMQ's queues, the card vault): one server by URL, or the
 * primary of the moment by asking the Sentinels. Plain options that
 * ioredis takes as they are, so this package needs no Redis client itself.
 */

/** Where Redis is: `config.redis` and `config.vault` are each one. */
export interface RedisEndpoint {
  /** redis:// URLs; the first is used in single mode. */
  readonly urls: readonly string[];
  readonly mode?: 'single' | 'sentinel';
  /** host:port of each Sentinel (sentinel mode). */
  readonly sentinels?: readonly string[];
  /** The name the Sentinels monitor the primary under (sentinel mode). */
  readonly masterName?: string;
  /**
   * After a write that must survive a failover, wait up to this for a
   * replica to have it (Redis `WAIT 1 <ms>`); 0 or absent: off (`awaitReplica`).
   */
  readonly waitMs?: number;
  /**
   * Commands of one tick in one write (ioredis enableAutoPipelining) on the
   * lab's own clients (`createRedis` of @lab/ledger), not BullMQ's; absent: off.
   */
  readonly autoPipelining?: boolean;
}

/**
 * `request-path`: a caller is waiting, so a command fails at once while Redis
 * is down (or failing over) instead of queueing: the edge answers 503.
 * `worker`: background work waits for Redis to come back, however long;
 * BullMQ requires it of a worker's blocking connection (`maxRetriesPerRequest: null`).
 */
export type RedisRole = 'request-path' | 'worker';

/** The ioredis options the lab sets, as plain values. */
export interface RedisClientOptions {
  readonly host?: string;
  readonly port?: number;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
  readonly tls?: Record<string, never>;
  readonly sentinels?: { host: string; port: number }[];
  readonly name?: string;
  readonly enableOfflineQueue?: boolean;
  readonly maxRetriesPerRequest: number | null;
  readonly connectionName: string;
  readonly retryStrategy: (attempt: number) => number;
  readonly sentinelRetryStrategy?: (attempt: number) => number;
  readonly reconnectOnError: (error: Error) => boolean;
}

/** How often a request-path client tries again: often, so it is usable soon after Redis is back. */
const REQUEST_PATH_RECONNECT_MS = 200;
/** A worker backs off linearly up to this, so a long outage costs little. */
const WORKER_RECONNECT_MAX_MS = 1000;
const WORKER_RECONNECT_STEP_MS = 50;

function hostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return {
    host: address.slice(0, at).replace(/^\[|\]$/g, ''),
    port: Number(address.slice(at + 1)),
  };
}

function fromUrl(
  raw: string,
): Omit<
  RedisClientOptions,
  'maxRetriesPerRequest' | 'connectionName' | 'retryStrategy' | 'reconnectOnError'
> {
  const url = new URL(raw);
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Where to connect: the first URL, or the Sentinels and the name of the primary to ask them for. */
function target(endpoint: RedisEndpoint) {
  if (endpoint.mode === 'sentinel') {
    const sentinels = endpoint.sentinels ?? [];
    if (sentinels.length === 0) throw new RangeError('sentinel mode without Sentinels');
    return { sentinels: sentinels.map(hostPort), name: endpoint.masterName ?? 'lab' };
  }
  const url = endpoint.urls[0];
  if (!url) throw new RangeError('no Redis URL configured');
  return fromUrl(url);
}

/** The options of every Redis client of the lab, for a role. */
export function redisClientOptions(
  endpoint: RedisEndpoint,
  role: RedisRole,
  connectionName: string,
): RedisClientOptions {
  const retry =
    role === 'request-path'
      ? () => REQUEST_PATH_RECONNECT_MS
      : (n: number) => Math.min(WORKER_RECONNECT_STEP_MS * n, WORKER_RECONNECT_MAX_MS);
  return {
    ...target(endpoint),
    ...(role === 'request-path'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 }
      : { maxRetriesPerRequest: null }),
    connectionName,
    retryStrategy: retry,
    ...(endpoint.mode === 'sentinel' ? { sentinelRetryStrategy: retry } : {}),
    // A primary demoted under a client (a failover) answers writes with
    // READONLY: reconnect, which asks the Sentinels for the new primary.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
  };
}
