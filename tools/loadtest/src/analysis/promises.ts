/**
 * The one definition of a kept promise (DESIGN.md section 5): lost, duplicate
 * effects, orphan charges, missing effects and leaked reservations all 0, in
 * an accounting that exists. The runner judges with it (every run, a
 * scenario's `passed`, the exit code, the verdict, the crossover's cells) and
 * stores the judgement in the result, which the printers read.
 */
import {
  PROMISE_COUNTS,
  type Accounting,
  type BrokenPromise,
  type PromiseCount,
  type PromiseJudgement,
  type VariantResult,
  type VariantRun,
} from '../result/index.js';

/** Judges one run's accounting; a missing one (the reconcile failed) is not kept. */
export function judgePromises(accounting: Accounting | null | undefined): PromiseJudgement {
  if (!accounting) return { kept: false, broken: [], unaccounted: 1 };
  const broken = PROMISE_COUNTS.filter((count) => accounting[count] !== 0).map(
    (count): BrokenPromise => ({ count, value: accounting[count] }),
  );
  return { kept: broken.length === 0, broken, unaccounted: 0 };
}

/** Several runs together: kept when every one was; broken counts summed. */
export function combinePromises(judgements: readonly PromiseJudgement[]): PromiseJudgement {
  const sums = new Map<PromiseCount, number>();
  for (const j of judgements)
    for (const b of j.broken) sums.set(b.count, (sums.get(b.count) ?? 0) + b.value);
  const broken = PROMISE_COUNTS.filter((c) => sums.has(c)).map((count) => ({
    count,
    value: sums.get(count)!,
  }));
  const unaccounted = judgements.reduce((n, j) => n + j.unaccounted, 0);
  return { kept: judgements.every((j) => j.kept), broken, unaccounted };
}

/** A run with its promises judged: what the runner stores. */
export function withPromises<R extends VariantRun>(run: R): R & Pick<VariantResult, 'promises'> {
  return { ...run, promises: judgePromises(run.accounting) };
}

/** The sum of the broken counts; null without an accounting, which cannot be compared. */
export function brokenCount(j: PromiseJudgement): number | null {
  return j.unaccounted > 0 ? null : j.broken.reduce((n, b) => n + b.value, 0);
}
