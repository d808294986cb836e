/**
 * A threshold's outcome in words, for both printers: its value (the median
 * over the repeats when there were several), the limit, and the repeats'
 * spread beside the median.
 */
import type { ThresholdOutcome } from '../../result/index.js';
import { formatMetric } from './format.js';

/** Whether the threshold was judged on the median of several repeats. */
export function overRepeats(t: ThresholdOutcome): boolean {
  return (t.repeats?.values.length ?? 0) > 1;
}

/** "median of 3 repeats (4.6, 5.1 and 12.6 ms): min 4.6 ms, max 12.6 ms"; empty with one repeat. */
export function repeatsText(t: ThresholdOutcome): string {
  if (!overRepeats(t)) return '';
  const { values, min, max } = t.repeats!;
  const each = values.map((v) => formatMetric(t.metric, v));
  const list = `${each.slice(0, -1).join(', ')} and ${each.at(-1)}`;
  return `median of ${values.length} repeats (${list}): min ${formatMetric(t.metric, min)}, max ${formatMetric(t.metric, max)}`;
}

/** "sync: errorRate 29.4 % > max 1 %", with the repeats' spread when it was a median. */
export function thresholdLine(t: ThresholdOutcome): string {
  const op = t.passed ? '≤' : '>';
  const spread = repeatsText(t);
  return `${t.variant}: ${t.metric} ${formatMetric(t.metric, t.value)} ${op} max ${formatMetric(t.metric, t.max)}${spread ? `, the ${spread}` : ''}`;
}
