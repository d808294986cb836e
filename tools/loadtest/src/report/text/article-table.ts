/**
 * The source article's table in words, for both printers, from the rows the
 * runner measured (analysis/article-table.ts).
 */
import type { ArticleFigure, ArticleRow } from '../../result/index.js';
import { formatDeviation, formatMs, MISSING } from './format.js';

const FIGURE_TEXT: Readonly<Record<ArticleFigure, string>> = {
  sequence: 'all seven steps in sequence (sync, completed p50)',
  'critical-path': 'critical path only (hybrid, accepted p50)',
  'async-accept': 'async accept (accepted p99)',
  'webhook-pending': 'payment pending: the first three steps (hybrid-webhook, accepted p50)',
};

/** One row of the table, formatted. */
export interface ArticleRowText {
  readonly figure: string;
  readonly expected: string;
  /** Measured value, formatted, "(median of 3)" with repeats; "–" when the variant did not run. */
  readonly measured: string;
  /** Signed deviation from the expected figure, "–" when it is a bound, not a figure. */
  readonly deviation: string;
  /** Null when not measured. */
  readonly reproduced: boolean | null;
}

function expectedText(expected: ArticleRow['expected']): string {
  if ('belowMs' in expected) return `milliseconds (<${expected.belowMs} ms)`;
  const figure =
    expected.timeScale === 1
      ? formatMs(expected.ms)
      : `${formatMs(expected.ms)} × ${expected.timeScale} = ${formatMs(expected.scaledMs)}`;
  return expected.plusAtMostMs === undefined
    ? figure
    : `${figure} + at most ${formatMs(expected.plusAtMostMs)}`;
}

export function articleRowText(row: ArticleRow): ArticleRowText {
  const ms = row.measuredMs;
  return {
    figure: FIGURE_TEXT[row.figure],
    expected: expectedText(row.expected),
    measured:
      ms === null
        ? MISSING
        : row.runs > 1
          ? `${formatMs(ms)} (median of ${row.runs})`
          : formatMs(ms),
    deviation: row.deviation === null ? MISSING : formatDeviation(row.deviation),
    reproduced: row.reproduced,
  };
}

/** ✓ reproduced, ✗ not, – not measured. */
export function reproducedMark(row: Pick<ArticleRow, 'reproduced'>): string {
  return row.reproduced == null ? MISSING : row.reproduced ? '✓' : '✗';
}
