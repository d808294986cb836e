import { DependencyUnavailableError, DomainError } from '@lab/domain';
import { createHash } from 'node:crypto';
import { redisClientOptions, type RedisEndpoint, type RedisRole } from '@lab/config';
import { Redis, type RedisOptions } from 'ioredis';

export type { RedisRole } from '@lab/config';

/**
 * A Redis client of the lab: to one server by URL, or (sentinel mode) to the
 * primary the Sentinels name, following it through a failover. The ledger,
 * the outbox, the card vault and BullMQ all connect through the same options
 * (`redisClientOptions`). A bare URL list is a single-mode endpoint.
 */
export function createRedis(
  endpoint: RedisEndpoint | readonly string[],
  role: RedisRole,
  name: string,
): Redis {
  const resolved = asEndpoint(endpoint);
  const redis = new Redis({
    ...(redisClientOptions(resolved, role, name) as RedisOptions),
    // Not BullMQ's clients (transport-bullmq): BullMQ's users reported jobs
    // lost with it (taskforcesh/bullmq#457, OptimalBits/bull#2276).
    ...(resolved.autoPipelining ? { enableAutoPipelining: true } : {}),
  });
  if (resolved.waitMs) replicaWaits.set(redis, resolved.waitMs);
  // Connection errors are reported by the commands that fail; without a
  // listener ioredis would print every reconnect attempt as unhandled.
  redis.on('error', () => undefined);
  return redis;
}

/** Clients whose must-survive writes wait for a replica, and how long (ms). */
const replicaWaits = new WeakMap<Redis, number>();

/**
 * Call after a write that must survive a failover (an order accepted, an
 * effect recorded, an outbox entry) on the client that made it: with
 * LAB_REDIS_WAIT_MS set, waits up to that long for a replica to have the
 * write (WAIT 1). Replication stays asynchronous: this narrows the window in
 * which a failover loses an acknowledged write, it does not close it (a
 * WAIT that times out lets the write stand unreplicated). Off, it costs nothing.
 */
export async function awaitReplica(redis: Redis): Promise<void> {
  const ms = replicaWaits.get(redis);
  if (ms) await redis.wait(1, ms);
}

function asEndpoint(endpoint: RedisEndpoint | readonly string[]): RedisEndpoint {
  return isUrlList(endpoint) ? { urls: endpoint } : endpoint;
}

function isUrlList(endpoint: RedisEndpoint | readonly string[]): endpoint is readonly string[] {
  return Array.isArray(endpoint);
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

/** The health check of a Redis connection: it answers PING (true), or what is wrong. */
export function redisHealth(redis: { ping(): Promise<string> }): () => Promise<true | string> {
  return async () => ((await redis.ping()) === 'PONG' ? true : 'no PONG');
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

DomainError.registerClassifier(redisUnavailable);

/** A Lua script and its SHA-1, so calls send the hash, not the source. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Runs `script` by its hash (EVALSHA): the source is sent, with EVAL, only to
 * a server that has not seen it yet (a new or restarted Redis answers
 * NOSCRIPT). Sending a few hundred bytes of Lua on every call cost the
 * services about a tenth of their CPU in socket writes.
 */
export async function evalScript(
  redis: Redis,
  script: LuaScript,
  numKeys: number,
  ...keysAndArgs: (string | number)[]
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, numKeys, ...keysAndArgs);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.source, numKeys, ...keysAndArgs);
  }
}
