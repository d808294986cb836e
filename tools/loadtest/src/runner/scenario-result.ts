/**
 * A scenario's runs made into its result: every run's promises judged, each
 * threshold judged on the median over the repeats, the verdict, each
 * variant's median repeat, and whether it passed. The runner's one place of
 * judgement, pure, so the rules are tested without a stack.
 */
import { blipNote, faultBlips } from '../analysis/fault-blip.js';
import { combinePromises, lossNote, withPromises } from '../analysis/promises.js';
import { judgeThresholds, medianRepeatMetric, medianRepeats } from '../analysis/repeats.js';
import type { FaultWindow, ScenarioResult, VariantResult, VariantRun } from '../result/index.js';
import { verdictFor } from '../analysis/verdict.js';
import type { Scenario } from '../scenario/types.js';

/** The scenario's workload as the result states it. */
export function workloadOf(scenario: Scenario): ScenarioResult['workload'] {
  const w = scenario.workload;
  return {
    mode: w.mode,
    durationS: w.durationS,
    warmupS: w.warmupS,
    mix: { ...scenario.mix },
    ...(w.mode === 'open' ? { arrivals: scenario.arrivals ?? { process: 'uniform' } } : {}),
    ...(w.mode === 'open'
      ? {
          rate: w.rate,
          ...(w.rampTo ? { rampTo: w.rampTo } : {}),
          ...(w.warmupRate ? { warmupRate: w.warmupRate } : {}),
        }
      : {}),
    ...(w.mode === 'burst' ? { users: w.count } : {}),
    ...(w.mode === 'closed' ? { users: w.users } : {}),
  };
}

/** Notes on runs whose promises cannot be judged: the reader must know why the scenario failed. */
function unaccountedNotes(runs: readonly VariantResult[], repeated: boolean): string[] {
  return runs
    .filter((r) => !r.accounting)
    .map(
      (r) =>
        `${r.variant}${repeated ? ` #${r.repeat}` : ''} has no accounting (its reconcile failed): its promises are not counted as kept.`,
    );
}

/** The result of a scenario of open, closed or burst runs (a crossover makes its own). */
export function scenarioResult(
  scenario: Scenario,
  runs: readonly VariantRun[],
  context: { readonly faults: readonly FaultWindow[]; readonly notes: readonly string[] },
): ScenarioResult {
  const variants = runs.map((r) => withPromises(r, scenario.measuresLoss));
  const promises = combinePromises(variants.map((v) => v.promises));
  const thresholds = judgeThresholds(scenario.thresholds, variants);
  const median = medianRepeats(variants, medianRepeatMetric(scenario.thresholds));
  return {
    name: scenario.name,
    description: scenario.description,
    ...(scenario.baseline ? { baseline: scenario.baseline } : {}),
    workload: workloadOf(scenario),
    profile: scenario.profile,
    timeScale: scenario.timeScale,
    faults: context.faults,
    thresholds,
    variants,
    verdict: verdictFor(variants),
    notes: [
      ...context.notes,
      ...unaccountedNotes(variants, median.length > 0),
      ...(scenario.brokers
        ? variants.flatMap((v) =>
            faultBlips(v.faults, v.timeline).map((b) =>
              blipNote(`${v.variant}${median.length > 0 ? ` #${v.repeat}` : ''}`, b),
            ),
          )
        : []),
      ...variants.flatMap((v) => {
        const note = lossNote(
          `${v.variant}${median.length > 0 ? ` #${v.repeat}` : ''}`,
          v.promises,
        );
        return note ? [note] : [];
      }),
    ],
    promises,
    ...(median.length ? { medianRepeats: median } : {}),
    passed: promises.kept && thresholds.every((t) => t.passed),
  };
}
