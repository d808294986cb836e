import { describe, expect, it } from 'vitest';
import { repeatedScenario } from '../../testing/repeats-run.js';
import { HOSTILE, runResult } from '../../testing/run-result.js';
import { withVariant } from '../../testing/variations.js';
import { chartsFor } from './chart-data.js';

describe('chartsFor', () => {
  it('shades executed faults, planned ones and the warm-up on the time charts', () => {
    const [outageLatency] = chartsFor(runResult.scenarios[1]!);
    expect(outageLatency!.shades).toEqual([
      { from: 0, to: 2.5, kind: 'warmup', label: ['warm-up'] },
      { from: 8.1, to: 13.2, kind: 'fault', label: ['crash', 'notification'] },
      { from: 15, to: 18, kind: 'planned', label: ['broker-down', `redis ${HOSTILE}`] },
    ]);
  });

  it('leaves the backlog chart out when no variant sampled a backlog', () => {
    const noBacklog = ['async', 'hybrid'].reduce(
      (r, v) =>
        withVariant(r, 'seed-checkout', v as 'async', (x) => {
          x.timeline = x.timeline.map((p) => ({ ...p, backlog: null }));
        }),
      runResult,
    );
    const titles = chartsFor(noBacklog.scenarios[0]!).map((c) => c.title);
    expect(titles).not.toContain('Backlog depth over time');
    expect(titles).toHaveLength(3);
  });

  it("draws each variant's median repeat of a repeated scenario", () => {
    const labels = chartsFor(repeatedScenario)[0]!.series.map((s) => s.label);
    // async's median accept p99 is repeat 3 (5.1 ms); sync's and hybrid's are equal: the middle one.
    expect(labels).toEqual([
      'sync #2 accepted',
      'sync #2 completed',
      'async #3 accepted',
      'async #3 completed',
      'hybrid #2 accepted',
      'hybrid #2 completed',
    ]);
  });
});
