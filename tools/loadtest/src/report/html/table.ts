/**
 * Tables for the HTML report. Cells take text, never markup, so every value
 * from the result is escaped in one place.
 */
import type { ChartSpec } from './chart-spec.js';
import { escapeHtml } from './escape.js';

export interface Cell {
  readonly text: string;
  /** CSS classes: `num` right-aligns, `bad`/`good` color, `win` bolds. */
  readonly className?: string;
  /** Tooltip, e.g. the full breakdown behind a count. */
  readonly title?: string;
}

export type CellLike = Cell | string;

/** A right-aligned number cell, optionally with more classes. */
export function num(text: string, ...classes: string[]): Cell {
  return { text, className: ['num', ...classes].filter(Boolean).join(' ') };
}

function cellHtml(tag: 'td' | 'th', cell: CellLike): string {
  const c = typeof cell === 'string' ? { text: cell } : cell;
  const cls = c.className ? ` class="${escapeHtml(c.className)}"` : '';
  const title = c.title ? ` title="${escapeHtml(c.title)}"` : '';
  return `<${tag}${cls}${title}>${escapeHtml(c.text)}</${tag}>`;
}

/**
 * A table with one header row. `rowClass` marks whole rows (a failed
 * threshold). Wrapped in a scroller so a wide table never widens the page.
 */
export function htmlTable(
  head: readonly CellLike[],
  rows: readonly (readonly CellLike[])[],
  options: {
    readonly rowClass?: (index: number) => string | undefined;
    /** `compact`: only as wide as its content, for tables with few columns. */
    readonly className?: string;
  } = {},
): string {
  const rowClass = options.rowClass ?? (() => undefined);
  const tableClass = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  const thead = `<thead><tr>${head.map((c) => cellHtml('th', c)).join('')}</tr></thead>`;
  const tbody = rows
    .map((row, i) => {
      const cls = rowClass(i);
      const attr = cls ? ` class="${escapeHtml(cls)}"` : '';
      return `<tr${attr}>${row.map((c) => cellHtml('td', c)).join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-scroll"><table${tableClass}>${thead}<tbody>\n${tbody}\n</tbody></table></div>`;
}

/** A bulleted list of plain-text items; empty string when there are none. */
export function htmlList(items: readonly string[], className = 'plain'): string {
  if (items.length === 0) return '';
  return `<ul class="${escapeHtml(className)}">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}

/** The chart cards of a section; their plots are drawn by the page's script from the specs. */
export function chartsBlock(
  charts: readonly ChartSpec[],
  firstIndex: number,
  whenNone: string,
): string {
  if (charts.length === 0) return `<p class="muted">${escapeHtml(whenNone)}</p>`;
  const cards = charts.map(
    (c, i) =>
      `<div class="chart"><h4>${escapeHtml(c.title)}</h4><div class="plot" id="chart-${firstIndex + i}"></div>` +
      `<p class="caption">${escapeHtml(c.caption)}</p></div>`,
  );
  return `<div class="charts">${cards.join('\n')}</div>`;
}

/** A scenario's passed/failed badge. */
export function passBadge(passed: boolean): string {
  return passed
    ? '<span class="badge pass">passed</span>'
    : '<span class="badge fail">failed</span>';
}

/** A scenario's notes as a callout; nothing without notes. */
export function notesCallout(notes: readonly string[]): string {
  return notes.length ? `<div class="callout"><strong>Notes</strong>${htmlList(notes)}</div>` : '';
}
