/**
 * Runs one scenario of open, closed or burst runs: every variant on a fresh
 * stack of real processes, the same workload and seed, alternated when
 * repeated (A B C A B C); then its result, judged.
 */
import { modelChecks } from '../analysis/queueing/index.js';
import { consumerConcurrencyOf, syncPoolOf } from '../scenario/stack-settings.js';
import type { FaultWindow, ScenarioResult, VariantRun } from '../result/index.js';
import type { Scenario } from '../scenario/types.js';
import { envelope } from './fault-timeline.js';
import type { VariantRunOptions } from './variant-drive.js';
import { scenarioResult } from './scenario-result.js';
import type { Brokers } from '@lab/brokers';
import {
  runOnStack,
  sessionOn,
  startScenarioBrokers,
  startSessionStack,
  type SessionStack,
  type StackSession,
} from './stack-session.js';
import { openTracing, type RunTracing } from './trace-run.js';
import { withPromises } from '../analysis/promises.js';
import { scenarioTracing, tracedPromisesKept } from '../analysis/tracing-overhead.js';

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
    ...(scenario.together && session.brokers && scenario.variants.length > 1
      ? [
          'The variants ran at the same time, each on a stack and brokers of its own: a fault hits each at the same second of its run. The load tool’s CPU is split evenly between them.',
        ]
      : []),
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

/** Stops what started, then throws the first failure, if any did fail. */
async function allStarted<T>(
  started: readonly PromiseSettledResult<T>[],
  stop: (t: T) => Promise<void>,
): Promise<T[]> {
  const failed = started.find((s) => s.status === 'rejected');
  if (!failed) return started.map((s) => (s as PromiseFulfilledResult<T>).value);
  await Promise.all(started.map((s) => (s.status === 'fulfilled' ? stop(s.value) : undefined)));
  throw failed.reason;
}

/**
 * Every variant at the same time, each on brokers and a stack of its own, so
 * a broker fault hits each variant's own broker at the same second of its run.
 */
async function runTogether(
  session: StackSession,
  scenario: Scenario,
  options: VariantRunOptions,
  tracing?: RunTracing,
): Promise<VariantRun[]> {
  const n = scenario.variants.length;
  const brokers = await allStarted(
    await Promise.allSettled(scenario.variants.map(() => startScenarioBrokers(scenario.brokers))),
    (b: Brokers) => b.stop(),
  );
  try {
    const sessions = brokers.map((b) => sessionOn(session, b));
    const stacks = await allStarted(
      await Promise.allSettled(
        scenario.variants.map((v, i) => startSessionStack(sessions[i]!, v, scenario, tracing, n)),
      ),
      (s: SessionStack) => s.stop(),
    );
    try {
      const traced = tracing ? { tracing } : {};
      return await Promise.all(
        stacks.map((s, i) => runOnStack(sessions[i]!, s, scenario, { ...options, ...traced })),
      );
    } finally {
      await Promise.all(stacks.map((s) => s.stop()));
    }
  } finally {
    await Promise.all(brokers.map((b) => b.stop()));
  }
}

/** Each variant once, on fresh stacks (traced ones when `tracing` is given). */
async function runRound(
  session: StackSession,
  scenario: Scenario,
  options: VariantRunOptions,
  tracing?: RunTracing,
): Promise<VariantRun[]> {
  if (scenario.together && session.brokers && scenario.variants.length > 1)
    return runTogether(session, scenario, options, tracing);
  const runs: VariantRun[] = [];
  for (const variant of scenario.variants) {
    const stack = await startSessionStack(session, variant, scenario, tracing);
    try {
      runs.push(
        await runOnStack(session, stack, scenario, { ...options, ...(tracing ? { tracing } : {}) }),
      );
    } finally {
      await stack.stop();
    }
  }
  return runs;
}

/**
 * The scenario's rounds: each repeat of every variant, and, when the
 * scenario traces, a traced repeat after each (A B C, A B C traced, …); a
 * stack the tool did not start cannot be told to trace.
 */
async function runRounds(
  session: StackSession,
  scenario: Scenario,
  options: ScenarioRunOptions,
): Promise<{ runs: VariantRun[]; traced: VariantRun[] }> {
  const { repeats, ...each } = options;
  const tracedRepeats = session.brokers ? (scenario.tracing?.repeats ?? 0) : 0;
  const tracing = tracedRepeats ? await openTracing(scenario.tracing!.sampleRatio) : undefined;
  const runs: VariantRun[] = [];
  const traced: VariantRun[] = [];
  try {
    for (let repeat = 1; repeat <= Math.max(repeats, tracedRepeats); repeat++) {
      if (repeat <= repeats) runs.push(...(await runRound(session, scenario, { ...each, repeat })));
      if (tracing && repeat <= tracedRepeats)
        traced.push(...(await runRound(session, scenario, { ...each, repeat }, tracing)));
    }
  } finally {
    await tracing?.collector.close();
  }
  return { runs, traced };
}

export async function runScenario(
  session: StackSession,
  scenario: Scenario,
  options: ScenarioRunOptions,
): Promise<ScenarioResult> {
  const { runs, traced } = await runRounds(session, scenario, options);
  const faults = envelope(
    scenario.faults,
    runs.map((v) => v.faults),
  );
  const notes = notesOf(session, scenario, runs, faults);
  if (scenario.tracing && !session.brokers)
    notes.push(
      'Not traced: the stacks were already running, and their own tracing settings apply.',
    );
  const checks = modelChecks(
    scenario,
    runs,
    syncPoolOf(scenario, session.config),
    consumerConcurrencyOf(scenario, session.config),
  );
  const result = {
    ...scenarioResult(scenario, runs, { faults, notes }),
    ...(checks.length ? { model: checks } : {}),
  };
  if (!traced.length) return result;
  const tracing = scenarioTracing(
    scenario.tracing!.sampleRatio,
    result.variants,
    traced.map((r) => withPromises(r, scenario.measuresLoss)),
  );
  return {
    ...result,
    tracing,
    passed: result.passed && tracedPromisesKept(tracing),
  };
}
