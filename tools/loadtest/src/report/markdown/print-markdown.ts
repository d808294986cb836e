/**
 * report.md: the summary a pull request shows. Tables and short lists only;
 * the charts live in the HTML report.
 */
import { exportLines } from '../text/export-text.js';
import { MODEL_HEADERS, modelInputs, modelRows } from '../text/model-text.js';
import type { RunResult, ScenarioResult, ThresholdOutcome } from '../../result/index.js';
import { articleRowText, reproducedMark } from '../text/article-table.js';
import { formatElapsed, formatInstant, formatMetric, formatPercent } from '../text/format.js';
import { crossoverMarkdown } from './crossover-section.js';
import { tracingSection } from './tracing-section.js';
import { md, table } from './syntax.js';
import { transportCaption, TRANSPORT_HEADERS, transportRows } from '../text/capacity-text.js';
import {
  capacityTable,
  costTable,
  faultRunsTable,
  linkLatencyTable,
  lostReplyTable,
} from './scenario-tables.js';
import {
  brokenPromiseLines,
  effectsLine,
  littlesLawLine,
  sendLagLine,
  machineLine,
  passIcon,
  passMark,
  summaryRows,
  variantColumns,
  verdictCaption,
  workloadLine,
} from '../text/report-text.js';
import { faultLine, feltFirstLine } from '../text/fault-text.js';
import { verdictCostText, verdictFigureText, verdictValueText } from '../text/verdict-text.js';
import { overRepeats, thresholdLine } from '../text/threshold-text.js';
import {
  columnName,
  isRepeated,
  medianRepeatNote,
  shownRuns,
  variantLabel,
} from '../text/variant-groups.js';

/** A pull request comment stays readable; the HTML report lists every offender. */
export const MAX_OFFENDERS_IN_MARKDOWN = 10;

function articleSection(result: RunResult): string {
  const { scenario, reproducedWithin, rows } = result.article;
  const heading = "## The article's table";
  if (!rows) return `${heading}\n\nThis run has no \`${scenario}\` scenario.`;
  return [
    heading,
    `From the \`${scenario}\` scenario; within ±${formatPercent(reproducedWithin)} of the article counts as reproduced.`,
    table(
      ['figure', 'article', 'measured', 'deviation', 'reproduced'],
      ['l', 'r', 'r', 'r', 'c'],
      rows
        .map(articleRowText)
        .map((r) => [md(r.figure), md(r.expected), md(r.measured), r.deviation, reproducedMark(r)]),
    ),
  ].join('\n\n');
}

function summaryTable(scenario: ScenarioResult): string {
  return table(
    [
      'variant',
      'offered',
      'achieved',
      'accepted p50',
      'accepted p99',
      'completed p50',
      'completed p99',
      'errors',
      'promises',
    ],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    summaryRows(scenario).map((r) => [
      md(r.label),
      r.offered,
      r.achieved,
      r.acceptedP50,
      r.acceptedP99,
      r.completedP50,
      r.completedP99,
      r.errorBreakdown ? `${r.errors} (${md(r.errorBreakdown)})` : r.errors,
      r.brokePromise ? `${passIcon(false)} ${md(r.promises)}` : md(r.promises),
    ]),
  );
}

function verdictTable(scenario: ScenarioResult): string | null {
  const rows = scenario.verdict;
  if (rows.length === 0) return null;
  const columns = variantColumns(scenario);
  const felt = feltFirstLine(scenario);
  return [
    '### Verdict',
    table(
      ['figure', 'winner', ...columns.map((v) => md(columnName(scenario, v))), 'cost'],
      ['l', 'l', ...columns.map(() => 'r' as const), 'l'],
      rows.map((row) => [
        md(verdictFigureText(row)),
        row.winner === 'tie' ? 'tie' : `**${md(columnName(scenario, row.winner))}**`,
        ...columns.map((v) => md(verdictValueText(row, v) ?? '')),
        md(verdictCostText(row)),
      ]),
    ),
    ...(verdictCaption(scenario) ? [md(verdictCaption(scenario)!)] : []),
    ...(felt ? [md(felt)] : []),
  ].join('\n\n');
}

/** With repeats, each threshold's median beside its repeats' min, max and values. */
function repeatedThresholds(scenario: ScenarioResult): string | null {
  const judged = scenario.thresholds.filter(overRepeats);
  if (judged.length === 0) return null;
  const f = (t: ThresholdOutcome, v: number) => formatMetric(t.metric, v);
  return [
    '### Thresholds over repeats',
    table(
      ['variant', 'metric', 'median', 'min', 'max', 'each repeat', 'limit', 'outcome'],
      ['l', 'l', 'r', 'r', 'r', 'l', 'r', 'c'],
      judged.map((t) => [
        md(t.variant),
        md(t.metric),
        f(t, t.value),
        f(t, t.repeats!.min),
        f(t, t.repeats!.max),
        t.repeats!.values.map((v) => f(t, v)).join(' · '),
        f(t, t.max),
        passIcon(t.passed),
      ]),
    ),
    'Judged on the median over the repeats, which one repeat slowed by the machine cannot move alone; min and max show the spread.',
  ].join('\n\n');
}

