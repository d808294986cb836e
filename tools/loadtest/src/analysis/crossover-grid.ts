/**
 * The crossover grid as the result holds it: every cell's runs with their
 * promises judged, each variant's figures in the cell, the cell's judgement,
 * the accounting over all cells and the grid's verdict.
 */
import type { Variant } from '@lab/domain';
import {
  PROMISE_COUNTS,
  type CellFigures,
  type CrossoverBooks,
  type CrossoverCell,
  type CrossoverResult,
  type PromiseCount,
  type VariantResult,
  type VariantRun,
} from '../result/index.js';
import {
  cellFigures,
  cellPromises,
  CROSSOVER_TIE,
  judgeCell,
  NOT_DONE_ALLOWED,
} from './crossover-rule.js';
import { crossoverVerdict } from './crossover-verdict.js';
import { combinePromises, withPromises } from './promises.js';

/** One cell as it was planned: its rate, payment latency and checkouts in flight. */
export interface PlannedCell {
  readonly rate: number;
  readonly paymentLatencyMs: number;
  readonly inFlight: number;
}

/** A cell of judged runs: each variant's figures and promises, and which is better. */
export function crossoverCell(planned: PlannedCell, runs: readonly VariantResult[]): CrossoverCell {
  const figures: Partial<Record<Variant, CellFigures>> = {};
  for (const variant of new Set(runs.map((r) => r.variant))) {
    const f = cellFigures(runs.filter((r) => r.variant === variant));
    if (f) figures[variant] = f;
  }
  const promises = cellPromises(runs);
  return { ...planned, runs, figures, promises, judgement: judgeCell(figures, promises) };
}

/** Per variant, the accounting summed over every cell. */
export function crossoverBooks(cells: readonly CrossoverCell[]): CrossoverBooks[] {
  const variants = [...new Set(cells.flatMap((c) => c.runs.map((r) => r.variant)))];
  return variants.map((variant: Variant) => {
    const runs = cells.flatMap((c) => c.runs.filter((r) => r.variant === variant));
    const sum = (pick: (a: NonNullable<VariantResult['accounting']>) => number) =>
      runs.reduce((n, r) => n + (r.accounting ? pick(r.accounting) : 0), 0);
    const counts = Object.fromEntries(PROMISE_COUNTS.map((c) => [c, sum((a) => a[c])])) as Record<
      PromiseCount,
      number
    >;
    return {
      variant,
      runs: runs.length,
      accepted: sum((a) => a.accepted),
      confirmed: sum((a) => a.confirmed),
      failed: sum((a) => a.failed),
      counts,
      promises: combinePromises(runs.map((r) => r.promises)),
    };
  });
}

/** The grid from its planned cells and each cell's runs, in the cells' order. */
export function crossoverResult(
  grid: Pick<CrossoverResult, 'step' | 'syncPool'>,
  planned: readonly PlannedCell[],
  runs: readonly (readonly VariantRun[])[],
): CrossoverResult {
  const cells = planned.map((c, i) =>
    crossoverCell(
      c,
      (runs[i] ?? []).map((r) => withPromises(r)),
    ),
  );
  const rates = [...new Set(planned.map((c) => c.rate))];
  return {
    rates,
    paymentLatenciesMs: [...new Set(planned.map((c) => c.paymentLatencyMs))],
    step: grid.step,
    syncPool: grid.syncPool,
    rule: { tieWithin: CROSSOVER_TIE, notDoneAllowed: NOT_DONE_ALLOWED },
    cells,
    books: crossoverBooks(cells),
    verdict: crossoverVerdict({ cells, syncPool: grid.syncPool, rates }),
  };
}
