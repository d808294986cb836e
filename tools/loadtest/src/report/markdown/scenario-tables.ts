/**
 * The tables of a scenario in report.md that only some scenarios have: its
 * faults as they ran, what its link faults cost, its capacity, and its cost
 * per 1,000 orders.
 */
import type { ScenarioResult } from '../../result/index.js';
import { capacityBaseline, capacityCaption, capacityRows } from '../text/capacity-text.js';
import { COST_CAPTION, costRows } from '../text/report-text.js';
import { faultRunRows, recoveryRule } from '../text/fault-text.js';
import {
  LINK_LATENCY_CAPTION,
  LOST_REPLY_CAPTION,
  linkLatencyRows,
  lostReplyRows,
} from '../text/link-text.js';
import { md } from './syntax.js';

/** Each variant's faults with the times they took effect and ended, and its recovery; null without faults. */
export function faultRunsTable(scenario: ScenarioResult): string | null {
  const faultRuns = faultRunRows(scenario);
  const rule = recoveryRule(scenario);
  if (!faultRuns.length) return null;
  return [
    '**Faults as they ran**',
    '',
    '| variant | fault | applied at | ended at | first felt | serving again after | recovery |',
    '|---|---|--:|--:|--:|--:|--:|',
    ...faultRuns.map(
      (r) =>
        `| ${md(r.label)} | ${md(r.fault)} | ${r.applied} | ${r.ended} | ${md(r.felt)} | ${r.back} | ${md(r.recovery)} |`,
    ),
    ...(rule ? ['', md(rule)] : []),
  ].join('\n');
}

/** Each ramped variant's ceiling against its transports', and its baseline's; null without ceilings. */
export function capacityTable(scenario: ScenarioResult): string | null {
  const capacity = capacityRows(scenario);
  if (!capacity.length) return null;
  const baseline = capacityBaseline(scenario);
  const vs = baseline ? ` vs ${md(baseline)} |` : '';
  return [
    '**Capacity**',
    '',
    `| variant | ceiling |${vs} where it broke | all hops on the machine | ratio | slowest hop | ratio to it | stack CPU per checkout |`,
    `|---|--:|${vs ? '--:|' : ''}---|---|--:|---|--:|--:|`,
    ...capacity.map((r) => {
      const b = (cell: string) => (r.median ? `**${cell}**` : cell);
      return `| ${b(md(r.label))} | ${b(r.ceiling)} |${vs ? ` ${r.vsBaseline ?? '–'} |` : ''} ${md(r.why)} | ${md(r.machine)} | ${b(r.machineRatio)}${r.meetsTarget === false ? ` (below ${r.target})` : ''} | ${md(r.bound)} | ${r.hopRatio} | ${md(r.stackCpu)} |`;
    }),
    '',
    md(capacityCaption(scenario)),
  ].join('\n');
}

/** CPU and memory per 1,000 confirmed orders; null when no variant measured its processes. */
export function costTable(scenario: ScenarioResult): string | null {
  const costs = costRows(scenario);
  if (!costs.length) return null;
  return [
    '**Cost per 1,000 confirmed orders**',
    '',
    '| variant | CPU: services | CPU: brokers | CPU: total | CPU: load tool | peak memory |',
    '|---|--:|--:|--:|--:|--:|',
    ...costs.map(
      (r) =>
        `| ${md(r.label)} | ${r.services} | ${r.brokers} | ${r.total} | ${r.tool} | ${r.memory} |`,
    ),
    '',
    md(COST_CAPTION),
  ].join('\n');
}

/** Each variant's added latency against its sequential hops; null without a latency fault. */
export function linkLatencyTable(scenario: ScenarioResult): string | null {
  const rows = linkLatencyRows(scenario);
  if (!rows.length) return null;
  return [
    '**Latency on the links: what each customer paid**',
    '',
    '| variant | injected | sequential hops | hops predict | accepted added | per hop | round trips | completed added | orders |',
    '|---|---|--:|--:|--:|--:|--:|--:|---|',
    ...rows.map(
      (r) =>
        `| ${md(r.label)} | ${md(r.injected)} | ${r.hops} | ${r.predicted} | ${r.accepted} | ${r.perHop} | ${r.roundTrips} | ${r.completed} | ${md(r.orders)} |`,
    ),
    '',
    md(LINK_LATENCY_CAPTION),
  ].join('\n');
}

/** Each variant's lost replies and how the charges behind them settled; null without a lost-reply fault. */
export function lostReplyTable(scenario: ScenarioResult): string | null {
  const rows = lostReplyRows(scenario);
  if (!rows.length) return null;
  return [
    '**Lost replies: charges the caller never heard of**',
    '',
    '| variant | replies lost | connections reset | charges never heard of | answered with an error | asked again | confirmed | refunded | neither | charged twice |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${md(r.label)} | ${r.repliesLost} | ${r.resets} | ${r.chargedUnheard} | ${r.answeredWithError} | ${r.askedAgain} | ${r.confirmed} | ${r.refunded} | ${r.unsettled} | ${r.chargedTwice} |`,
    ),
    '',
    md(LOST_REPLY_CAPTION),
  ].join('\n');
}
