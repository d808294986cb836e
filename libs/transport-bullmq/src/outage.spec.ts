import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { Harness } from './fixtures/harness.js';

let brokers: Brokers;
let harness: Harness;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
});
afterAll(() => brokers?.stop());
afterEach(async () => {
  // A failed test may leave Redis stopped; cleanup needs it.
  if (!brokers.redis!.running) await brokers.redis!.start();
  await harness?.cleanup();
});

/** How long an add may take to fail with Redis down: a caller is waiting. */
const FAIL_FAST_MS = 2000;

describe('Redis outage', () => {
  it('fails adds fast while Redis is down; a running worker resumes after', async () => {
    const redis = brokers.redis!;
    harness = new Harness(redis.url, 'outage');
    const queue = harness.queue<string>();
    const completed: string[] = [];
    const worker = await harness.worker<string>(async () => undefined, {
      onCompleted: (id) => completed.push(id),
    });
    await queue.add('before-1', 'x');
    await waitUntil(async () => completed.includes('before-1'), {
      timeoutMs: 10_000,
      what: 'a job before the outage',
    });

    await redis.stop();
    const started = Date.now();
    await expect(queue.add('during-1', 'x')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(FAIL_FAST_MS);
    await waitUntil(async () => !worker.running, {
      timeoutMs: 5000,
      what: 'the worker to notice Redis is gone',
    });

    await redis.start();
    // The producer reconnects on its own; its first adds may still find it reconnecting.
    await waitUntil(
      () =>
        queue.add('after-1', 'x').then(
          () => true,
          () => false,
        ),
      {
        timeoutMs: 10_000,
        what: 'an add after the restart',
      },
    );
    await waitUntil(async () => completed.includes('after-1'), {
      timeoutMs: 15_000,
      what: 'the worker to process a job added after the restart',
    });
    expect(worker.running).toBe(true);
    expect(completed).toEqual(['before-1', 'after-1']);
    expect(await harness.state('during-1')).toBe('unknown');
  });

  it('closes a worker at once while Redis is down instead of waiting for it', async () => {
    const redis = brokers.redis!;
    harness = new Harness(redis.url, 'outage-close');
    const worker = await harness.worker<string>(async () => undefined);
    await redis.stop();
    await waitUntil(async () => !worker.running, {
      timeoutMs: 5000,
      what: 'the worker to notice Redis is gone',
    });
    const started = Date.now();
    await worker.close();
    expect(Date.now() - started).toBeLessThan(FAIL_FAST_MS);
    await redis.start();
  });
});
