import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { redisClientOptions } from './redis-endpoint.js';

const root = '/tmp';

describe('clustered brokers', () => {
  it('a NATS cluster: every node in NATS_URL, its ports claimed, streams replicated on each', () => {
    const c = loadConfig({ LAB_NATS_NODES: '3' }, { workspaceRoot: root });
    expect(c.nats.urls).toEqual([
      'nats://127.0.0.1:4422',
      'nats://127.0.0.1:4423',
      'nats://127.0.0.1:4424',
    ]);
    expect(c.jetstream.replicas).toBe(3);
    expect(() =>
      loadConfig({ LAB_NATS_NODES: '3', LAB_NATS_CLUSTER_PORT: '8423' }, { workspaceRoot: root }),
    ).toThrow(
      /NATS_MONITOR_PORT, node 2 \(LAB_NATS_NODES\): port 8423 is already taken by LAB_NATS_CLUSTER_PORT/,
    );
  });

  it('sentinel mode: three Sentinels on the project ports, unless a list is given', () => {
    const own = loadConfig({ LAB_REDIS_MODE: 'sentinel' }, { workspaceRoot: root });
    expect(own.redis.sentinels).toEqual(['127.0.0.1:26479', '127.0.0.1:26480', '127.0.0.1:26481']);
    expect(own.redis.managed).toBe(true);
    const theirs = loadConfig(
      { LAB_REDIS_MODE: 'sentinel', LAB_REDIS_SENTINELS: '10.0.0.5:26379,10.0.0.6:26379' },
      { workspaceRoot: root },
    );
    expect(theirs.redis.managed).toBe(false);
    expect(() => loadConfig({ LAB_REDIS_SENTINELS: '10.0.0.5' }, { workspaceRoot: root })).toThrow(
      /LAB_REDIS_SENTINELS \(redis.sentinels\): "10.0.0.5": expected host:port/,
    );
  });

  it('clients reach a URL, or the primary through the Sentinels', () => {
    const single = redisClientOptions(
      { urls: ['redis://user:pw@10.0.0.1:7000/2'] },
      'request-path',
      'x',
    );
    expect(single).toMatchObject({
      host: '10.0.0.1',
      port: 7000,
      username: 'user',
      password: 'pw',
      db: 2,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    const sentinel = redisClientOptions(
      { urls: [], mode: 'sentinel', sentinels: ['10.0.0.5:26379'], masterName: 'shop' },
      'worker',
      'y',
    );
    expect(sentinel).toMatchObject({
      sentinels: [{ host: '10.0.0.5', port: 26379 }],
      name: 'shop',
      maxRetriesPerRequest: null,
    });
    expect(sentinel.host).toBeUndefined();
    expect(sentinel.reconnectOnError(new Error('READONLY You cannot write'))).toBe(true);
    expect(sentinel.reconnectOnError(new Error('WRONGTYPE'))).toBe(false);
  });
});
