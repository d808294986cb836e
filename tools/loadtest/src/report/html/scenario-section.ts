/**
 * One scenario's section of the HTML report: what ran, the numbers, who wins,
 * whether every promise was kept, and the charts.
 */
import type { ScenarioResult } from '../../result/index.js';
import { capacityBaseline, capacityCaption, capacityRows } from '../text/capacity-text.js';
import { chartsFor } from './chart-data.js';
import type { ChartSpec } from './chart-spec.js';
import { crossoverSection } from './crossover-section.js';
import { escapeHtml } from './escape.js';
import { waterfallSection } from './waterfall-section.js';
import { modelSection } from './model-section.js';
import { accountingSection, thresholdsTable } from './judgement.js';
import { linkLatencyTable, lostReplyTable } from './link-tables.js';
import { chartsBlock, htmlList, htmlTable, notesCallout, num, passBadge } from './table.js';
import {
  COST_CAPTION,
  costRows,
  littlesLawLine,
  sendLagLine,
  summaryRows,
  variantColumns,
  verdictCaption,
  workloadLine,
} from '../text/report-text.js';
import {
  faultLine,
  faultRunRows,
  faultSpan,
  feltFirstLine,
  recoveryRule,
} from '../text/fault-text.js';
import { verdictCostText, verdictFigureText, verdictValueText } from '../text/verdict-text.js';
import {
  columnName,
  isRepeated,
  medianRepeatNote,
  shownRuns,
  variantLabel,
} from '../text/variant-groups.js';

function summaryTable(scenario: ScenarioResult): string {
  const rows = summaryRows(scenario);
  const table = htmlTable(
    [
      'variant',
      num('offered'),
      num('achieved'),
      num('accepted p50'),
      num('accepted p99'),
      num('completed p50'),
      num('completed p99'),
      num('errors'),
      'promises',
    ],
    rows.map((r) => [
      { text: r.label, className: 'winner' },
      num(r.offered),
      num(r.achieved),
      num(r.acceptedP50),
      num(r.acceptedP99),
      num(r.completedP50),
      num(r.completedP99),
      { ...num(r.errors), title: r.errorBreakdown },
      { text: r.promises, className: r.brokePromise ? 'bad' : 'good' },
    ]),
  );
  const errors = rows.filter((r) => r.errorBreakdown).map((r) => `${r.label}: ${r.errorBreakdown}`);
  return errors.length
    ? `${table}<p class="muted">Errors by reason:</p>${htmlList(errors)}`
    : table;
}

function verdictTable(scenario: ScenarioResult): string {
  const rows = scenario.verdict;
  if (rows.length === 0) return '<p class="muted">Only one variant ran: nothing to compare.</p>';
  const columns = variantColumns(scenario);
  const table = htmlTable(
    [
      'figure',
      'winner',
      ...columns.map((v) => num(columnName(scenario, v))),
      'what the winner pays',
    ],
    rows.map((row) => [
      verdictFigureText(row),
      {
        text: row.winner === 'tie' ? 'tie' : columnName(scenario, row.winner),
        className: row.winner === 'tie' ? 'muted' : 'winner',
      },
      ...columns.map((v) => num(verdictValueText(row, v) ?? '–', row.winner === v ? 'win' : '')),
      verdictCostText(row),
    ]),
  );
  const caption = verdictCaption(scenario);
  return caption ? `${table}<p class="muted">${escapeHtml(caption)}</p>` : table;
}

function faultsBlock(scenario: ScenarioResult): string {
  if (scenario.faults.length === 0) return '';
  const items = scenario.faults
    .map((f) => {
      const cls = faultSpan(f).executed ? '' : ' class="planned"';
      return `<li${cls}>${escapeHtml(faultLine(f))}</li>`;
    })
    .join('');
  const rows = faultRunRows(scenario);
  const runs = rows.length
    ? htmlTable(
        [
          'variant',
          'fault',
          num('applied at'),
          num('ended at'),
          num('first felt'),
          num('serving again after'),
          num('recovery'),
        ],
        rows.map((r) => [
          r.label,
          r.fault,
          num(r.applied),
          num(r.ended),
          num(r.felt),
          num(r.back),
          num(r.recovery, r.unrecovered ? 'bad' : ''),
        ]),
        { className: 'compact' },
      )
    : '';
  const rule = recoveryRule(scenario);
  return (
    `<div class="faults"><strong>Fault windows</strong><ul>${items}</ul></div>` +
    (runs ? `<h3>Faults as they ran</h3>${runs}` : '') +
    (rule ? `<p class="muted">${escapeHtml(rule)}</p>` : '')
  );
}

