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

/**
 * Judges one run's accounting; a missing one (the reconcile failed) is not
 * kept. In a scenario that measures loss (`measuresLoss`, its cause), what
 * is lost is the finding: stated under `measured`, and not a broken promise.
 */
export function judgePromises(
  accounting: Accounting | null | undefined,
  measuresLoss?: string,
): PromiseJudgement {
  if (!accounting) return { kept: false, broken: [], unaccounted: 1 };
  const counted = PROMISE_COUNTS.filter((count) => accounting[count] !== 0).map(
    (count): BrokenPromise => ({ count, value: accounting[count] }),
  );
  if (measuresLoss !== undefined)
    return {
      kept: true,
      broken: [],
      unaccounted: 0,
      measured: { cause: measuresLoss, counts: counted },
    };
  return { kept: counted.length === 0, broken: counted, unaccounted: 0 };
}

function sumCounts(lists: readonly (readonly BrokenPromise[])[]): BrokenPromise[] {
  const sums = new Map<PromiseCount, number>();
  for (const list of lists)
    for (const b of list) sums.set(b.count, (sums.get(b.count) ?? 0) + b.value);
  return PROMISE_COUNTS.filter((c) => sums.has(c)).map((count) => ({
    count,
    value: sums.get(count)!,
  }));
}

/** Several runs together: kept when every one was; broken counts summed. */
export function combinePromises(judgements: readonly PromiseJudgement[]): PromiseJudgement {
  const broken = sumCounts(judgements.map((j) => j.broken));
  const unaccounted = judgements.reduce((n, j) => n + j.unaccounted, 0);
  const cause = judgements.find((j) => j.measured)?.measured?.cause;
  const measured =
    cause === undefined
      ? {}
      : { measured: { cause, counts: sumCounts(judgements.map((j) => j.measured?.counts ?? [])) } };
  return { kept: judgements.every((j) => j.kept), broken, unaccounted, ...measured };
}

/** A run with its promises judged (in a scenario that measures loss, `measuresLoss`): what the runner stores. */
export function withPromises<R extends VariantRun>(
  run: R,
  measuresLoss?: string,
): R & Pick<VariantResult, 'promises'> {
  return { ...run, promises: judgePromises(run.accounting, measuresLoss) };
}

/** What each count means when a failover is what lost it. */
const LOSS_WORDS: Record<PromiseCount, string> = {
  lost: 'orders accepted and then gone (lost)',
  duplicateEffects: 'effects applied twice (jobs run twice)',
  orphanCharges: 'charges without a confirmed order or a refund',
  missingEffects: 'effects missing from confirmed orders (recorded and then gone, or jobs lost)',
  leakedReservations: 'reservations never released',
};

/** The plain sentence a scenario that measures loss states per run: what was lost, and why. */
export function lossNote(label: string, judgement: PromiseJudgement): string | undefined {
  const measured = judgement.measured;
  if (!measured) return undefined;
  if (measured.counts.length === 0)
    return `${label}: nothing lost (lost, duplicate effects, orphan charges, missing effects, leaked reservations all 0).`;
  const what = measured.counts.map((c) => `${c.value} ${LOSS_WORDS[c.count]}`).join(', ');
  return `${label} LOST: ${what}. Cause: ${measured.cause}. This is the scenario's finding, not a failure of the lab.`;
}

/** The sum of the broken counts; null without an accounting, which cannot be compared. */
export function brokenCount(j: PromiseJudgement): number | null {
  return j.unaccounted > 0 ? null : j.broken.reduce((n, b) => n + b.value, 0);
}
