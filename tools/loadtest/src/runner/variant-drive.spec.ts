import { afterEach, describe, expect, it } from 'vitest';
import type { CompletionTracker } from '../probes/completion-tracker.js';
import type { Scenario } from '../scenario/types.js';
import { drain, type Run, type VariantTarget } from './variant-drive.js';
import { VariantRecorder } from './variant-recorder.js';

let rec: VariantRecorder | undefined;
afterEach(() => rec?.destroy());

/** A reader answering `values` in turn (the last one from then on), counting its reads. */
function reader(values: (number | null)[]) {
  const read = async () => values[Math.min(read.calls++, values.length - 1)]!;
  read.calls = 0;
  return read;
}

/** A run whose orders have all ended, with these readers of the backlogs. */
function settledRun(target: Pick<VariantTarget, 'backlog' | 'providerBacklog'>): Run {
  rec = new VariantRecorder({
    t0: performance.now(),
    warmupS: 0,
    durationS: 1,
    keepOutcomes: false,
    timeUntilDone: false,
    keepOrderTimes: false,
  });
  const tracker = { drain: async () => true, incomplete: 0 } as unknown as CompletionTracker;
  return {
    scenario: { drainTimeoutS: 5 } as Scenario,
    target: { variant: 'async', url: '', redisUrl: '', namespace: 'async', ...target },
    options: { seed: 1, catalogSize: 1, repeat: 1 },
    rec,
    tracker,
    intended: [],
    sender: undefined,
    client: undefined,
    sent: 0,
  };
}

describe('drain', () => {
  it("waits for the payment provider's deliveries and refunds, then the brokers again", async () => {
    const backlog = reader([0]);
    const providerBacklog = reader([2, 1, 0]);
    const { drained } = await drain(settledRun({ backlog, providerBacklog }));
    expect(drained).toBe(true);
    expect(providerBacklog.calls).toBe(3);
    expect(backlog.calls).toBe(2);
  });

  it('stops waiting on a provider it cannot read', async () => {
    const backlog = reader([0]);
    const providerBacklog = reader([null]);
    await drain(settledRun({ backlog, providerBacklog }));
    expect([providerBacklog.calls, backlog.calls]).toEqual([1, 1]);
  });
});
