import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManagedProcess, startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { Harness, PREFIX } from './fixtures/harness.js';

let brokers: Brokers;
let harness: Harness;
let child: ManagedProcess | undefined;
beforeAll(async () => {
  brokers = await startBrokers({ nats: false });
});
afterAll(() => brokers?.stop());
afterEach(async () => {
  await child?.stop('SIGKILL');
  await harness?.cleanup();
});

const LOCK_DURATION_MS = 1000;
const STALLED_INTERVAL_MS = 500;
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const STUCK_WORKER = fileURLToPath(new URL('./fixtures/stuck-worker.ts', import.meta.url));

function stuckWorker(queueName: string): ManagedProcess {
  return new ManagedProcess({
    name: 'stuck-worker',
    command: process.execPath,
    args: ['--conditions=@lab/source', '--import', 'tsx', STUCK_WORKER],
    // tsx is resolved from here.
    cwd: PACKAGE_DIR,
    env: {
      ...process.env,
      REDIS_URL: brokers.redis!.url,
      QUEUE_NAME: queueName,
      QUEUE_PREFIX: PREFIX,
      LOCK_DURATION_MS: String(LOCK_DURATION_MS),
    },
  });
}

describe('stalled jobs', () => {
  it('runs a job again elsewhere when its worker dies holding it', async () => {
    harness = new Harness(brokers.redis!.url, 'stalled');
    const queue = harness.queue<string>();
    child = stuckWorker(harness.name);
    child.start();
    const alive = { abandon: () => child!.exited };
    await waitUntil(async () => child!.output().includes('ready'), {
      ...alive,
      timeoutMs: 20_000,
      what: 'the stuck worker ready',
    });

    await queue.add('crash-1', 'x');
    await waitUntil(async () => child!.output().includes('active crash-1'), {
      ...alive,
      timeoutMs: 10_000,
      what: 'the job taken by the stuck worker',
    });
    expect(await harness.state('crash-1')).toBe('active');
    await child.stop('SIGKILL');

    const runs: string[] = [];
    const completed: string[] = [];
    await harness.worker<string>(
      async (_data, job) => {
        runs.push(job.id);
      },
      {
        lockDurationMs: LOCK_DURATION_MS,
        stalledIntervalMs: STALLED_INTERVAL_MS,
        maxStalledCount: 2,
        onCompleted: (id) => completed.push(id),
      },
    );
    // The dead worker's lock must expire and two stalled checks pass: a few seconds.
    await waitUntil(async () => completed.includes('crash-1'), {
      timeoutMs: 15_000,
      what: 'the stalled job completed by the second worker',
    });

    expect(runs).toEqual(['crash-1']);
    expect(await harness.state('crash-1')).toBe('completed');
    const job = await harness.inspector().getJob('crash-1');
    // It came back through stall recovery, not as a retry of a failed attempt.
    expect(job?.stalledCounter).toBe(1);
    expect(job?.attemptsMade).toBe(1);
  });
});
