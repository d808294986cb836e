/**
 * The crossover scenario in report.md: the verdict, the grid of which is
 * better where, every cell's figures and the accounting over all cells.
 */
import type { CrossoverResult, ScenarioResult } from '../../result/index.js';
import {
  BOOKS_HEADERS,
  crossoverBooks,
  crossoverRuleText,
  crossoverWorkloadLine,
  FIGURES_CAPTION,
  FIGURES_HEADERS,
  figuresRows,
  GRID_CAPTION,
  gridRows,
  type GridCell,
} from '../text/crossover-text.js';
import { boundaryText, crossoverVerdictText } from '../text/crossover-verdict-text.js';
import { formatCount } from '../text/format.js';
import { md, table } from './syntax.js';
import { passIcon, passMark } from '../text/report-text.js';

function gridCell(cell: GridCell | null): string {
  if (!cell) return 'not run';
  const headline =
    cell.better === 'sync' || cell.better === 'async'
      ? `**${md(cell.headline)}**`
      : md(cell.headline);
  return `${headline} · ${md(cell.detail)} · ${md(cell.inFlight)}`;
}

/** Which is better in each cell, a row per payment latency. */
function gridTable(x: CrossoverResult): string {
  const { rates, rows } = gridRows(x);
  return [
    '### Which is better, per cell',
    table(
      ['payment latency ↓ · rate →', ...rates.map(md)],
      ['l', ...rates.map(() => 'l' as const)],
      rows.map((r) => [md(r.latency), ...r.cells.map(gridCell)]),
    ),
    md(`${GRID_CAPTION} ${crossoverRuleText(x.rule)}`),
  ].join('\n\n');
}

/** Every variant's figures in every cell; null when no cell ran. */
function figuresTable(x: CrossoverResult): string | null {
  const figures = figuresRows(x);
  return figures.length
    ? [
        '### Every cell',
        table(
          [...FIGURES_HEADERS],
          ['r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
          figures.map((f) => [
            f.latency,
            f.rate,
            f.inFlight,
            f.better ? `**${md(f.variant)}**` : md(f.variant),
            f.answeredP50,
            f.answeredP99,
            md(f.doneP50),
            md(f.doneP99),
            f.notDone,
            md(f.errors),
          ]),
        ),
        md(FIGURES_CAPTION),
      ].join('\n\n')
    : null;
}

/** The accounting over every cell, per variant; null when none was recorded. */
function booksTable(x: CrossoverResult): string | null {
  const books = crossoverBooks(x);
  return books.length
    ? [
        '### Accounting over every cell',
        table(
          [...BOOKS_HEADERS],
          BOOKS_HEADERS.map((_, i) => (i === 0 || i === BOOKS_HEADERS.length - 1 ? 'l' : 'r')),
          books.map((b) => [
            md(b.variant),
            formatCount(b.cells),
            b.accepted,
            b.confirmed,
            b.failed,
            ...b.counts.map((c) =>
              c.value > 0 ? `${passIcon(false)} ${formatCount(c.value)}` : formatCount(c.value),
            ),
            b.broke ? `${passIcon(false)} ${md(b.promises)}` : md(b.promises),
          ]),
        ),
      ].join('\n\n')
    : null;
}

export function crossoverMarkdown(scenario: ScenarioResult): string {
  const x = scenario.crossover!;
  const parts = [
    `## ${md(scenario.name)}: ${passMark(scenario.passed)}`,
    scenario.description ? md(scenario.description) : null,
    `*${md(crossoverWorkloadLine(scenario))}*`,
    `### Verdict\n\n${md(crossoverVerdictText(x))}`,
    boundaryText(x.verdict) ? md(boundaryText(x.verdict)!) : null,
    gridTable(x),
    figuresTable(x),
    booksTable(x),
    scenario.notes.length
      ? `### Notes\n\n${scenario.notes.map((n) => `- ${md(n)}`).join('\n')}`
      : null,
  ];
  return parts.filter((p): p is string => p !== null).join('\n\n');
}
