/**
 * A real Sentinel set (a primary, a replica, three Sentinels): the primary
 * is killed, the Sentinels promote the replica, and the lab's clients (the
 * ledger's, a BullMQ producer and worker) follow it without a restart; the
 * old primary comes back as a replica of the new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { infoFields, redisQuery, startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import type { RedisEndpoint } from '@lab/config';
import { createRedis } from '@lab/ledger';
import { createLogger } from '@lab/telemetry';
import {
  createJobQueue,
  startJobWorker,
  type JobQueue,
  type JobWorker,
} from '@lab/transport-bullmq';

/** Sentinel's down-after (1 s in test sets) plus an election: a few seconds, not tens. */
const FAILOVER_TIMEOUT_MS = 15_000;

let brokers: Brokers;
let endpoint: RedisEndpoint;
let worker: Redis;
let requestPath: Redis;
let queue: JobQueue<{ n: number }>;
let jobs: JobWorker;
const done: number[] = [];

beforeAll(async () => {
  brokers = await startBrokers({ redisMode: 'sentinel', nats: false, vault: false });
  endpoint = {
    urls: [],
    mode: 'sentinel',
    sentinels: brokers.env.LAB_REDIS_SENTINELS!.split(','),
    masterName: brokers.env.LAB_REDIS_MASTER_NAME!,
  };
  worker = createRedis(endpoint, 'worker', 'failover-e2e-worker');
  requestPath = createRedis(endpoint, 'request-path', 'failover-e2e-request');
  const bull = { name: 'failover-e2e', prefix: 'e2e', redisUrls: [], redis: endpoint };
  queue = createJobQueue({ ...bull, attempts: 3, backoffMs: 100 });
  jobs = await startJobWorker<{ n: number }>({
    ...bull,
    concurrency: 4,
    lockDurationMs: 5_000,
    stalledIntervalMs: 1_000,
    maxStalledCount: 2,
    logger: createLogger('failover-e2e', { level: 'silent' }),
    processor: async (data) => void done.push(data.n),
  });
});

afterAll(async () => {
  await jobs?.close();
  await queue?.close();
  worker?.disconnect();
  requestPath?.disconnect();
  await brokers?.stop();
});

describe('Redis behind Sentinel', () => {
  it('promotes the replica when the primary dies; clients follow it without a restart', async () => {
    const set = brokers.redisFailover!;
    await worker.set('before', 'kept');
    await queue.add('job-1', { n: 1 });
    await waitUntil(async () => done.includes(1), { timeoutMs: 5_000, what: 'job 1' });
    // Replicated for sure (WAIT), so the failover must keep it.
    expect(await worker.wait(1, 2_000)).toBe(1);

    const old = await set.primary();
    const target = brokers.faultTargets().find((t) => t.name === 'redis-primary')!;
    await target.kill!();
    const promoted = await set.waitForFailover(old, FAILOVER_TIMEOUT_MS);
    expect(promoted).not.toBe(old);

    // The worker-role client queues its command until it reaches the new primary.
    expect(await worker.get('before')).toBe('kept');
    await worker.set('after', 'written');
    // A request-path client fails fast while it reconnects, then works again.
    await waitUntil(async () => (await requestPath.set('rp', 'ok').catch(() => 'no')) === 'OK', {
      timeoutMs: FAILOVER_TIMEOUT_MS,
      what: 'the request-path client on the new primary',
    });
    await waitUntil(
      async () => (await queue.add('job-2', { n: 2 }).catch(() => undefined)) !== undefined,
      {
        timeoutMs: FAILOVER_TIMEOUT_MS,
        what: 'the BullMQ producer on the new primary',
      },
    );
    await waitUntil(async () => done.includes(2), {
      timeoutMs: FAILOVER_TIMEOUT_MS,
      what: 'job 2',
    });
    const role = infoFields(await redisQuery('127.0.0.1', promoted.port, ['INFO', 'replication']));
    expect(role.get('role')).toBe('master');

    await target.start!();
    // Sentinel makes the old primary a replica of the new one, and it syncs.
    await waitUntil(
      async () => {
        const info = infoFields(await redisQuery('127.0.0.1', old.port, ['INFO', 'replication']));
        return (
          info.get('role') === 'slave' &&
          info.get('master_port') === String(promoted.port) &&
          info.get('master_link_status') === 'up'
        );
      },
      { timeoutMs: FAILOVER_TIMEOUT_MS, what: 'the old primary to rejoin as a replica' },
    );
    expect(await redisQuery('127.0.0.1', old.port, ['GET', 'after'])).toBe('written');
    expect(done.filter((n) => n === 2)).toHaveLength(1);
  });
});