function list(heading: string, items: readonly string[]): string | null {
  return items.length ? `### ${heading}\n\n${items.map((i) => `- ${i}`).join('\n')}` : null;
}

function offenders(scenario: ScenarioResult): string[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants.flatMap((r) => {
    const all = r.accounting?.offenders ?? [];
    const shown = all
      .slice(0, MAX_OFFENDERS_IN_MARKDOWN)
      .map(
        (o) =>
          `${md(variantLabel(r, repeated))}: order ${md(o.orderId)} (${md(o.status)}): ${md(o.problem)}`,
      );
    const more = all.length - shown.length;
    return more > 0 ? [...shown, `${md(variantLabel(r, repeated))}: and ${more} more`] : shown;
  });
}

/** Queueing theory beside the measurement, with what each formula was fed. */
function modelSection(scenario: ScenarioResult): string | null {
  const checks = scenario.model ?? [];
  if (!checks.length) return null;
  return [
    '**The model beside the measurement** (docs/queueing.md)',
    table(
      MODEL_HEADERS,
      ['l', 'l', 'r', 'r', 'r', 'l'],
      modelRows(checks).map((r) => r.map(md)),
    ),
    modelInputs(checks)
      .map((line) => `- ${md(line)}`)
      .join('\n'),
  ].join('\n\n');
}

function scenarioSection(scenario: ScenarioResult): string {
  if (scenario.crossover) return crossoverMarkdown(scenario);
  const repeated = isRepeated(scenario.variants);
  const parts = [
    `## ${md(scenario.name)}: ${passMark(scenario.passed)}`,
    scenario.description ? md(scenario.description) : null,
    `*${md(workloadLine(scenario))}*`,
    summaryTable(scenario),
    verdictTable(scenario),
    list(
      'Failed thresholds',
      scenario.thresholds.filter((t) => !t.passed).map((t) => md(thresholdLine(t))),
    ),
    repeatedThresholds(scenario),
    list(`${passIcon(false)} Broken promises`, brokenPromiseLines(scenario).map(md)),
    list('Promise breakers', offenders(scenario)),
    list(
      "Little's law",
      shownRuns(scenario).map(
        (r) => `${md(variantLabel(r, repeated))}: ${littlesLawLine(r.littlesLaw)}`,
      ),
    ),
    medianRepeatNote(scenario) ? `*${md(medianRepeatNote(scenario)!)}*` : null,
    list(
      'Send lag (how late the tool sent)',
      scenario.variants.map(
        (r) =>
          `${md(variantLabel(r, repeated))}: ${sendLagLine(r.sendLag, scenario.workload.mode)}`,
      ),
    ),
    list(
      'Fault windows',
      scenario.faults.map((f) => md(faultLine(f))),
    ),
    faultRunsTable(scenario),
    modelSection(scenario),
    linkLatencyTable(scenario),
    lostReplyTable(scenario),
    tracingSection(scenario),
    capacityTable(scenario),
    costTable(scenario),
    list(
      'Effects applied (orders)',
      scenario.variants
        .filter((r) => effectsLine(r))
        .map((r) => `${md(variantLabel(r, repeated))}: ${effectsLine(r)}`),
    ),
    list('Notes', scenario.notes.map(md)),
  ];
  return parts.filter((p): p is string => p != null).join('\n\n');
}

/**
 * The run as Markdown for a pull request: the verdict of the article's table
 * first, then per scenario its summary, verdict, failed thresholds, broken
 * promises, Little's law check, fault windows and notes.
 */
export function printMarkdown(result: RunResult): string {
  const scenarios = result.scenarios.map((s) => `${md(s.name)} ${passIcon(s.passed)}`);
  const elapsed = formatElapsed(result.startedAt, result.finishedAt);
  const header = [
    `# Load test ${md(result.runId)}: ${passMark(result.passed)}`,
    md(machineLine(result)),
    `Started ${formatInstant(result.startedAt)}${elapsed ? `, took ${elapsed}` : ''}, ended: ${md(result.endedBecause)}.` +
      (scenarios.length ? ` Scenarios: ${scenarios.join(', ')}.` : ''),
  ].join('\n\n');
  const transport = result.transport
    ? [
        '## Transport ceilings',
        '',
        md(transportCaption(result.transport)),
        '',
        `| ${TRANSPORT_HEADERS.join(' | ')} |`,
        `|---|${TRANSPORT_HEADERS.slice(1)
          .map(() => '--:')
          .join('|')}|`,
        ...transportRows(result.transport).map((r) => `| ${r.map(md).join(' | ')} |`),
      ].join('\n')
    : null;
  const exports = list(
    'Exports (beside report.json)',
    exportLines(result.exports).map((e) => `${md(e.label)}: [${md(e.path)}](${encodeURI(e.path)})`),
  );
  return `${[
    header,
    articleSection(result),
    ...(transport ? [transport] : []),
    ...result.scenarios.map(scenarioSection),
    ...(exports ? [exports] : []),
  ].join('\n\n')}\n`;
}