function capacityTable(scenario: ScenarioResult): string {
  const rows = capacityRows(scenario);
  const baseline = capacityBaseline(scenario);
  if (rows.length === 0) return '';
  const table = htmlTable(
    [
      'variant',
      num('ceiling'),
      ...(baseline ? [num(`vs ${baseline}`)] : []),
      'where it broke',
      'all hops on the machine',
      num('ratio'),
      'slowest hop',
      num('ratio to it'),
      num('stack CPU per checkout'),
    ],
    rows.map((r) => [
      r.median ? { text: r.label, className: 'win' } : r.label,
      num(r.ceiling, 'win'),
      ...(baseline ? [num(r.vsBaseline ?? '–')] : []),
      r.why,
      r.machine,
      num(r.machineRatio, r.meetsTarget === null ? 'muted' : r.meetsTarget ? 'good' : 'bad'),
      r.bound,
      num(r.hopRatio, 'muted'),
      num(r.stackCpu),
    ]),
    { className: 'compact' },
  );
  return `<h3>Capacity</h3>${table}<p class="muted">${escapeHtml(capacityCaption(scenario))}</p>`;
}

function costTable(scenario: ScenarioResult): string {
  const rows = costRows(scenario);
  if (rows.length === 0) return '';
  const table = htmlTable(
    [
      'variant',
      num('CPU: services'),
      num('CPU: brokers'),
      num('CPU: total'),
      num('CPU: load tool'),
      num('peak memory'),
    ],
    rows.map((r) => [
      r.label,
      num(r.services),
      num(r.brokers),
      num(r.total),
      num(r.tool),
      num(r.memory),
    ]),
    { className: 'compact' },
  );
  return `<h3>Cost per 1,000 confirmed orders</h3>${table}<p class="muted">${escapeHtml(COST_CAPTION)}</p>`;
}

/**
 * The section of one scenario, and its charts' specs for the page's JSON
 * block. `firstChart` numbers the chart containers across the whole page.
 */
export function scenarioSection(
  scenario: ScenarioResult,
  index: number,
  firstChart: number,
): { html: string; charts: ChartSpec[] } {
  if (scenario.crossover) return crossoverSection(scenario, index, firstChart);
  const repeated = isRepeated(scenario.variants);
  const labels = scenario.variants.map((r) => variantLabel(r, repeated));
  const charts = chartsFor(scenario);
  const badge = passBadge(scenario.passed);
  const notes = notesCallout(scenario.notes);
  const littles = htmlList(
    shownRuns(scenario).map((r) => `${variantLabel(r, repeated)}: ${littlesLawLine(r.littlesLaw)}`),
  );
  const median = medianRepeatNote(scenario);
  const felt = feltFirstLine(scenario);
  const html = [
    `<section class="scenario" id="scenario-${index + 1}">`,
    `<div class="title"><h2>${escapeHtml(scenario.name)}</h2>${badge}</div>`,
    scenario.description ? `<p class="description">${escapeHtml(scenario.description)}</p>` : '',
    `<p class="muted">${escapeHtml(workloadLine(scenario))}</p>`,
    notes,
    faultsBlock(scenario),
    `<h3>Summary</h3>${summaryTable(scenario)}`,
    `<h3>Verdict</h3>${verdictTable(scenario)}${felt ? `<p class="verdict">${escapeHtml(felt)}</p>` : ''}`,
    `<h3>Charts</h3>${median ? `<p class="muted">${escapeHtml(median)}</p>` : ''}${chartsBlock(charts, firstChart, 'No timeline or distribution recorded.')}`,
    modelSection(scenario),
    waterfallSection(scenario),
    `<h3>Accounting: nothing lost?</h3>${accountingSection(scenario, labels)}`,
    linkLatencyTable(scenario),
    lostReplyTable(scenario),
    capacityTable(scenario),
    costTable(scenario),
    thresholdsTable(scenario),
    `<h3>Little's law (in flight = rate × latency)</h3>${littles}`,
    `<h3>Send lag (how late the tool sent, against the intended time)</h3>${htmlList(
      scenario.variants.map(
        (r, i) => `${labels[i]}: ${sendLagLine(r.sendLag, scenario.workload.mode)}`,
      ),
    )}`,
    '</section>',
  ];
  return { html: html.filter(Boolean).join('\n'), charts };
}
