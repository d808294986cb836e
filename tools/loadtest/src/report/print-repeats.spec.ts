import { describe, expect, it } from 'vitest';
import type { RunResult, VariantResult } from '../result/index.js';
import { scenarioResult } from '../runner/scenario-result.js';
import { defaultSuite } from '../scenario/default-suite.js';
import { chartsFor } from './html/chart-data.js';
import { seedRuns } from '../testing/promise-runs.js';
import { runResult } from '../testing/run-result.js';
import { printHtml } from './html/print-html.js';
import { printMarkdown } from './markdown/print-markdown.js';

const seed = defaultSuite(false).find((s) => s.name === 'seed-checkout')!;

/** Three repeats of the seed scenario; async's accept p99 4.6, 12.6 (an outlier) and 5.1 ms. */
const ACCEPT_P99 = [4.6, 12.6, 5.1];
const runs: VariantResult[] = seedRuns(undefined, 3).map((r) =>
  r.variant === 'async'
    ? { ...r, accepted: { ...r.accepted, p99: ACCEPT_P99[r.repeat - 1]! } }
    : r.variant === 'sync'
      ? { ...r, completed: { ...r.completed, p50: [3690, 3670, 3680][r.repeat - 1]! } }
      : r,
);
const scenario = scenarioResult(seed, runs, { faults: [], notes: [] });
const result: RunResult = { ...runResult, scenarios: [scenario], passed: scenario.passed };

describe('a scenario of three repeats in the reports', () => {
  const html = printHtml(result);
  const markdown = printMarkdown(result);

  it('passes on the median though one repeat alone would have failed', () => {
    expect(scenario.passed).toBe(true);
    expect(markdown).toContain('## seed-checkout: ✅ passed');
  });

  it('shows each threshold as the median beside its min, max and every repeat, in HTML', () => {
    expect(html).toContain(
      '<th>variant</th><th>metric</th><th class="num">median</th><th class="num">min</th><th class="num">max</th><th>each repeat</th><th class="num">limit</th><th>outcome</th>',
    );
    expect(html).toContain(
      '<td>async</td><td>accepted.p99</td><td class="num win">5.1 ms</td><td class="num">4.6 ms</td><td class="num">12.6 ms</td><td>4.6 ms · 12.6 ms · 5.1 ms</td><td class="num">10 ms</td><td class="good">passed</td>',
    );
    expect(html).toContain('Judged on the median over the repeats');
  });

  it('and in Markdown', () => {
    expect(markdown).toContain('### Thresholds over repeats');
    expect(markdown).toContain(
      '| async | accepted.p99 | 5.1 ms | 4.6 ms | 12.6 ms | 4.6 ms · 12.6 ms · 5.1 ms | 10 ms | ✅ |',
    );
  });

  it("says the article's figures are medians of the repeats", () => {
    expect(markdown).toContain(
      '| all seven steps in sequence (sync, completed p50) | 3.65 s | 3.68 s (median of 3) | +0.82 % | ✓ |',
    );
    expect(markdown).toContain(
      '| async accept (accepted p99) | milliseconds (&lt;10 ms) | 5.1 ms (median of 3) |',
    );
  });

  it('says what the verdict values are', () => {
    expect(markdown).toContain("Each value is the median over the variant's 3 repeats");
    expect(html).toContain('Each value is the median over the variant&#39;s 3 repeats');
  });

  it("draws and checks Little's law on each variant's median repeat, and says so", () => {
    const labels = chartsFor(scenario)[0]!.series.map((s) => s.label);
    // async's median accept p99 is repeat 3 (5.1 ms); sync's and hybrid's are equal: the middle one.
    expect(labels).toEqual([
      'sync #2 accepted',
      'sync #2 completed',
      'async #3 accepted',
      'async #3 completed',
      'hybrid #2 accepted',
      'hybrid #2 completed',
    ]);
    const note =
      "Charts and Little's law show each variant's median repeat by accepted.p99 of its 3 (sync #2, async #3, hybrid #2)";
    expect(markdown).toContain(note);
    expect(html).toContain(note.replace(/'/g, '&#39;'));
    expect(markdown.match(/^- async #\d: mean in flight/gm)).toEqual([
      '- async #3: mean in flight',
    ]);
    // The summary keeps every repeat.
    expect(markdown.match(/^\| async #\d \|.*\| kept \|$/gm)).toHaveLength(3);
  });
});
