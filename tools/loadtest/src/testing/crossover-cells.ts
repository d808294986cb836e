/**
 * Cells built from runs that hold only what the crossover rule reads, for
 * the tests of the rule and of the verdict.
 */
import type { CrossoverCell, CrossoverResult, VariantResult } from '../result/index.js';
import { crossoverBooks, crossoverCell } from '../analysis/crossover-grid.js';
import { CROSSOVER_TIE, NOT_DONE_ALLOWED } from '../analysis/crossover-rule.js';
import { crossoverVerdict } from '../analysis/crossover-verdict.js';

export const POOL = { maxInFlight: 200, maxQueued: 200, queueTimeoutMs: 5000 };

/** A run with only what the rule reads: a p99 time until done (null: never) and its errors. */
export function run(
  variant: 'sync' | 'async',
  p99: number | null,
  options: {
    offered?: number;
    done?: number;
    saturated?: number;
    repeat?: number;
    /** Orders lost in the run: a broken promise. */
    lost?: number;
  } = {},
): VariantResult {
  const offered = options.offered ?? 100;
  const done = options.done ?? (p99 === null ? 50 : offered);
  const latency = { count: offered, mean: 1, p50: 1, p90: 1, p99: 1, p999: 1, max: 1 };
  return {
    variant,
    repeat: options.repeat ?? 1,
    errorsByReason: options.saturated ? { saturated: options.saturated } : {},
    accepted: latency,
    timeUntilDone: { offered, done, p50: p99 === null ? null : p99 / 2, p99 },
    promises: options.lost
      ? { kept: false, broken: [{ count: 'lost', value: options.lost }], unaccounted: 0 }
      : { kept: true, broken: [], unaccounted: 0 },
  } as unknown as VariantResult;
}

/** A cell of these runs, judged. */
export function cell(rate: number, latencyMs: number, runs: VariantResult[]): CrossoverCell {
  return crossoverCell(
    { rate, paymentLatencyMs: latencyMs, inFlight: (rate * latencyMs) / 1000 },
    runs,
  );
}

/** A grid of these cells against {@link POOL}, as the runner stores it (books and verdict computed). */
export function gridOf(cells: CrossoverCell[]): CrossoverResult {
  const rates = [...new Set(cells.map((c) => c.rate))];
  return {
    rates,
    paymentLatenciesMs: [...new Set(cells.map((c) => c.paymentLatencyMs))],
    step: 'chargeCard',
    syncPool: POOL,
    rule: { tieWithin: CROSSOVER_TIE, notDoneAllowed: NOT_DONE_ALLOWED },
    cells,
    books: crossoverBooks(cells),
    verdict: crossoverVerdict({ cells, syncPool: POOL, rates }),
  };
}
