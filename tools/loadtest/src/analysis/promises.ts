/**
 * The one definition of a kept promise (DESIGN.md section 5): lost, duplicate
 * effects, orphan charges, missing effects and leaked reservations all 0, in
 * an accounting that exists. The runner judges with it (a scenario's `passed`,
 * the exit code, the verdict, the crossover's cells) and stores the judgement
 * in the result; the printers read the stored judgement, and compute it here,
 * from the accounting, only for a report saved before it was stored.
 */
import type {
  Accounting,
  BrokenPromise,
  PromiseCount,
  PromiseJudgement,
  RunResult,
  ScenarioResult,
  VariantResult,
} from '../result/index.js';

/**
 * Each promise count and how a report names it. `satisfies` makes the
 * compiler refuse a count of the ledger's reconciliation that is neither
 * listed here nor declared a volume (result.ts `VolumeCount`).
 */
const LABELS = {
  lost: 'lost',
  duplicateEffects: 'duplicate effects',
  orphanCharges: 'orphan charges',
  missingEffects: 'missing effects',
  leakedReservations: 'leaked reservations',
} as const satisfies Record<PromiseCount, string>;

/** The five counts, in the order DESIGN.md gives them. */
export const PROMISE_COUNTS = Object.keys(LABELS) as readonly PromiseCount[];

/** "leaked reservations". */
export function promiseLabel(count: PromiseCount): string {
  return LABELS[count];
}

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
export function withPromises(run: VariantResult): VariantResult {
  return { ...run, promises: judgePromises(run.accounting) };
}

/** The judgement the runner stored, or, in a report saved before it was, the accounting's. */
export function promisesOf(run: VariantResult): PromiseJudgement {
  return run.promises ?? judgePromises(run.accounting);
}

/** Every run of a scenario: its variants, or a crossover's cells. */
export function runsOf(scenario: ScenarioResult): readonly VariantResult[] {
  return scenario.crossover ? scenario.crossover.cells.flatMap((c) => c.runs) : scenario.variants;
}

/** The judgement over every run of a scenario, the stored one when there is one. */
export function scenarioPromisesOf(scenario: ScenarioResult): PromiseJudgement {
  return scenario.promises ?? combinePromises(runsOf(scenario).map(promisesOf));
}

/**
 * Whether a scenario passed: as the runner said, and never with a broken
 * promise (a report saved before all five counts were judged may say passed).
 */
export function scenarioPassed(scenario: ScenarioResult): boolean {
  return scenario.passed && scenarioPromisesOf(scenario).kept;
}

/** Whether the whole run passed, by the same rule. */
export function runPassed(result: RunResult): boolean {
  return result.passed && result.scenarios.every(scenarioPassed);
}

/**
 * "leaked reservations 4, lost 1", "no accounting: the reconcile failed",
 * "kept": the judgement in words, for every printer.
 */
export function promisesText(j: PromiseJudgement): string {
  if (j.kept) return 'kept';
  const parts = j.broken.map((b) => `${LABELS[b.count]} ${b.value.toLocaleString('en-US')}`);
  if (j.unaccounted > 0)
    parts.push(
      j.unaccounted === 1
        ? 'no accounting: the reconcile failed, nothing shows the promises kept'
        : `${j.unaccounted} runs without an accounting: their reconcile failed, nothing shows the promises kept`,
    );
  return parts.join(', ');
}

/** The sum of the broken counts; null without an accounting, which cannot be compared. */
export function brokenCount(j: PromiseJudgement): number | null {
  return j.unaccounted > 0 ? null : j.broken.reduce((n, b) => n + b.value, 0);
}
