/**
 * Which variant wins what, and at what cost. A winner needs a clear margin:
 * two values within {@link TIE_TOLERANCE} of each other are noise on a laptop,
 * not a result.
 */
import { brokenCount, promiseLabel, PROMISE_COUNTS, promisesOf } from './promises.js';
import type { VariantResult, VerdictRow } from '../result/index.js';
import {
  formatCount,
  formatMs,
  formatNumber,
  formatPercent,
  formatRate,
  MISSING,
} from '../report/text/format.js';
import { groupByVariant, medianOf, type VariantName } from '../report/text/variant-groups.js';

/** Values within 2 % of the best are a tie. */
export const TIE_TOLERANCE = 0.02;

type Groups = ReadonlyMap<VariantName, readonly VariantResult[]>;

interface Figure {
  readonly figure: string;
  readonly better: 'lower' | 'higher';
  readonly value: (r: VariantResult) => number | null;
  readonly format: (n: number) => string;
  /** What the winner pays, from its own results. */
  readonly cost: (winner: VariantName, results: readonly VariantResult[]) => string;
  /** The cost line when every variant ties. */
  readonly allTied?: (values: readonly number[]) => string | undefined;
  /** One value from the repetitions' (default: their median, which one slow repetition cannot drag). */
  readonly over?: (values: readonly (number | null)[]) => number | null;
}

const latencyOf = (pick: (r: VariantResult) => { count: number; value: number }) => {
  return (r: VariantResult): number | null => {
    const { count, value } = pick(r);
    return count > 0 ? value : null;
  };
};

const acceptedP50 = latencyOf((r) => ({ count: r.accepted.count, value: r.accepted.p50 }));
const acceptedP99 = latencyOf((r) => ({ count: r.accepted.count, value: r.accepted.p99 }));
const completedP50 = latencyOf((r) => ({ count: r.completed.count, value: r.completed.p50 }));
const completedP99 = latencyOf((r) => ({ count: r.completed.count, value: r.completed.p99 }));

const errorCount = (r: VariantResult): number =>
  Object.values(r.errorsByReason).reduce((a, b) => a + b, 0);

const brokenPromises = (r: VariantResult): number | null => brokenCount(promisesOf(r));

const peakBacklog = (r: VariantResult): number | null => {
  const samples = r.timeline.map((p) => p.backlog).filter((b): b is number => b != null);
  return samples.length ? Math.max(...samples) : null;
};

const peakIncomplete = (r: VariantResult): number =>
  Math.max(0, ...r.timeline.filter((p) => !p.warmup).map((p) => p.incomplete));

const meanInFlight = (r: VariantResult): number | null => {
  if (r.littlesLaw) return r.littlesLaw.meanInFlight;
  const steady = r.timeline.filter((p) => !p.warmup);
  return steady.length ? steady.reduce((a, p) => a + p.inFlight, 0) / steady.length : null;
};

function hiddenWork(results: readonly VariantResult[]): string {
  const retries = medianOf(results, (r) => r.accounting?.retries ?? null);
  const redeliveries = medianOf(results, (r) => r.accounting?.redeliveries ?? null);
  const dead = medianOf(results, (r) => r.accounting?.deadLettered ?? null);
  if (retries == null && redeliveries == null && dead == null) return 'no accounting recorded';
  if (!retries && !redeliveries && !dead)
    return 'no hidden work: no retries, redeliveries or dead letters';
  return `hidden work to keep them: ${formatCount(retries)} retries, ${formatCount(redeliveries)} redeliveries, ${formatCount(dead)} dead letters`;
}

