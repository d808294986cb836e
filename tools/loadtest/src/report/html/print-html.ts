/**
 * index.html: the report a person opens in a browser. One self-contained file:
 * uPlot, the styles, the data and the drawing script are all inline, so it
 * opens offline and can be attached to a ticket as is.
 */
import { exportLines } from '../text/export-text.js';
import type { RunResult } from '../../result/index.js';
import { articleRowText, reproducedMark } from '../text/article-table.js';
import type { ChartSpec } from './chart-spec.js';
import { CHART_DATA_ID, CHART_SCRIPT } from './chart-script.js';
import { formatElapsed, formatInstant, formatPercent } from '../text/format.js';
import { escapeHtml, inlineScript, inlineStyle, jsonForScript } from './escape.js';
import { scenarioSection } from './scenario-section.js';
import { REPORT_CSS } from './styles.js';
import { htmlList, htmlTable, num } from './table.js';
import { transportCaption, TRANSPORT_HEADERS, transportRows } from '../text/capacity-text.js';
import { machineText, scenarioBrokenLines, versionsText } from '../text/report-text.js';
import { thresholdLine } from '../text/threshold-text.js';
import { UPLOT_CSS, UPLOT_JS } from './uplot-assets.js';

/** Indentation of the options shown in the header. */
const OPTIONS_INDENT = 2;

/** Why the run failed, at the top: the promises and the thresholds that broke, per scenario. */
function whyFailed(result: RunResult): string {
  const broken = result.scenarios.flatMap((s) =>
    scenarioBrokenLines(s).map((line) => `${s.name}: ${line}`),
  );
  const failed = result.scenarios.flatMap((s) =>
    s.thresholds.filter((t) => !t.passed).map((t) => `${s.name}: ${thresholdLine(t)}`),
  );
  return [
    broken.length
      ? `<div class="alert"><strong>Broken promises</strong>${htmlList(broken)}</div>`
      : '',
    failed.length
      ? `<div class="alert"><strong>Failed thresholds</strong>${htmlList(failed)}</div>`
      : '',
  ].join('');
}

function header(result: RunResult): string {
  const badge = result.passed
    ? '<span class="badge pass">passed</span>'
    : '<span class="badge fail">failed</span>';
  const elapsed = formatElapsed(result.startedAt, result.finishedAt);
  const when = [
    formatInstant(result.startedAt),
    elapsed ? `took ${elapsed}` : '',
    `ended: ${result.endedBecause}`,
  ].filter(Boolean);
  const nav = result.scenarios
    .map(
      (s, i) =>
        `<a href="#scenario-${i + 1}"><span class="dot ${s.passed ? 'pass' : 'fail'}"></span>${escapeHtml(s.name)}</a>`,
    )
    .join('');
  return [
    '<header>',
    `<div class="title"><h1>Load test <code>${escapeHtml(result.runId)}</code></h1>${badge}</div>`,
    `<p class="meta">${escapeHtml(when.join(' · '))}</p>`,
    `<p class="meta">Machine: ${escapeHtml(machineText(result))}</p>`,
    `<p class="meta">Versions: ${escapeHtml(versionsText(result) || '–')}</p>`,
    `<details><summary>Options of the run</summary><pre>${escapeHtml(JSON.stringify(result.options, null, OPTIONS_INDENT))}</pre></details>`,
    whyFailed(result),
    nav ? `<nav>${nav}</nav>` : '',
    '</header>',
  ].join('\n');
}

function articleSection(result: RunResult): string {
  const { scenario, reproducedWithin, rows } = result.article;
  const heading = "<h2>The article's table</h2>";
  if (!rows) {
    return `<section>${heading}<p class="muted">This run has no <code>${escapeHtml(scenario)}</code> scenario.</p></section>`;
  }
  const table = htmlTable(
    [
      'figure',
      num('article'),
      num('measured'),
      num('deviation'),
      { text: 'reproduced', className: 'mark' },
    ],
    rows.map(articleRowText).map((r) => [
      r.figure,
      num(r.expected),
      num(r.measured),
      num(r.deviation),
      {
        text: reproducedMark(r),
        className: `mark ${r.reproduced === true ? 'good' : r.reproduced === false ? 'bad' : 'muted'}`,
      },
    ]),
    { className: 'compact' },
  );
  return (
    `<section>${heading}<p class="muted">From the <code>${escapeHtml(scenario)}</code> scenario; ` +
    `within ±${escapeHtml(formatPercent(reproducedWithin))} of the article counts as reproduced.</p>${table}</section>`
  );
}

/** The files beside report.json, linked. */
function exportsSection(result: RunResult): string {
  const files = exportLines(result.exports);
  if (!files.length) return '';
  const items = files
    .map(
      (f) =>
        `<li><a href="${escapeHtml(encodeURI(f.path))}">${escapeHtml(f.path)}</a> ${escapeHtml(f.label)}</li>`,
    )
    .join('');
  return `<section><h2>Exports</h2><p class="muted">Beside report.json, for other tools: HdrHistogram logs, timelines as CSV, thresholds as JUnit XML.</p><ul class="plain">${items}</ul></section>`;
}

function transportSection(result: RunResult): string {
  if (!result.transport) return '';
  const table = htmlTable(
    TRANSPORT_HEADERS.map((h, i) => (i === 0 ? h : num(h))),
    transportRows(result.transport).map(([first, ...rest]) => [first!, ...rest.map((c) => num(c))]),
    { className: 'compact' },
  );
  return `<section><h2>Transport ceilings</h2><p class="muted">${escapeHtml(transportCaption(result.transport))}</p>${table}</section>`;
}

/**
 * The whole run as one HTML document: header, the article's table, then a
 * section per scenario with its tables and uPlot charts. Pure: the same result
 * prints the same bytes.
 */
export function printHtml(result: RunResult): string {
  const charts: ChartSpec[] = [];
  const sections = result.scenarios.map((scenario, i) => {
    const section = scenarioSection(scenario, i, charts.length);
    charts.push(...section.charts);
    return section.html;
  });
  const title = `Load test ${result.runId}: ${result.passed ? 'passed' : 'failed'}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${inlineStyle(UPLOT_CSS)}</style>
<style>${inlineStyle(REPORT_CSS)}</style>
</head>
<body>
<main>
${header(result)}
${articleSection(result)}
${transportSection(result)}
${sections.join('\n')}
${exportsSection(result)}
<footer>Printed from report.json of run ${escapeHtml(result.runId)}. Drag across a chart to zoom in; double-click to zoom out.</footer>
</main>
<script type="application/json" id="${CHART_DATA_ID}">${jsonForScript({ charts })}</script>
<script>${inlineScript(UPLOT_JS)}</script>
<script>${inlineScript(CHART_SCRIPT)}</script>
</body>
</html>
`;
}
