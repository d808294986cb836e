import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { awaitReplica, createRedis, redisHealth, redisReady } from './redis.js';

let brokers: Brokers;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false, vault: false });
});
afterAll(async () => {
  await brokers?.stop();
});

describe('redisHealth', () => {
  it('is true while Redis answers PING, and rejects once the connection is gone', async () => {
    const redis = createRedis([brokers.redis!.url], 'request-path', 'health-spec');
    await redisReady(redis, 5_000);
    const check = redisHealth(redis);
    expect(await check()).toBe(true);
    redis.disconnect();
    await expect(check()).rejects.toThrow();
  });

  it('names what is wrong when the answer is not PONG', async () => {
    expect(await redisHealth({ ping: async () => 'LOADING' })()).toBe('no PONG');
  });
});

describe('awaitReplica (LAB_REDIS_WAIT_MS)', () => {
  it('waits up to waitMs for a replica after a write, and costs nothing when off', async () => {
    const waiting = createRedis({ urls: [brokers.redis!.url], waitMs: 200 }, 'worker', 'wait-spec');
    const plain = createRedis([brokers.redis!.url], 'worker', 'wait-spec-off');
    await waiting.set('wait-spec', '1');
    // This server has no replica: WAIT 1 waits its whole timeout, then lets the write stand.
    const started = performance.now();
    await awaitReplica(waiting);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(await waiting.get('wait-spec')).toBe('1');
    const off = performance.now();
    await awaitReplica(plain);
    expect(performance.now() - off).toBeLessThan(50);
    waiting.disconnect();
    plain.disconnect();
  });
});