const FIGURES: readonly Figure[] = [
  {
    figure: 'time the customer waits (accepted p50)',
    better: 'lower',
    value: acceptedP50,
    format: formatMs,
    cost: (winner, rs) => {
      const done = formatMs(medianOf(rs, completedP50));
      if (winner === 'async') return `answers before the work is done: completion p50 is ${done}`;
      if (winner === 'hybrid')
        return `holds a connection for the critical path; the rest finishes later (completion p50 ${done})`;
      return `holds a connection for the whole checkout (completion p50 ${done})`;
    },
  },
  {
    figure: 'time until all work is done (completed p50)',
    better: 'lower',
    value: completedP50,
    format: formatMs,
    cost: (winner, rs) => {
      const wait = formatMs(medianOf(rs, acceptedP50));
      if (winner === 'sync') return `the customer waits for all of it: accepted p50 is ${wait}`;
      if (winner === 'hybrid')
        return `runs two transports, and the customer still waits ${wait} for the critical path`;
      return `runs brokers and a saga; the client must follow the order to learn its outcome`;
    },
  },
  {
    figure: 'tail latency (completed p99)',
    better: 'lower',
    value: completedP99,
    format: formatMs,
    cost: (winner, rs) => {
      const tail = formatMs(medianOf(rs, acceptedP99));
      if (winner === 'sync') return `the customer sees the whole tail: accepted p99 is ${tail}`;
      if (winner === 'hybrid')
        return `the customer sees the critical path's tail: accepted p99 is ${tail}`;
      const backlog = medianOf(rs, peakBacklog);
      return backlog == null
        ? 'work waits in the brokers, out of the customer’s sight'
        : `work waits in the brokers: peak backlog ${formatCount(backlog)}`;
    },
  },
  {
    figure: 'throughput achieved (achieved rate)',
    better: 'higher',
    value: (r) => r.achievedRate,
    format: formatRate,
    cost: (winner, rs) => {
      if (winner === 'async')
        return `queues the work instead: up to ${formatCount(medianOf(rs, peakIncomplete))} orders accepted and not yet done`;
      const open = formatNumber(medianOf(rs, meanInFlight));
      return winner === 'sync'
        ? `holds ${open} connections open on average`
        : `holds ${open} connections open on average and queues the rest`;
    },
  },
  {
    figure: 'errors seen by customers (error count)',
    better: 'lower',
    value: errorCount,
    format: formatCount,
    cost: (winner, rs) => {
      if (winner === 'sync')
        return `every failure is in the answer, after ${formatMs(medianOf(rs, acceptedP50))}`;
      const later = medianOf(rs, (r) => r.accounting?.failed ?? null);
      return later == null
        ? 'failures after the answer are not counted here'
        : `failures after the answer are not counted here: ${formatCount(later)} orders failed later`;
    },
    allTied: (values) => (values.every((v) => v === 0) ? 'no variant showed errors' : undefined),
  },
  {
    figure: `promises kept (${PROMISE_COUNTS.map(promiseLabel).join(' + ')})`,
    better: 'lower',
    value: brokenPromises,
    // A promise broken in one repetition is broken: summed, not a median; unknown without an accounting.
    over: (values) =>
      values.some((v) => v == null) ? null : values.reduce<number>((a, v) => a + v!, 0),
    format: formatCount,
    cost: (_winner, rs) => hiddenWork(rs),
    allTied: (values) =>
      values.every((v) => v === 0) ? 'every variant kept its promises' : undefined,
  },
];

function within(a: number, b: number): boolean {
  return Math.abs(a - b) <= TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function rowFor(figure: Figure, groups: Groups): VerdictRow {
  const measured: [VariantName, number][] = [];
  const values: Partial<Record<VariantName, string>> = {};
  for (const [variant, results] of groups) {
    const v = figure.over
      ? figure.over(results.map(figure.value))
      : medianOf(results, figure.value);
    values[variant] = v == null ? MISSING : figure.format(v);
    if (v != null) measured.push([variant, v]);
  }
  const sign = figure.better === 'lower' ? 1 : -1;
  // Stable: equal values keep the order the variants ran in.
  const ranked = [...measured].sort((a, b) => sign * (a[1] - b[1]));
  const best = ranked[0];
  if (!best) return { figure: figure.figure, winner: 'tie', values, cost: 'not measured' };
  const tied = ranked.filter(([, v]) => within(v, best[1]));
  if (tied.length > 1) {
    const everyone = tied.length === ranked.length;
    const cost =
      (everyone ? figure.allTied?.(ranked.map(([, v]) => v)) : undefined) ??
      (tied.every(([, v]) => v === best[1])
        ? `${joinNames(tied.map(([name]) => name))} equal`
        : `${joinNames(tied.map(([name]) => name))} within ${formatPercent(TIE_TOLERANCE)} of each other`);
    return { figure: figure.figure, winner: 'tie', values, cost };
  }
  return {
    figure: figure.figure,
    winner: best[0],
    values,
    cost: figure.cost(best[0], groups.get(best[0]) ?? []),
  };
}

/**
 * The verdict rows of one scenario: per figure, the winning variant (or a tie
 * within 2 %), each variant's value (median over repetitions) and what the
 * winner pays for it. Empty when fewer than two variants ran: nothing to compare.
 */
export function verdictFor(variants: readonly VariantResult[]): VerdictRow[] {
  const groups = groupByVariant(variants);
  if (groups.size < 2) return [];
  return FIGURES.map((figure) => rowFor(figure, groups));
}
