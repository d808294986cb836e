import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { createRedis, redisHealth, redisReady } from './redis.js';

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
