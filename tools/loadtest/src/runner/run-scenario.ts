/**
 * Runs one scenario of open, closed or burst runs: every variant on a fresh
 * stack of real processes, the same workload and seed, alternated when
 * repeated (A B C A B C); then its result, judged.
 */
import type { FaultWindow, ScenarioResult, VariantRun } from '../result/index.js';
import type { Scenario } from '../scenario/types.js';
import { envelope } from './fault-timeline.js';
import type { VariantRunOptions } from './variant-drive.js';
import { scenarioResult } from './scenario-result.js';
import { runOnStack, startSessionStack, type StackSession } from './stack-session.js';

export type ScenarioRunOptions = Omit<VariantRunOptions, 'repeat' | 'timeUntilDone'> & {
  /** Each variant runs this many times, alternated. */
  readonly repeats: number;
};

/** What the reader must know of how the scenario ran. */
function notesOf(
  session: StackSession,
  scenario: Scenario,
  runs: readonly VariantRun[],
  faults: readonly FaultWindow[],
): string[] {
  const problem = session.remoteProblem;
  return [
    ...(session.brokers
      ? []
      : [
          `Run against stacks already running: their own profile and time scale apply, not the scenario's (${scenario.profile}, ${scenario.timeScale}).`,
        ]),
    ...(faults.some((f) => !f.executed)
      ? [
          `Some fault windows did not run${problem ? ` (${problem})` : ''}: the runs show the workload without them.`,
        ]
      : []),
    ...runs
      .filter((v) => !v.drained)
      .map(
        (v) =>
          `${v.variant} #${v.repeat} did not drain within ${scenario.drainTimeoutS} s: incomplete orders count as lost in its accounting.`,
      ),
  ];
}

export async function runScenario(
  session: StackSession,
  scenario: Scenario,
  options: ScenarioRunOptions,
): Promise<ScenarioResult> {
  const { repeats, ...each } = options;
  const runs: VariantRun[] = [];
  for (let repeat = 1; repeat <= repeats; repeat++) {
    for (const variant of scenario.variants) {
      const stack = await startSessionStack(session, variant, scenario);
      try {
        runs.push(await runOnStack(session, stack, scenario, { ...each, repeat }));
      } finally {
        await stack.stop();
      }
    }
  }
  const faults = envelope(
    scenario.faults,
    runs.map((v) => v.faults),
  );
  return scenarioResult(scenario, runs, {
    faults,
    notes: notesOf(session, scenario, runs, faults),
  });
}
