import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { Harness } from './fixtures/harness.js';

let brokers: Brokers;
let harness: Harness;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
});
afterAll(() => brokers?.stop());
afterEach(() => harness?.cleanup());

describe('job queue', () => {
  it('adds a job id once, also after that job completed', async () => {
    harness = new Harness(brokers.redis!.url, 'dedupe');
    const queue = harness.queue<{ n: number }>();

    expect(await queue.add('order-1.email', { n: 1 })).toEqual({ added: true });
    expect(await queue.add('order-1.email', { n: 2 })).toEqual({ added: false });
    expect(await queue.counts()).toMatchObject({ waiting: 1, active: 0, completed: 0 });

    const seen: number[] = [];
    const completed: string[] = [];
    await harness.worker<{ n: number }>(
      async (data) => {
        seen.push(data.n);
      },
      { onCompleted: (id) => completed.push(id) },
    );
    await waitUntil(async () => completed.length === 1, { timeoutMs: 10_000, what: 'completed' });
    expect(completed).toEqual(['order-1.email']);
    // The first add's data, not the second's: the second added nothing.
    expect(seen).toEqual([1]);

    expect(await queue.add('order-1.email', { n: 3 })).toEqual({ added: false });
    expect(await harness.state('order-1.email')).toBe('completed');
    expect(await queue.counts()).toMatchObject({ waiting: 0, active: 0, delayed: 0, completed: 1 });
    expect(seen).toEqual([1]);
  });

  it('lets exactly one of several concurrent adds of an id add it', async () => {
    harness = new Harness(brokers.redis!.url, 'race');
    const queue = harness.queue<string>();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => queue.add('order-2.analytics', `try ${i}`)),
    );
    expect(results.filter((r) => r.added)).toHaveLength(1);
    expect((await queue.counts()).waiting).toBe(1);
  });
});
