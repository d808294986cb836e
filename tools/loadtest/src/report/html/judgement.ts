/**
 * The HTML report's judgement of a scenario: its accounting with every
 * promise count (broken ones in red, and the orders behind them) and its
 * thresholds, with the spread of the repeats a median was judged on.
 */
import {
  PROMISE_COUNTS,
  type Accounting,
  type ScenarioResult,
  type ThresholdOutcome,
} from '../../result/index.js';
import { promiseLabel } from '../text/promise-text.js';
import { formatBreakdown, formatCount, formatMetric } from '../text/format.js';
import { htmlList, htmlTable, num, type CellLike } from './table.js';
import { brokenPromiseLines, effectsLine } from '../text/report-text.js';
import { overRepeats } from '../text/threshold-text.js';

/** Enough to see the pattern; report.json holds every offender. */
export const MAX_OFFENDERS_IN_HTML = 50;

const ACCOUNTING_ROWS: readonly [keyof Accounting, string][] = [
  ['accepted', 'accepted'],
  ['confirmed', 'confirmed'],
  ['failed', 'failed'],
  ...PROMISE_COUNTS.map((c): [keyof Accounting, string] => [c, promiseLabel(c)]),
  ['retries', 'retries'],
  ['redeliveries', 'redeliveries'],
  ['deadLettered', 'dead letters'],
];

const BREAKERS: ReadonlySet<string> = new Set(PROMISE_COUNTS);

/** The books of every run, the promise counts flagged, and the orders behind a broken promise. */
export function accountingSection(scenario: ScenarioResult, labels: readonly string[]): string {
  const withBooks = scenario.variants.filter((r) => r.accounting);
  if (scenario.variants.length === 0) return '<p class="muted">No accounting recorded.</p>';
  if (withBooks.length === 0)
    return `<div class="alert"><strong>No accounting recorded: no promise is shown kept</strong>${htmlList(brokenPromiseLines(scenario))}</div>`;
  const columns = scenario.variants.map((r, i) => ({ r, label: labels[i] ?? r.variant }));
  const rows: CellLike[][] = ACCOUNTING_ROWS.map(([key, name]) => [
    { text: name, className: BREAKERS.has(key) ? 'winner' : '' },
    ...columns.map(({ r }) => {
      const value = r.accounting?.[key];
      if (typeof value !== 'number') return num('–');
      return num(formatCount(value), BREAKERS.has(key) && value > 0 ? 'bad' : '');
    }),
  ]);
  const table = htmlTable(['', ...columns.map(({ label }) => num(label))], rows, {
    className: 'compact',
  });
  const failures = columns
    .map(({ r, label }) => ({
      label,
      reasons: formatBreakdown(r.accounting?.failedByReason ?? {}),
    }))
    .filter((f) => f.reasons)
    .map((f) => `${f.label}: ${f.reasons}`);
  const failedBy = failures.length
    ? `<p class="muted">Failed by reason:</p>${htmlList(failures)}`
    : '';
  const effects = columns
    .map(({ r, label }) => ({ label, line: effectsLine(r) }))
    .filter((e) => e.line)
    .map((e) => `${e.label}: ${e.line}`);
  const applied = effects.length
    ? `<p class="muted">Orders with each effect applied:</p>${htmlList(effects)}`
    : '';
  return `${table}${failedBy}${applied}${offendersTable(scenario, labels)}`;
}

function offendersTable(scenario: ScenarioResult, labels: readonly string[]): string {
  const variants = scenario.variants;
  const rows: CellLike[][] = [];
  const more: string[] = [];
  variants.forEach((r, i) => {
    const all = r.accounting?.offenders ?? [];
    const label = labels[i] ?? r.variant;
    for (const o of all.slice(0, MAX_OFFENDERS_IN_HTML)) {
      rows.push([label, { text: o.orderId, className: 'bad' }, o.status, o.problem]);
    }
    if (all.length > MAX_OFFENDERS_IN_HTML) {
      more.push(`${label}: ${formatCount(all.length - MAX_OFFENDERS_IN_HTML)} more in report.json`);
    }
  });
  if (scenario.promises.kept) return '<p class="good">Every promise kept: no offenders.</p>';
  const broken = `<div class="alert"><strong>Promises broken</strong>${htmlList(brokenPromiseLines(scenario))}</div>`;
  if (rows.length === 0) return broken;
  return `${broken}<h3>Orders behind the broken promises</h3>${htmlTable(['variant', 'order', 'status', 'problem'], rows, { className: 'compact' })}${htmlList(more)}`;
}

/** Each threshold: its value (a median with repeats, beside their min, max and values), limit and outcome. */
export function thresholdsTable(scenario: ScenarioResult): string {
  if (scenario.thresholds.length === 0) return '';
  // Judged on a median: its repeats' min, max and every value beside it.
  const repeated = scenario.thresholds.some(overRepeats);
  const spread = (t: ThresholdOutcome): CellLike[] => {
    if (!repeated) return [];
    if (!overRepeats(t)) return [num('–'), num('–'), ''];
    const { values, min, max } = t.repeats!;
    const f = (v: number) => formatMetric(t.metric, v);
    return [num(f(min)), num(f(max)), values.map(f).join(' · ')];
  };
  const rows = scenario.thresholds.map((t) => [
    t.variant,
    t.metric,
    num(formatMetric(t.metric, t.value), 'win'),
    ...spread(t),
    num(formatMetric(t.metric, t.max)),
    { text: t.passed ? 'passed' : 'FAILED', className: t.passed ? 'good' : '' },
  ]);
  const head = repeated
    ? [
        'variant',
        'metric',
        num('median'),
        num('min'),
        num('max'),
        'each repeat',
        num('limit'),
        'outcome',
      ]
    : ['variant', 'metric', num('value'), num('limit'), 'outcome'];
  const table = htmlTable(head, rows, {
    rowClass: (i) => (scenario.thresholds[i]?.passed ? undefined : 'bad'),
    className: 'compact',
  });
  const caption = repeated
    ? '<p class="muted">Judged on the median over the repeats, which one repeat slowed by the machine cannot move alone; min and max show the spread.</p>'
    : '';
  return `<h3>Thresholds</h3>${table}${caption}`;
}
