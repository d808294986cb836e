/**
 * The crossover scenario's section of the HTML report: the verdict, the grid
 * of which is better where (coloured by the winner), a chart per payment
 * latency, every cell's figures and the accounting over all cells.
 */
import type { ScenarioResult } from '../../result/index.js';
import type { ChartSpec } from './chart-spec.js';
import { crossoverCharts } from './crossover-chart.js';
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
import { escapeHtml } from './escape.js';
import { chartsBlock, htmlTable, notesCallout, num, passBadge } from './table.js';

function gridCellHtml(cell: GridCell | null): string {
  if (!cell) return '<td class="xo xo-none">not run</td>';
  const kind = cell.better === null ? 'none' : cell.better;
  return (
    `<td class="xo xo-${escapeHtml(kind)}"><strong>${escapeHtml(cell.headline)}</strong>` +
    `<span>${escapeHtml(cell.detail)}</span><span class="muted">${escapeHtml(cell.inFlight)}</span></td>`
  );
}

function grid(scenario: ScenarioResult): string {
  const { rates, rows } = gridRows(scenario.crossover!);
  const head = `<thead><tr><th>payment latency ↓ · arrival rate →</th>${rates.map((r) => `<th class="num">${escapeHtml(r)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map(
      (row) =>
        `<tr><th scope="row">${escapeHtml(row.latency)}</th>${row.cells.map(gridCellHtml).join('')}</tr>`,
    )
    .join('\n');
  const key =
    '<p class="xo-key"><span class="xo-sync">sync better</span><span class="xo-async">async better</span><span class="xo-tie">even</span></p>';
  return (
    `<div class="table-scroll"><table class="xo-grid">${head}<tbody>\n${body}\n</tbody></table></div>${key}` +
    `<p class="muted">${escapeHtml(GRID_CAPTION)} ${escapeHtml(crossoverRuleText(scenario.crossover!.rule))}</p>`
  );
}

function figuresTable(scenario: ScenarioResult): string {
  const rows = figuresRows(scenario.crossover!);
  if (rows.length === 0) return '<p class="muted">No cells ran.</p>';
  const table = htmlTable(
    FIGURES_HEADERS.map((h, i) => (i === 2 || (i >= 4 && i <= 8) ? num(h) : h)),
    rows.map((r) => [
      r.latency,
      r.rate,
      num(r.inFlight),
      { text: r.variant, className: r.better ? 'winner' : '' },
      num(r.answeredP50),
      num(r.answeredP99),
      num(r.doneP50),
      num(r.doneP99, r.better ? 'win' : ''),
      num(r.notDone, r.never ? 'bad' : ''),
      r.errors,
    ]),
    { className: 'compact' },
  );
  return `${table}<p class="muted">${escapeHtml(FIGURES_CAPTION)}</p>`;
}

function booksTable(scenario: ScenarioResult): string {
  const books = crossoverBooks(scenario.crossover!);
  if (books.length === 0) return '<p class="muted">No accounting recorded.</p>';
  return htmlTable(
    BOOKS_HEADERS.map((h, i) => (i === 0 || i === BOOKS_HEADERS.length - 1 ? h : num(h))),
    books.map((b) => [
      { text: b.variant, className: 'winner' },
      num(formatCount(b.cells)),
      num(b.accepted),
      num(b.confirmed),
      num(b.failed),
      ...b.counts.map((c) => num(formatCount(c.value), c.value > 0 ? 'bad' : '')),
      { text: b.promises, className: b.broke ? 'bad' : 'good' },
    ]),
    { className: 'compact' },
  );
}

/**
 * The section of a crossover scenario, and its charts' specs for the page's
 * JSON block; `firstChart` numbers the chart containers across the page.
 */
export function crossoverSection(
  scenario: ScenarioResult,
  index: number,
  firstChart: number,
): { html: string; charts: ChartSpec[] } {
  const charts = crossoverCharts(scenario);
  const badge = passBadge(scenario.passed);
  const notes = notesCallout(scenario.notes);
  const boundary = boundaryText(scenario.crossover!.verdict);
  const html = [
    `<section class="scenario" id="scenario-${index + 1}">`,
    `<div class="title"><h2>${escapeHtml(scenario.name)}</h2>${badge}</div>`,
    scenario.description ? `<p class="description">${escapeHtml(scenario.description)}</p>` : '',
    `<p class="muted">${escapeHtml(crossoverWorkloadLine(scenario))}</p>`,
    notes,
    `<h3>Verdict</h3><p class="verdict">${escapeHtml(crossoverVerdictText(scenario.crossover!))}</p>`,
    boundary ? `<p class="muted">${escapeHtml(boundary)}</p>` : '',
    `<h3>Which is better, per cell</h3>${grid(scenario)}`,
    `<h3>Charts</h3>${chartsBlock(charts, firstChart, 'No cells ran: nothing to chart.')}`,
    `<h3>Every cell</h3>${figuresTable(scenario)}`,
    `<h3>Accounting: nothing lost?</h3>${booksTable(scenario)}`,
    '</section>',
  ];
  return { html: html.filter(Boolean).join('\n'), charts };
}
