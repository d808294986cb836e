/**
 * Runs a crossover scenario: the stacks of its variants up side by side (own
 * namespaces on the same brokers) and, for each cell of rate × payment
 * latency, the provider's latency set on every payment process for the whole
 * cell, then one short run per variant, back to back, so that the mood of a
 * shared machine weighs on both alike.
 */
import type { Brokers } from '@lab/brokers';
import type { LabConfig } from '@lab/config';
import type { Variant } from '@lab/domain';
import { startStack, type RunningStack } from '@lab/launcher';
import { combinePromises, withPromises } from '../analysis/promises.js';
import { backlogSampler } from '../probes/backlog-sampler.js';
import { stackProcesses } from '../probes/cost-meter.js';
import { cellScenario, crossoverCells, providerLatencySetting } from '../scenario/crossover-suite.js';
import { judgeCell } from '../analysis/crossover-rule.js';
import { crossoverVerdict } from '../analysis/crossover-verdict.js';
import type { CrossoverCell, CrossoverResult, ScenarioResult, VariantResult } from '../result/index.js';
import { runVariant } from './run-variant.js';
import { stackSettings, syncPoolOf } from '../scenario/stack-settings.js';
import type { Scenario } from '../scenario/types.js';

export interface CrossoverEnvironment {
  /** The tool's own brokers; undefined when driving stacks already running (not supported). */
  readonly brokers: Brokers | undefined;
  readonly redisUrl: string;
  readonly natsMonitorUrl: string | undefined;
  /** The tool's config: the sync pool the stacks get unless the scenario sets it. */
  readonly config: LabConfig;
}

export interface CrossoverRunOptions {
  readonly seed: number;
  readonly catalogSize: number;
  /** Each cell's variants run this many times, alternated. */
  readonly repeat: number;
  readonly onProgress?: (line: string) => void;
}

/** Sets the step's latency on every process of the stack that runs it (replicas too). */
async function setProviderLatency(
  stack: RunningStack,
  step: string,
  latencyMs: number,
  timeScale: number,
): Promise<void> {
  const apps = [...stack.apps.values()].filter((a) => a.steps.includes(step));
  if (apps.length === 0) throw new Error(`no process of the ${stack.kind} stack runs ${step}`);
  const setting = providerLatencySetting(latencyMs, timeScale);
  await Promise.all(apps.map((a) => a.setStepFault([step], setting)));
}

/** Every cell's runs, in the cells' order. */
async function runCells(
  scenario: Scenario,
  brokers: Brokers,
  env: CrossoverEnvironment,
  options: CrossoverRunOptions,
  notes: string[],
): Promise<VariantResult[][]> {
  const spec = scenario.crossover!;
  const cells = crossoverCells(spec);
  const runs = cells.map((): VariantResult[] => []);
  const stacks = new Map<Variant, RunningStack>();
  const start = async (variant: Variant) => {
    const stack = await startStack(variant, {
      env: brokers.env,
      settings: stackSettings(scenario, options.seed),
    });
    stacks.set(variant, stack);
    return stack;
  };
  try {
    const started = await Promise.allSettled(scenario.variants.map(start));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (let repeat = 1; repeat <= options.repeat; repeat++) {
      for (const [i, cell] of cells.entries()) {
        for (const variant of scenario.variants) {
          const stack = stacks.get(variant)!;
          await setProviderLatency(stack, spec.step, cell.paymentLatencyMs, scenario.timeScale);
          const backlog = backlogSampler({
            namespace: variant,
            natsMonitorUrl: env.natsMonitorUrl,
            redisUrl: env.redisUrl,
            messaging: variant !== 'sync',
          });
          const cellRun = cellScenario(scenario, cell);
          let result: VariantResult;
          try {
            result = await runVariant(
              cellRun,
              {
                variant,
                url: stack.url,
                redisUrl: env.redisUrl,
                namespace: variant,
                backlog: backlog.sample,
                processes: () => stackProcesses(stack, brokers),
              },
              {
                seed: options.seed,
                catalogSize: options.catalogSize,
                repeat,
                timeUntilDone: true,
                ...(options.onProgress ? { onProgress: options.onProgress } : {}),
              },
            );
          } finally {
            await backlog.close();
          }
          runs[i]!.push(result);
          if (!result.drained) {
            notes.push(
              `${variant} #${repeat} at ${cellRun.name} did not drain within ${scenario.drainTimeoutS} s: its stack was started afresh for the next cell.`,
            );
            // Work left behind would weigh on the next cell.
            stacks.delete(variant);
            await stack.stop();
            await start(variant);
          }
        }
      }
    }
  } finally {
    await Promise.all([...stacks.values()].map((s) => s.stop()));
  }
  return runs;
}

/**
 * Runs the grid and returns the scenario's result: its runs live in the
 * cells (with their time until done), each cell judged, and the verdict.
 */
export async function runCrossover(
  scenario: Scenario,
  env: CrossoverEnvironment,
  options: CrossoverRunOptions,
): Promise<ScenarioResult> {
  const spec = scenario.crossover;
  if (!spec) throw new Error(`scenario ${scenario.name} has no crossover sweep`);
  const notes: string[] = [];
  const cellSpecs = crossoverCells(spec);
  let runs: VariantResult[][] = cellSpecs.map(() => []);
  if (env.brokers) runs = await runCells(scenario, env.brokers, env, options, notes);
  else
    notes.push(
      "Not run: a crossover sets the payment provider's latency on processes it starts, and --running drives stacks it did not start.",
    );
  const cells: CrossoverCell[] = cellSpecs.map((c, i) => {
    const judged = runs[i]!.map(withPromises);
    return { ...c, runs: judged, judgement: judgeCell(judged) };
  });
  const grid = {
    rates: [...new Set(cellSpecs.map((c) => c.rate))],
    paymentLatenciesMs: [...new Set(cellSpecs.map((c) => c.paymentLatencyMs))],
    step: spec.step,
    syncPool: syncPoolOf(scenario, env.config),
    cells,
  };
  const promises = combinePromises(cells.flatMap((c) => c.runs.map((r) => r.promises!)));
  return {
    name: scenario.name,
    description: scenario.description,
    workload: {
      mode: 'open',
      durationS: scenario.workload.durationS,
      warmupS: scenario.workload.warmupS,
      mix: { ...scenario.mix },
    },
    profile: scenario.profile,
    timeScale: scenario.timeScale,
    faults: [],
    thresholds: [],
    variants: [],
    verdict: [],
    notes,
    promises,
    passed: promises.kept,
    crossover: { ...grid, verdict: crossoverVerdict(grid) },
  };
}
