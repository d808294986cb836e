/**
 * Runs a crossover scenario: the stacks of its variants up side by side (own
 * namespaces on the same brokers) and, for each cell of rate × payment
 * latency, the provider's latency set on every payment process for the whole
 * cell, then one short run per variant, back to back, so that the mood of a
 * shared machine weighs on both alike.
 */
import type { Variant } from '@lab/domain';
import type { RunningStack } from '@lab/launcher';
import { combinePromises } from '../analysis/promises.js';
import { crossoverResult } from '../analysis/crossover-grid.js';
import type { ScenarioResult, VariantRun } from '../result/index.js';
import {
  cellScenario,
  crossoverCells,
  providerLatencySetting,
} from '../scenario/crossover-suite.js';
import { syncPoolOf } from '../scenario/stack-settings.js';
import type { CrossoverCellSpec, CrossoverSpec, Scenario } from '../scenario/types.js';
import {
  runOnStack,
  startSessionStack,
  type SessionStack,
  type StackSession,
} from './stack-session.js';

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

/** The stacks of a crossover, one per variant, started side by side and restarted when one is left dirty. */
class CrossoverStacks {
  private readonly stacks = new Map<Variant, SessionStack>();

  constructor(
    private readonly session: StackSession,
    private readonly scenario: Scenario,
  ) {}

  async start(variant: Variant): Promise<SessionStack> {
    const stack = await startSessionStack(this.session, variant, this.scenario);
    this.stacks.set(variant, stack);
    return stack;
  }

  async startAll(): Promise<void> {
    const started = await Promise.allSettled(this.scenario.variants.map((v) => this.start(v)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  }

  of(variant: Variant): SessionStack {
    return this.stacks.get(variant)!;
  }

  /** Work left behind would weigh on the next cell: a fresh stack instead. */
  async restart(variant: Variant): Promise<void> {
    const stack = this.stacks.get(variant);
    this.stacks.delete(variant);
    await stack?.stop();
    await this.start(variant);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.stacks.values()].map((s) => s.stop()));
  }
}

/** One variant's run of one cell, the provider's latency set first. */
async function runCell(
  session: StackSession,
  stacks: CrossoverStacks,
  scenario: Scenario,
  at: { cell: CrossoverCellSpec; variant: Variant; repeat: number },
  options: CrossoverRunOptions,
  notes: string[],
): Promise<VariantRun> {
  const { cell, variant, repeat } = at;
  const stack = stacks.of(variant);
  await setProviderLatency(
    stack.stack!,
    scenario.crossover!.step,
    cell.paymentLatencyMs,
    scenario.timeScale,
  );
  const cellRun = cellScenario(scenario, cell);
  const result = await runOnStack(session, stack, cellRun, {
    seed: options.seed,
    catalogSize: options.catalogSize,
    repeat,
    timeUntilDone: true,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (!result.drained) {
    notes.push(
      `${variant} #${repeat} at ${cellRun.name} did not drain within ${scenario.drainTimeoutS} s: its stack was started afresh for the next cell.`,
    );
    await stacks.restart(variant);
  }
  return result;
}

/** Every cell's runs, in the cells' order. */
async function runCells(
  session: StackSession,
  scenario: Scenario,
  spec: CrossoverSpec,
  options: CrossoverRunOptions,
  notes: string[],
): Promise<VariantRun[][]> {
  const cells = crossoverCells(spec);
  const runs = cells.map((): VariantRun[] => []);
  const stacks = new CrossoverStacks(session, scenario);
  try {
    await stacks.startAll();
    for (let repeat = 1; repeat <= options.repeat; repeat++)
      for (const [i, cell] of cells.entries())
        for (const variant of scenario.variants)
          runs[i]!.push(
            await runCell(session, stacks, scenario, { cell, variant, repeat }, options, notes),
          );
  } finally {
    await stacks.stopAll();
  }
  return runs;
}

/**
 * Runs the grid and returns the scenario's result: its runs live in the
 * cells (with their time until done), each cell judged, and the verdict.
 */
export async function runCrossover(
  session: StackSession,
  scenario: Scenario,
  options: CrossoverRunOptions,
): Promise<ScenarioResult> {
  const spec = scenario.crossover;
  if (!spec) throw new Error(`scenario ${scenario.name} has no crossover sweep`);
  const notes: string[] = [];
  const planned = crossoverCells(spec);
  let runs: VariantRun[][] = planned.map(() => []);
  if (session.brokers) runs = await runCells(session, scenario, spec, options, notes);
  else
    notes.push(
      "Not run: a crossover sets the payment provider's latency on processes it starts, and --running drives stacks it did not start.",
    );
  const crossover = crossoverResult(
    { step: spec.step, syncPool: syncPoolOf(scenario, session.config) },
    planned,
    runs,
  );
  const promises = combinePromises(crossover.cells.flatMap((c) => c.runs.map((r) => r.promises)));
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
    crossover,
  };
}
