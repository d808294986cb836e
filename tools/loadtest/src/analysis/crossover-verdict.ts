/**
 * The verdict of the crossover grid, told around the sync pool, where the
 * crossover comes from (Little's law): under it (rate × latency within the
 * pool, a region the grid fixes) whether sync is the better choice, faster
 * or even in most cells; past it, whether async completion beats sync, and
 * what sync does there (waits for the pool, or answers 503). Then the cells
 * where a variant broke a promise (DESIGN.md section 5), which go to the
 * other. Numbers only: report/text/crossover-verdict-text.ts tells it.
 */
import type { Variant } from '@lab/domain';
import type {
  CellBrokenPromise,
  CellRef,
  CrossoverCell,
  CrossoverResult,
  CrossoverVerdict,
  PastThePool,
  SyncBoundary,
  SyncPastThePool,
  UnderThePool,
} from '../result/index.js';
import { NOT_DONE_ALLOWED, SATURATED } from './crossover-rule.js';

const MS_PER_S = 1000;

/** What the verdict reads of the grid. */
export type Grid = Pick<CrossoverResult, 'cells' | 'syncPool' | 'rates'>;

const ref = (c: CrossoverCell): CellRef => ({ rate: c.rate, paymentLatencyMs: c.paymentLatencyMs });
const is = (better: Variant | 'tie') => (c: CrossoverCell) => c.judgement.better === better;
const byInFlight = (a: CrossoverCell, b: CrossoverCell) => a.inFlight - b.inFlight;
const syncNotDone = (c: CrossoverCell) => c.figures.sync?.notDone ?? 0;

/** What sync does in a cell async wins. */
export function syncThere(c: CrossoverCell, pool: CrossoverResult['syncPool']): SyncPastThePool {
  const sync = c.figures.sync;
  const notDone = sync?.notDone ?? 0;
  const errors = sync?.errors ?? {};
  const behaviour =
    sync && notDone > NOT_DONE_ALLOWED
      ? errors[SATURATED]
        ? 'saturated'
        : 'not-done'
      : c.inFlight > pool.maxInFlight
        ? 'waits-for-pool'
        : 'slower';
  return { cell: ref(c), behaviour, notDone, errors, factor: c.judgement.factor };
}

/** The judged cells under the pool: where sync keeps up, is it the better choice? */
function underThePool(
  under: readonly CrossoverCell[],
  grid: Grid,
  judged: readonly CrossoverCell[],
): UnderThePool {
  const latencies = [...new Set(judged.map((c) => c.paymentLatencyMs))].sort((a, b) => a - b);
  // rate × latency grows with the rate: a latency's cells under the pool are its lowest rates.
  const upTo = latencies.map((latencyMs) => {
    const rates = under.filter((c) => c.paymentLatencyMs === latencyMs).map((c) => c.rate);
    return { latencyMs, rate: rates.length ? Math.max(...rates) : null };
  });
  const asyncAhead = under.filter(is('async')).sort(byInFlight);
  const most = Math.max(0, ...asyncAhead.map((c) => c.judgement.factor ?? 0));
  return {
    upTo,
    maxRate: Math.max(...grid.rates),
    cells: under.length,
    syncFaster: under.filter(is('sync')).length,
    even: under.filter(is('tie')).length,
    asyncAhead: asyncAhead.map(ref),
    asyncAheadBy: most || null,
    better: asyncAhead.length * 2 < under.length ? 'sync' : 'async',
  };
}

/** The judged cells past the pool, fewest in flight first: does async completion beat sync there? */
function pastThePool(past: readonly CrossoverCell[], grid: Grid): PastThePool {
  const asyncWins = past.filter(is('async'));
  // What sync does there: in the first cell async wins, and where sync leaves most undone.
  const worst = [...asyncWins].sort((a, b) => syncNotDone(b) - syncNotDone(a))[0];
  const shown = !worst ? [] : worst === asyncWins[0] ? [worst] : [asyncWins[0]!, worst];
  return {
    fromInFlight: past[0]!.inFlight,
    cells: past.length,
    asyncWins: asyncWins.length,
    held: past.filter((c) => !is('async')(c)).map(ref),
    shown: shown.map((c) => syncThere(c, grid.syncPool)),
  };
}

/** The variants that broke a promise, cell by cell. */
function brokenPromises(cells: readonly CrossoverCell[]): CellBrokenPromise[] {
  return cells.flatMap((c) =>
    (Object.entries(c.promises) as [Variant, NonNullable<CrossoverCell['promises'][Variant]>][])
      .filter(([, promises]) => !promises.kept)
      .map(([variant, promises]) => ({ cell: ref(c), variant, promises })),
  );
}

/** The grid's verdict in numbers. */
export function crossoverVerdict(grid: Grid): CrossoverVerdict {
  const judged = grid.cells.filter((c) => c.judgement.better !== null);
  const pool = grid.syncPool.maxInFlight;
  const under = judged.filter((c) => c.inFlight <= pool);
  const past = judged.filter((c) => c.inFlight > pool).sort(byInFlight);
  return {
    judged: judged.length,
    cells: grid.cells.length,
    pool,
    under: under.length ? underThePool(under, grid, judged) : null,
    past: past.length ? pastThePool(past, grid) : null,
    maxInFlight: judged.length ? Math.max(...judged.map((c) => c.inFlight)) : null,
    broken: brokenPromises(grid.cells),
    boundary: syncBoundary(judged, grid.syncPool.maxInFlight),
  };
}

/** Per payment latency, Little's law's boundary for sync (pool ÷ latency) beside the grid's. */
export function syncBoundary(judged: readonly CrossoverCell[], pool: number): SyncBoundary[] {
  const latencies = [...new Set(judged.map((c) => c.paymentLatencyMs))].sort((a, b) => a - b);
  return latencies
    .filter((l) => l > 0)
    .map((latencyMs) => {
      const row = judged
        .filter((c) => c.paymentLatencyMs === latencyMs)
        .sort((a, b) => a.rate - b.rate);
      const behind = row.find((c) => syncNotDone(c) > NOT_DONE_ALLOWED);
      const held = row.filter(
        (c) => (!behind || c.rate < behind.rate) && syncNotDone(c) <= NOT_DONE_ALLOWED,
      );
      return {
        latencyMs,
        modelRate: (pool * MS_PER_S) / latencyMs,
        measuredRate: behind?.rate ?? null,
        heldRate: held.length ? held.at(-1)!.rate : null,
      };
    });
}
