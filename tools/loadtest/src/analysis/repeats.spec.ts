import { describe, expect, it } from 'vitest';
import type { Threshold, VariantResult } from '../result/index.js';
import { runResult } from '../testing/run-result.js';
import { judgeOnMedian, judgeThresholds, medianRepeats } from './repeats.js';

const ACCEPT: Threshold = { metric: 'accepted.p99', max: 10, variants: ['async'] };

const seedAsync = runResult.scenarios[0]!.variants.find((v) => v.variant === 'async')!;

/** The fixture's async run as repeat `repeat`, with its accepted p99 set. */
function repeat(
  n: number,
  p99: number,
  variant: VariantResult['variant'] = 'async',
): VariantResult {
  return { ...seedAsync, variant, repeat: n, accepted: { ...seedAsync.accepted, p99 } };
}

describe('a threshold judged on the median over the repeats', () => {
  it('passes with one outlier repeat that alone would fail', () => {
    const outcome = judgeOnMedian(ACCEPT, 'async', [4.6, 12.6, 5.1]);
    expect(outcome).toMatchObject({
      variant: 'async',
      metric: 'accepted.p99',
      max: 10,
      value: 5.1,
      passed: true,
      repeats: { values: [4.6, 12.6, 5.1], min: 4.6, max: 12.6 },
    });
    // The outlier alone, as one run was judged before: failed.
    expect(judgeOnMedian(ACCEPT, 'async', [12.6]).passed).toBe(false);
  });

  it('fails when two of three repeats fail', () => {
    const outcome = judgeOnMedian(ACCEPT, 'async', [12.1, 4.8, 10.5]);
    expect(outcome.value).toBe(10.5);
    expect(outcome.passed).toBe(false);
    expect(outcome.repeats).toEqual({ values: [12.1, 4.8, 10.5], min: 4.8, max: 12.1 });
  });

  it('takes the mean of the middle two of an even count', () => {
    // 6 and 9 → 7.5: passes; 9 and 12 → 10.5: fails, though half the repeats passed.
    expect(judgeOnMedian(ACCEPT, 'async', [4, 30, 6, 9])).toMatchObject({
      value: 7.5,
      passed: true,
      repeats: { min: 4, max: 30 },
    });
    expect(judgeOnMedian(ACCEPT, 'async', [4, 12, 9, 30])).toMatchObject({
      value: 10.5,
      passed: false,
    });
  });

  it('holds at exactly the limit', () => {
    expect(judgeOnMedian(ACCEPT, 'async', [10, 9, 11]).passed).toBe(true);
  });

  it('gives one outcome per variant, over its repeats in the order they ran', () => {
    const runs = [repeat(1, 4.6), repeat(1, 3700, 'sync'), repeat(2, 12.6), repeat(3, 5.1)];
    const outcomes = judgeThresholds([ACCEPT, { metric: 'accepted.p99', max: 4000 }], runs);
    expect(outcomes.map((o) => [o.variant, o.value, o.repeats?.values])).toEqual([
      ['async', 5.1, [4.6, 12.6, 5.1]],
      ['async', 5.1, [4.6, 12.6, 5.1]],
      ['sync', 3700, [3700]],
    ]);
    expect(outcomes.every((o) => o.passed)).toBe(true);
  });
});

describe('the median repeat', () => {
  it('is the repeat whose metric is the median, the lower middle one of an even count', () => {
    const runs = [repeat(1, 4.6), repeat(2, 12.6), repeat(3, 5.1), repeat(1, 3700, 'sync')];
    expect(medianRepeats(runs, 'accepted.p99')).toEqual([
      { variant: 'async', repeat: 3, of: 3, metric: 'accepted.p99' },
    ]);
    const even = [repeat(1, 9), repeat(2, 4), repeat(3, 30), repeat(4, 6)];
    expect(medianRepeats(even, 'accepted.p99')[0]!.repeat).toBe(4);
    expect(medianRepeats([repeat(1, 5)], 'accepted.p99')).toEqual([]);
  });
});
