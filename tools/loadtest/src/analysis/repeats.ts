/**
 * A threshold is judged on the median over a variant's repeats (alternated
 * runs, each on a fresh stack), so one repeat that a shared machine's noise
 * slowed cannot fail it alone, and two out of three can; min and max travel
 * with it so the spread is shown, never hidden.
 */
import type { MedianRepeat, Threshold, ThresholdOutcome, VariantRun } from '../result/index.js';
import { groupByVariant, median } from './groups.js';

/** A metric of one run: "accepted.p99", "completed.p50", "sendLag.max", or "errorRate". */
export function metricOf(run: VariantRun, metric: string): number {
  if (metric === 'errorRate')
    return run.answered
      ? Object.values(run.errorsByReason).reduce((a, b) => a + b, 0) / run.answered
      : 0;
  const [group, key] = metric.split('.') as [
    'accepted' | 'completed' | 'sendLag',
    keyof VariantRun['accepted'],
  ];
  return run[group][key];
}

/** One threshold for one variant, judged on the median of its repeats' values. */
export function judgeOnMedian(
  threshold: Threshold,
  variant: VariantRun['variant'],
  values: readonly number[],
): ThresholdOutcome {
  const value = median(values);
  if (value === null) throw new Error(`no run of ${variant} to judge ${threshold.metric} on`);
  return {
    ...threshold,
    variant,
    value,
    repeats: { values: [...values], min: Math.min(...values), max: Math.max(...values) },
    passed: value <= threshold.max,
  };
}

/** Every threshold of a scenario for every variant it covers: one outcome per variant. */
export function judgeThresholds(
  thresholds: readonly Threshold[],
  runs: readonly VariantRun[],
): ThresholdOutcome[] {
  const groups = groupByVariant(runs);
  return thresholds.flatMap((t) =>
    [...groups]
      .filter(([variant]) => !t.variants || t.variants.includes(variant))
      .map(([variant, repeats]) =>
        judgeOnMedian(
          t,
          variant,
          repeats.map((r) => metricOf(r, t.metric)),
        ),
      ),
  );
}

/** What picks a variant's median repeat: the metric the scenario is judged on first, else the tail of completion. */
export function medianRepeatMetric(thresholds: readonly Threshold[]): string {
  return thresholds[0]?.metric ?? 'completed.p99';
}

/**
 * Each repeated variant's median repeat by `metric`: a real run to draw and
 * check (a per-second timeline or Little's law has no median over runs). With
 * an even count, the lower of the two middle ones. Empty when nothing repeated.
 */
export function medianRepeats(runs: readonly VariantRun[], metric: string): MedianRepeat[] {
  return [...groupByVariant(runs)]
    .filter(([, repeats]) => repeats.length > 1)
    .map(([variant, repeats]) => {
      const sorted = [...repeats].sort((a, b) => metricOf(a, metric) - metricOf(b, metric));
      const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
      return { variant, repeat: middle.repeat, of: repeats.length, metric };
    });
}
