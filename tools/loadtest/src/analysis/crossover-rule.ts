/**
 * Which is better in a cell of the crossover grid. One measure settles a cell: the p99 time until done, from the
 * intended send until the order is confirmed with every effect applied,
 * counted over every request offered. A request answered with an error (a
 * 503 from a saturated sync edge) is never done, so it is worse than any
 * completion; with more than 1 % of them the p99 is "never".
 */
import { combinePromises, promisesOf, promisesText } from './promises.js';
import type { CrossoverJudgement, VariantResult } from '../result/index.js';
import { formatBreakdown, formatMs, formatPercent } from '../report/text/format.js';
import { median } from '../report/text/variant-groups.js';

/** The share of orders a p99 may leave not done: more, and the p99 is "never". */
export const NOT_DONE_ALLOWED = 0.01;

/** The sync edge's answer when its pool and queue are full (503). */
export const SATURATED = 'saturated';

/** p99s within 10 % of each other are a tie: a p99 of a few hundred orders on a shared machine moves that much. */
export const CROSSOVER_TIE = 0.1;

/** What the rule reads of one variant in one cell (median over its repetitions). */
export interface CellFigures {
  /** p99 time until done, ms; Infinity when more than 1 % of the offered orders were never done. */
  readonly doneP99: number;
  readonly doneP50: number;
  /** Share of the offered orders never done. */
  readonly notDone: number;
  /** Errors answered, by reason, summed over repetitions. */
  readonly errors: Readonly<Record<string, number>>;
  /** The HTTP answer (sync: the outcome; async: 202 accepted), ms. */
  readonly answeredP50: number | null;
  readonly answeredP99: number | null;
}

const never = (v: number | null | undefined): number => (v == null ? Infinity : v);

/** The median over repetitions, keeping "never" (Infinity) as the slowest value. */
function medianKeepingNever(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The figures of one variant in a cell; null when it did not run there or measured no time until done. */
export function cellFigures(runs: readonly VariantResult[]): CellFigures | null {
  const measured = runs.filter((r) => r.timeUntilDone);
  if (measured.length === 0) return null;
  const errors: Record<string, number> = {};
  for (const r of measured)
    for (const [reason, n] of Object.entries(r.errorsByReason))
      errors[reason] = (errors[reason] ?? 0) + n;
  return {
    doneP99: medianKeepingNever(measured.map((r) => never(r.timeUntilDone!.p99))),
    doneP50: medianKeepingNever(measured.map((r) => never(r.timeUntilDone!.p50))),
    notDone: median(
      measured.map((r) => {
        const t = r.timeUntilDone!;
        return t.offered > 0 ? 1 - t.done / t.offered : 0;
      }),
    )!,
    errors,
    answeredP50: median(measured.map((r) => (r.accepted.count ? r.accepted.p50 : null))),
    answeredP99: median(measured.map((r) => (r.accepted.count ? r.accepted.p99 : null))),
  };
}

/** "34 % not done (saturated: 612)". */
export function notDoneText(f: CellFigures): string {
  const why = formatBreakdown(f.errors);
  return `${formatPercent(f.notDone)} not done${why ? ` (${why})` : ''}`;
}

/** A factor like "1.6×". */
export function formatFactor(factor: number): string {
  return `${Number(factor.toPrecision(2))}×`;
}

/**
 * A variant that broke a promise in the cell (DESIGN.md section 5) is not
 * done faster, whatever its time: the one that kept them is better, and with
 * both broken neither is. Null when both kept them.
 */
function promisesJudgement(runs: readonly VariantResult[]): CrossoverJudgement | null {
  const of = (variant: string) =>
    combinePromises(runs.filter((r) => r.variant === variant).map(promisesOf));
  const sync = of('sync');
  const async = of('async');
  if (sync.kept && async.kept) return null;
  const broke = (variant: string, j: typeof sync) =>
    `${variant} broke its promises (${promisesText(j)})`;
  if (!sync.kept && !async.kept)
    return {
      better: 'tie',
      factor: null,
      why: `both broke their promises: ${broke('sync', sync)}; ${broke('async', async)}`,
      promisesBroken: ['sync', 'async'],
    };
  return sync.kept
    ? { better: 'sync', factor: null, why: broke('async', async), promisesBroken: ['async'] }
    : { better: 'async', factor: null, why: broke('sync', sync), promisesBroken: ['sync'] };
}

/**
 * The better of sync and async in one cell: the lower p99 time until done;
 * "never" loses to any time; within {@link CROSSOVER_TIE} it is a tie. When
 * neither got 99 % done, the one with fewer orders not done is better. A
 * broken promise settles the cell before any time does.
 */
export function judgeCell(runs: readonly VariantResult[]): CrossoverJudgement {
  const sync = cellFigures(runs.filter((r) => r.variant === 'sync'));
  const async = cellFigures(runs.filter((r) => r.variant === 'async'));
  if (!sync || !async) {
    const ran = sync ? 'sync' : async ? 'async' : 'neither';
    return { better: null, factor: null, why: `only ${ran} ran: nothing to compare` };
  }
  const broken = promisesJudgement(runs);
  if (broken) return broken;
  const s = sync.doneP99;
  const a = async.doneP99;
  if (!Number.isFinite(s) && !Number.isFinite(a)) {
    const close =
      Math.abs(sync.notDone - async.notDone) <=
      CROSSOVER_TIE * Math.max(sync.notDone, async.notDone);
    const better = close ? 'tie' : sync.notDone < async.notDone ? 'sync' : 'async';
    return {
      better,
      factor: null,
      why: `neither got 99 % done: sync ${notDoneText(sync)}, async ${notDoneText(async)}`,
    };
  }
  if (!Number.isFinite(s))
    return { better: 'async', factor: null, why: `sync: ${notDoneText(sync)}` };
  if (!Number.isFinite(a))
    return { better: 'sync', factor: null, why: `async: ${notDoneText(async)}` };
  const versus = `sync ${formatMs(s)} vs async ${formatMs(a)}`;
  if (Math.abs(s - a) <= CROSSOVER_TIE * Math.max(s, a))
    return {
      better: 'tie',
      factor: Math.max(s, a) / Math.min(s, a),
      why: `within ${formatPercent(CROSSOVER_TIE)}: ${versus}`,
    };
  const better = s < a ? 'sync' : 'async';
  const factor = Math.max(s, a) / Math.min(s, a);
  return { better, factor, why: `${better} ${formatFactor(factor)} faster: ${versus}` };
}

/** The rule, in one sentence for the captions. */
export const CROSSOVER_RULE =
  `Better: the lower p99 time until done, from the intended send until the order is confirmed with every effect applied (sync: its answer; async: its completion), counted over every request offered. ` +
  `A request answered with an error (503 when the sync pool and its queue are full) is never done, so it is worse than any completion: with more than 1 % of them the p99 is "never". ` +
  `Within ${formatPercent(CROSSOVER_TIE)} of each other is even, and the verdict counts even for sync: its answer carries the outcome, with no broker behind it. ` +
  'A variant that broke a promise in a cell (an order lost, an effect duplicated or missing, a charge or a reservation left behind) is never the better one there.';
