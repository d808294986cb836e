import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { gate, Harness } from './fixtures/harness.js';

let brokers: Brokers;
let harness: Harness;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
});
afterAll(() => brokers?.stop());
afterEach(() => harness?.cleanup());

const WAIT = { timeoutMs: 10_000 };

describe('job worker', () => {
  it('runs at most `concurrency` jobs at once, and more than one', async () => {
    harness = new Harness(brokers.redis!.url, 'concurrency');
    const queue = harness.queue<number>();
    const CONCURRENCY = 3;
    const JOBS = 9;
    const held = gate();
    let current = 0;
    let max = 0;
    const completed: string[] = [];
    for (let i = 0; i < JOBS; i++) await queue.add(`job-${i}`, i);

    const worker = await harness.worker<number>(
      async () => {
        current++;
        max = Math.max(max, current);
        await held.opened;
        current--;
      },
      { concurrency: CONCURRENCY, onCompleted: (id) => completed.push(id) },
    );
    expect(worker.running).toBe(true);
    // Every slot taken and the rest still waiting: the bound holds while jobs pile up.
    await waitUntil(async () => current === CONCURRENCY, { ...WAIT, what: 'slots full' });
    expect(await queue.counts()).toMatchObject({
      active: CONCURRENCY,
      waiting: JOBS - CONCURRENCY,
    });
    held.open();
    await waitUntil(async () => completed.length === JOBS, { ...WAIT, what: 'all completed' });
    expect(max).toBeLessThanOrEqual(CONCURRENCY);
    expect(max).toBeGreaterThan(1);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    harness = new Harness(brokers.redis!.url, 'retry');
    const queue = harness.queue<string>({ attempts: 5, backoffMs: 50 });
    const attempts: { attemptsMade: number; at: number }[] = [];
    const retries: { id: string; message: string }[] = [];
    const completed: string[] = [];
    const deadLetters: string[] = [];
    await harness.worker<string>(
      async (_data, job) => {
        attempts.push({ attemptsMade: job.attemptsMade, at: Date.now() });
        if (job.attemptsMade < 2) throw new Error(`flaky ${job.attemptsMade}`);
      },
      {
        onRetry: (id, error) => retries.push({ id, message: error.message }),
        onCompleted: (id) => completed.push(id),
        onDeadLetter: (id) => deadLetters.push(id),
      },
    );
    await queue.add('flaky-1', 'x');
    await waitUntil(async () => completed.length === 1, { ...WAIT, what: 'completed' });

    expect(attempts.map((a) => a.attemptsMade)).toEqual([0, 1, 2]);
    expect(retries).toEqual([
      { id: 'flaky-1', message: 'flaky 0' },
      { id: 'flaky-1', message: 'flaky 1' },
    ]);
    expect(deadLetters).toEqual([]);
    expect(attempts[1]!.at).toBeGreaterThan(attempts[0]!.at);
    expect(attempts[2]!.at).toBeGreaterThan(attempts[1]!.at);
    expect(await harness.state('flaky-1')).toBe('completed');
    expect(await queue.counts()).toMatchObject({ completed: 1, failed: 0, delayed: 0 });
  });

  it('dead-letters a job that fails every attempt', async () => {
    harness = new Harness(brokers.redis!.url, 'dead');
    const queue = harness.queue<string>({ attempts: 3, backoffMs: 10 });
    let runs = 0;
    const retries: string[] = [];
    const deadLetters: { id: string; reason: string }[] = [];
    await harness.worker<string>(
      async () => {
        runs++;
        throw new Error('payment service says no');
      },
      {
        onRetry: (id) => retries.push(id),
        onDeadLetter: (id, reason) => deadLetters.push({ id, reason }),
      },
    );
    await queue.add('doomed-1', 'x');
    await waitUntil(async () => (await queue.counts()).failed === 1, { ...WAIT, what: 'failed' });

    expect(deadLetters).toEqual([{ id: 'doomed-1', reason: 'payment service says no' }]);
    expect(retries).toEqual(['doomed-1', 'doomed-1']);
    expect(runs).toBe(3);
    expect(await queue.deadLetters()).toEqual([
      { id: 'doomed-1', reason: 'payment service says no', attemptsMade: 3 },
    ]);
    expect(await queue.counts()).toMatchObject({
      failed: 1,
      waiting: 0,
      active: 0,
      delayed: 0,
      completed: 0,
    });
    // A dead letter keeps its id: adding it again adds nothing.
    expect(await queue.add('doomed-1', 'y')).toEqual({ added: false });
  });

  it('dead-letters a poison job at once, with attempts left', async () => {
    harness = new Harness(brokers.redis!.url, 'poison');
    const queue = harness.queue<string>({ attempts: 5, backoffMs: 10 });
    let runs = 0;
    const retries: string[] = [];
    const deadLetters: { id: string; reason: string }[] = [];
    class BadData extends Error {}
    await harness.worker<string>(
      async () => {
        runs++;
        throw new BadData('order.items: must hold 1 to 50 items');
      },
      {
        isPoison: (error) => error instanceof BadData,
        onRetry: (id) => retries.push(id),
        onDeadLetter: (id, reason) => deadLetters.push({ id, reason }),
      },
    );
    await queue.add('poison-1', 'x');
    await waitUntil(async () => (await queue.counts()).failed === 1, { ...WAIT, what: 'failed' });

    expect(runs).toBe(1);
    expect(retries).toEqual([]);
    expect(deadLetters).toEqual([
      { id: 'poison-1', reason: 'poison: order.items: must hold 1 to 50 items' },
    ]);
  });

  it('lets an active job finish when closed', async () => {
    harness = new Harness(brokers.redis!.url, 'close');
    const queue = harness.queue<string>();
    const held = gate();
    const events: string[] = [];
    const worker = await harness.worker<string>(async () => {
      events.push('started');
      await held.opened;
      events.push('finished');
    });
    await queue.add('long-1', 'x');
    await harness.untilState('long-1', 'active');

    const closed = worker.close().then(() => events.push('closed'));
    expect(worker.running).toBe(false);
    // A round trip to Redis while close() runs: a close that did not wait would be done by now.
    expect(await harness.state('long-1')).toBe('active');
    expect(events).toEqual(['started']);
    held.open();
    await closed;

    expect(events).toEqual(['started', 'finished', 'closed']);
    expect(await harness.state('long-1')).toBe('completed');
    expect(await queue.counts()).toMatchObject({ active: 0, completed: 1 });
  });
});
