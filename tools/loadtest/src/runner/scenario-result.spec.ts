import { describe, expect, it } from 'vitest';
import { BREAKER, seedRuns } from '../testing/promise-runs.js';
import { PROMISE_COUNTS, type VariantRun } from '../result/index.js';
import { scenarioResult } from './scenario-result.js';
import { defaultSuite } from '../scenario/default-suite.js';
import type { Scenario } from '../scenario/types.js';

const seed: Scenario = defaultSuite(false).find((s) => s.name === 'seed-checkout')!;
const judge = (runs: readonly VariantRun[]) =>
  scenarioResult(seed, runs, { faults: [], notes: [] });

describe('a scenario judged by the runner', () => {
  it('passes when every promise is kept and every threshold holds', () => {
    const result = judge(seedRuns());
    expect(result.thresholds.length).toBeGreaterThan(0);
    expect(result.promises).toEqual({ kept: true, broken: [], unaccounted: 0 });
    expect(result.passed).toBe(true);
    // Every run carries its judgement, as report.json stores it.
    expect(result.variants.map((v) => v.promises?.kept)).toEqual([true, true, true]);
  });

  it.each(PROMISE_COUNTS)('fails when only %s is 1', (count) => {
    const result = judge(seedRuns({ count }));
    expect(result.thresholds.every((t) => t.passed)).toBe(true);
    expect(result.passed).toBe(false);
    expect(result.promises).toEqual({
      kept: false,
      broken: [{ count, value: 1 }],
      unaccounted: 0,
    });
    expect(result.variants.find((v) => v.variant === BREAKER)!.promises).toEqual({
      kept: false,
      broken: [{ count, value: 1 }],
      unaccounted: 0,
    });
  });

  it('fails a run without an accounting, and says why', () => {
    const result = judge(seedRuns('no accounting'));
    expect(result.passed).toBe(false);
    expect(result.promises).toMatchObject({ kept: false, unaccounted: 1 });
    expect(result.notes).toContain(
      'hybrid has no accounting (its reconcile failed): its promises are not counted as kept.',
    );
  });

  it('fails a promise broken in one repeat of three', () => {
    const result = judge(seedRuns({ count: 'leakedReservations', value: 4 }, 3));
    expect(result.passed).toBe(false);
    expect(result.promises?.broken).toEqual([{ count: 'leakedReservations', value: 4 }]);
  });

  it('judges each threshold once per variant on the median of its repeats', () => {
    const runs = seedRuns(undefined, 3).map((r) =>
      r.variant === 'async'
        ? { ...r, accepted: { ...r.accepted, p99: [4.6, 12.6, 5.1][r.repeat - 1]! } }
        : r,
    );
    const result = judge(runs);
    const accept = result.thresholds.filter((t) => t.variant === 'async');
    expect(accept).toHaveLength(1);
    expect(accept[0]).toMatchObject({
      metric: 'accepted.p99',
      value: 5.1,
      passed: true,
      repeats: { values: [4.6, 12.6, 5.1], min: 4.6, max: 12.6 },
    });
    expect(result.passed).toBe(true);
    // The charts' run of each variant: async's median repeat by the first threshold's metric.
    expect(result.medianRepeats).toContainEqual({
      variant: 'async',
      repeat: 3,
      of: 3,
      metric: 'accepted.p99',
    });
  });
});
