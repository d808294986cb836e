/**
 * The source article's table, held against the `seed-checkout` scenario: the
 * seed profile runs the article's exact step delays, so its figures must come
 * back within {@link REPRODUCED_WITHIN}.
 */
import type { RunResult, ScenarioResult, VariantResult } from '../../result/index.js';
import { formatDeviation, formatMs, MISSING } from './format.js';
import { medianOf, type VariantName } from './variant-groups.js';

export const SEED_SCENARIO = 'seed-checkout';
/** ±2 % of the article's figure counts as reproduced. */
export const REPRODUCED_WITHIN = 0.02;
/** "Milliseconds" in the article: an accept this fast means no work was waited for. */
export const MILLISECONDS_BELOW_MS = 10;

const SEQUENCE_MS = 3650;
const PERCENT = 100;
/** As formatDeviation prints it. */
const DEVIATION_DECIMALS = 2;
const CRITICAL_PATH_MS = 2450;

export interface ArticleRow {
  readonly figure: string;
  readonly expected: string;
  /** Measured value, formatted, "(median of 3)" with repeats; "–" when the variant did not run. */
  readonly measured: string;
  /** Signed deviation from the expected figure, "–" when it is a bound, not a figure. */
  readonly deviation: string;
  /** Null when not measured. */
  readonly reproduced: boolean | null;
}

interface Expectation {
  readonly figure: string;
  readonly variant: VariantName;
  readonly pick: (r: VariantResult) => number | null;
  /** A figure to be within ±2 % of, or an upper bound. */
  readonly expected: { readonly ms: number } | { readonly belowMs: number; readonly text: string };
}

const EXPECTATIONS: readonly Expectation[] = [
  {
    figure: 'all seven steps in sequence (sync, completed p50)',
    variant: 'sync',
    pick: (r) => (r.completed.count > 0 ? r.completed.p50 : null),
    expected: { ms: SEQUENCE_MS },
  },
  {
    figure: 'critical path only (hybrid, accepted p50)',
    variant: 'hybrid',
    pick: (r) => (r.accepted.count > 0 ? r.accepted.p50 : null),
    expected: { ms: CRITICAL_PATH_MS },
  },
  {
    figure: 'async accept (accepted p99)',
    variant: 'async',
    pick: (r) => (r.accepted.count > 0 ? r.accepted.p99 : null),
    expected: {
      belowMs: MILLISECONDS_BELOW_MS,
      text: `milliseconds (<${MILLISECONDS_BELOW_MS} ms)`,
    },
  },
];

/**
 * Judged on the deviation as printed (two decimals of a percent), so the mark
 * never contradicts the number beside it: "-2.00 %" is ✓ even when floating
 * point makes it -2.0000000001 %.
 */
function withinShown(deviation: number): boolean {
  const shown = Number((Math.abs(deviation) * PERCENT).toFixed(DEVIATION_DECIMALS));
  return shown <= REPRODUCED_WITHIN * PERCENT;
}

function rowFor(expectation: Expectation, scenario: ScenarioResult): ArticleRow {
  const runs = scenario.variants.filter((r) => r.variant === expectation.variant);
  // With repeats, the median over them, as the thresholds are judged: one slow repeat cannot move it.
  const value = medianOf(runs, expectation.pick);
  const measured = (ms: number) =>
    runs.length > 1 ? `${formatMs(ms)} (median of ${runs.length})` : formatMs(ms);
  const { expected } = expectation;
  // The article's figures are for time scale 1; a scaled run (--quick) is held to the scaled figure.
  const scale = scenario.timeScale;
  const expectedMs = 'ms' in expected ? expected.ms * scale : 0;
  const expectedText =
    'ms' in expected
      ? scale === 1
        ? formatMs(expected.ms)
        : `${formatMs(expected.ms)} × ${scale} = ${formatMs(expectedMs)}`
      : expected.text;
  if (value == null) {
    return {
      figure: expectation.figure,
      expected: expectedText,
      measured: MISSING,
      deviation: MISSING,
      reproduced: null,
    };
  }
  if ('ms' in expected) {
    const deviation = (value - expectedMs) / expectedMs;
    return {
      figure: expectation.figure,
      expected: expectedText,
      measured: measured(value),
      deviation: formatDeviation(deviation),
      reproduced: withinShown(deviation),
    };
  }
  return {
    figure: expectation.figure,
    expected: expectedText,
    measured: measured(value),
    deviation: MISSING,
    reproduced: value < expected.belowMs,
  };
}

/** The article's rows measured in this run; null when the run has no seed-checkout scenario. */
export function articleTable(result: RunResult): readonly ArticleRow[] | null {
  const seed = result.scenarios.find((s) => s.name === SEED_SCENARIO);
  return seed ? EXPECTATIONS.map((e) => rowFor(e, seed)) : null;
}

/** ✓ reproduced, ✗ not, – not measured. */
export function reproducedMark(row: ArticleRow): string {
  return row.reproduced == null ? MISSING : row.reproduced ? '✓' : '✗';
}
