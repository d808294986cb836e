/**
 * A fixture judged as the runner judges a real run: every run's promises,
 * each scenario's promises, verdict and outcome (its thresholds as given),
 * then the run's capacity figures, article table and outcome. Tests that
 * change a number of a fixture judge it again, so what the printers read is
 * what a runner would have stored.
 */
import { combinePromises, withPromises } from '../analysis/promises.js';
import { judgeRun } from '../analysis/run-judgement.js';
import { tracedPromisesKept } from '../analysis/tracing-overhead.js';
import { verdictFor } from '../analysis/verdict.js';
import type { RunResult, ScenarioResult } from '../result/index.js';

/** A scenario (not a crossover) judged again from its runs. */
export function rejudgeScenario(s: ScenarioResult): ScenarioResult {
  if (s.crossover) return s;
  const variants = s.variants.map(({ capacity: _stated, ...run }) => withPromises(run));
  const promises = combinePromises(variants.map((v) => v.promises));
  return {
    ...s,
    variants,
    promises,
    verdict: verdictFor(variants),
    passed: promises.kept && s.thresholds.every((t) => t.passed) && tracedPromisesKept(s.tracing),
  };
}

/** The whole run judged again. */
export function rejudge(result: RunResult): RunResult {
  const judged = judgeRun(result.scenarios.map(rejudgeScenario), result.transport);
  return {
    ...result,
    article: judged.article,
    scenarios: judged.scenarios,
    passed: judged.passed,
  };
}
