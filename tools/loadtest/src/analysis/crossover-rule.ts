/**
 * Which is better in a cell of the crossover grid. One measure settles a
 * cell: the p99 time until done, from the intended send until the order is
 * confirmed with every effect applied, counted over every request offered. A
 * request answered with an error (a 503 from a saturated sync edge) is never
 * done, so it is worse than any completion; with more than 1 % of them the
 * p99 is "never".
 */
import type { Variant } from '@lab/domain';
import type {
  CellFigures,
  CrossoverJudgement,
  PromiseJudgement,
  VariantResult,
} from '../result/index.js';
import { median } from './groups.js';
import { combinePromises } from './promises.js';

/** The share of orders a p99 may leave not done: more, and the p99 is "never". */
export const NOT_DONE_ALLOWED = 0.01;

/** The sync edge's answer when its pool and queue are full (503). */
export const SATURATED = 'saturated';

/** p99s within 10 % of each other are a tie: a p99 of a few hundred orders on a shared machine moves that much. */
export const CROSSOVER_TIE = 0.1;

const never = (v: number | null | undefined): number => (v == null ? Infinity : v);
const orNever = (v: number): number | null => (Number.isFinite(v) ? v : null);

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
    doneP99: orNever(medianKeepingNever(measured.map((r) => never(r.timeUntilDone!.p99)))),
    doneP50: orNever(medianKeepingNever(measured.map((r) => never(r.timeUntilDone!.p50)))),
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

/** Each variant's promises over its runs of a cell. */
export function cellPromises(
  runs: readonly VariantResult[],
): Partial<Record<Variant, PromiseJudgement>> {
  const promises: Partial<Record<Variant, PromiseJudgement>> = {};
  for (const variant of new Set(runs.map((r) => r.variant)))
    promises[variant] = combinePromises(
      runs.filter((r) => r.variant === variant).map((r) => r.promises),
    );
  return promises;
}

/**
 * A variant that broke a promise in the cell (DESIGN.md section 5) is not
 * done faster, whatever its time: the one that kept them is better, and with
 * both broken neither is. Null when both kept them.
 */
function promisesJudgement(
  promises: Partial<Record<Variant, PromiseJudgement>>,
): CrossoverJudgement | null {
  const syncKept = promises.sync?.kept ?? true;
  const asyncKept = promises.async?.kept ?? true;
  if (syncKept && asyncKept) return null;
  const reason = 'promises-broken';
  if (!syncKept && !asyncKept)
    return { better: 'tie', factor: null, reason, promisesBroken: ['sync', 'async'] };
  return syncKept
    ? { better: 'sync', factor: null, reason, promisesBroken: ['async'] }
    : { better: 'async', factor: null, reason, promisesBroken: ['sync'] };
}

/** Both p99s "never": the one that left fewer orders undone is better, unless within the tie. */
function neitherDone(sync: CellFigures, async: CellFigures): CrossoverJudgement {
  const close =
    Math.abs(sync.notDone - async.notDone) <= CROSSOVER_TIE * Math.max(sync.notDone, async.notDone);
  const better = close ? 'tie' : sync.notDone < async.notDone ? 'sync' : 'async';
  return { better, factor: null, reason: 'neither-done' };
}

/**
 * The better of sync and async in one cell: the lower p99 time until done;
 * "never" loses to any time; within {@link CROSSOVER_TIE} it is a tie. When
 * neither got 99 % done, the one with fewer orders not done is better. A
 * broken promise settles the cell before any time does.
 */
export function judgeCell(
  figures: Partial<Record<Variant, CellFigures>>,
  promises: Partial<Record<Variant, PromiseJudgement>>,
): CrossoverJudgement {
  const { sync, async } = figures;
  if (!sync || !async)
    return {
      better: null,
      factor: null,
      reason: 'one-ran',
      ran: sync ? 'sync' : async ? 'async' : null,
    };
  const broken = promisesJudgement(promises);
  if (broken) return broken;
  const s = sync.doneP99;
  const a = async.doneP99;
  if (s === null && a === null) return neitherDone(sync, async);
  if (s === null) return { better: 'async', factor: null, reason: 'not-done', notDone: 'sync' };
  if (a === null) return { better: 'sync', factor: null, reason: 'not-done', notDone: 'async' };
  // A p99 of 0 has no ratio (JSON keeps no Infinity): the factor is then unknown.
  const factor = orNever(Math.max(s, a) / Math.min(s, a));
  if (Math.abs(s - a) <= CROSSOVER_TIE * Math.max(s, a))
    return { better: 'tie', factor, reason: 'within-tie' };
  return { better: s < a ? 'sync' : 'async', factor, reason: 'faster' };
}
