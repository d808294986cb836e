/**
 * "Where the time went" in Markdown: per variant, the median and the p99
 * order's critical path by kind, the sum check, and the order's timeline in
 * steps; then what tracing cost an answer.
 */
import type { ScenarioResult } from '../../result/index.js';
import { formatMs } from '../text/format.js';
import {
  overheadRows,
  pickLabel,
  sumCheckLine,
  timelineLine,
  tracingCaption,
  tracingNotes,
  waterfallsOf,
} from '../text/tracing-text.js';
import { md, table } from './syntax.js';

export function tracingSection(scenario: ScenarioResult): string | null {
  if (!scenario.tracing) return null;
  const waterfalls = waterfallsOf(scenario);
  const parts = table(
    [
      'variant',
      'order',
      'completed',
      'provider',
      "stack's own",
      'at work',
      'hops',
      'queue waits',
      'between spans',
      'sum check',
    ],
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    waterfalls.map(([v, w]) => [
      md(v.variant),
      pickLabel(w),
      formatMs(w.completedMs),
      formatMs(w.totals.providerMs),
      formatMs(w.totals.stackMs),
      formatMs(w.totals.processingMs),
      formatMs(w.totals.hopMs),
      formatMs(w.totals.queueMs),
      formatMs(w.totals.untracedMs),
      `${w.sumHolds ? '✅' : '❌'} ${md(sumCheckLine(w))}`,
    ]),
  );
  const timelines = waterfalls.map(
    ([v, w]) => `- ${md(`${v.variant}, ${pickLabel(w)}`)}: ${md(timelineLine(w.path))}`,
  );
  const overhead = table(
    ['variant', 'accepted p50, untraced', 'accepted p50, traced', 'difference', 'change'],
    ['l', 'r', 'r', 'r', 'r'],
    overheadRows(scenario).map((r) => [md(r.variant), r.untraced, r.traced, r.delta, r.change]),
  );
  const caption = tracingCaption(scenario);
  const notes = tracingNotes(scenario);
  return [
    '**Where the time went**',
    caption ? `*${md(caption)}*` : null,
    waterfalls.length ? parts : 'No traced order to draw.',
    timelines.length
      ? `<details><summary>Each order's timeline</summary>\n\n${timelines.join('\n')}\n\n</details>`
      : null,
    notes.length ? notes.map((n) => `- ${md(n)}`).join('\n') : null,
    '**What tracing costs an answer**',
    overhead,
  ]
    .filter((p): p is string => p !== null)
    .join('\n\n');
}
