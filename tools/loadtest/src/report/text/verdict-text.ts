/**
 * A verdict row in words, for both printers: what the figure is, each
 * variant's value in its unit, and what the winner pays, from the numbers
 * the runner stored (analysis/verdict.ts).
 */
import type { Variant } from '@lab/domain';
import {
  PROMISE_COUNTS,
  type VerdictCostMeasures,
  type VerdictFigure,
  type VerdictRow,
} from '../../result/index.js';
import {
  formatCount,
  formatMs,
  formatNumber,
  formatPercent,
  formatRate,
  MISSING,
} from './format.js';
import { promiseLabel } from './promise-text.js';

const FIGURE_TEXT: Readonly<Record<VerdictFigure, string>> = {
  'accepted-p50': 'time the customer waits (accepted p50)',
  'completed-p50': 'time until all work is done (completed p50)',
  'completed-p99': 'tail latency (completed p99)',
  'achieved-rate': 'throughput achieved (achieved rate)',
  'error-count': 'errors seen by customers (error count)',
  'broken-promises': `promises kept (${PROMISE_COUNTS.map(promiseLabel).join(' + ')})`,
};

const FORMAT: Readonly<Record<VerdictFigure, (n: number) => string>> = {
  'accepted-p50': formatMs,
  'completed-p50': formatMs,
  'completed-p99': formatMs,
  'achieved-rate': formatRate,
  'error-count': formatCount,
  'broken-promises': formatCount,
};

type CostText = (winner: Variant, m: VerdictCostMeasures) => string;

/** What the winner of each figure pays, in words. */
const COST_TEXT: Readonly<Record<VerdictFigure, CostText>> = {
  'accepted-p50': (winner, m) => {
    const done = formatMs(m.completedP50Ms);
    if (winner === 'async') return `answers before the work is done: completion p50 is ${done}`;
    if (winner === 'hybrid')
      return `holds a connection for the critical path; the rest finishes later (completion p50 ${done})`;
    return `holds a connection for the whole checkout (completion p50 ${done})`;
  },
  'completed-p50': (winner, m) => {
    const wait = formatMs(m.acceptedP50Ms);
    if (winner === 'sync') return `the customer waits for all of it: accepted p50 is ${wait}`;
    if (winner === 'hybrid')
      return `runs two transports, and the customer still waits ${wait} for the critical path`;
    return `runs brokers and a saga; the client must follow the order to learn its outcome`;
  },
  'completed-p99': (winner, m) => {
    const tail = formatMs(m.acceptedP99Ms);
    if (winner === 'sync') return `the customer sees the whole tail: accepted p99 is ${tail}`;
    if (winner === 'hybrid')
      return `the customer sees the critical path's tail: accepted p99 is ${tail}`;
    return m.peakBacklog == null
      ? 'work waits in the brokers, out of the customer’s sight'
      : `work waits in the brokers: peak backlog ${formatCount(m.peakBacklog)}`;
  },
  'achieved-rate': (winner, m) => {
    if (winner === 'async')
      return `queues the work instead: up to ${formatCount(m.peakIncomplete)} orders accepted and not yet done`;
    const open = formatNumber(m.meanInFlight);
    return winner === 'sync'
      ? `holds ${open} connections open on average`
      : `holds ${open} connections open on average and queues the rest`;
  },
  'error-count': (winner, m) => {
    if (winner === 'sync')
      return `every failure is in the answer, after ${formatMs(m.acceptedP50Ms)}`;
    return m.failedLater == null
      ? 'failures after the answer are not counted here'
      : `failures after the answer are not counted here: ${formatCount(m.failedLater)} orders failed later`;
  },
  'broken-promises': (_winner, m) => {
    const { retries, redeliveries, deadLettered: dead } = m;
    if (retries == null && redeliveries == null && dead == null) return 'no accounting recorded';
    if (!retries && !redeliveries && !dead)
      return 'no hidden work: no retries, redeliveries or dead letters';
    return `hidden work to keep them: ${formatCount(retries)} retries, ${formatCount(redeliveries)} redeliveries, ${formatCount(dead)} dead letters`;
  },
};

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "time the customer waits (accepted p50)". */
export function verdictFigureText(row: VerdictRow): string {
  return FIGURE_TEXT[row.figure];
}

/** A variant's value in the figure's unit, "–" when not measured; undefined when it did not run. */
export function verdictValueText(row: VerdictRow, variant: Variant): string | undefined {
  if (!(variant in row.values)) return undefined;
  const value = row.values[variant];
  return value == null ? MISSING : FORMAT[row.figure](value);
}

/** What the winner pays, or why nobody won. */
export function verdictCostText(row: VerdictRow): string {
  const cost = row.cost;
  switch (cost.kind) {
    case 'not-measured':
      return 'not measured';
    case 'all-clear':
      return cost.reason === 'no-errors'
        ? 'no variant showed errors'
        : 'every variant kept its promises';
    case 'tie':
      return cost.equal
        ? `${joinNames(cost.variants)} equal`
        : `${joinNames(cost.variants)} within ${formatPercent(row.tieWithin)} of each other`;
    case 'winner':
      return row.winner === 'tie' ? '' : COST_TEXT[row.figure](row.winner, cost.measures);
  }
}
