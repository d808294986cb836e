/**
 * One variant's run of one scenario: drive it with the scenario's workload,
 * follow every order to completion, apply the scenario's faults on their
 * schedule, wait for the system to drain, and reconcile the ledger.
 */
import { BUSINESS_FAILURE_CODES } from '@lab/domain';
import { Counters, createRedis, reconcile } from '@lab/ledger';
import { CostMeter } from '../probes/cost-meter.js';
import type { FaultWindow, VariantRun } from '../result/index.js';
import type { Scenario } from '../scenario/types.js';
import { ceilingOf } from '../stats/latency-recorder.js';
import { firstFelt, recoveryLimits, recoveryTime } from '../analysis/recovery.js';
import { runScenarioFaults } from './fault-timeline.js';
import { linkFigures, type LinkFigures } from './link-figures.js';
import {
  drain,
  drive,
  everySecond,
  listen,
  openRun,
  sentNow,
  type Run,
  type VariantRunOptions,
  type VariantTarget,
} from './variant-drive.js';
import { VariantRecorder } from './variant-recorder.js';
import { whereTheTimeWent } from './trace-run.js';

/** Fault windows of a scenario when nothing can inject them. */
export function plannedFaults(scenario: Scenario): FaultWindow[] {
  return scenario.faults.map((f) => ({
    ...f,
    executed: false,
    note: 'not executed: no fault injector for this run',
  }));
}

/** Each fault that ran, with its recovery, up to the next fault or the end of the run. */
function faultsWithRecovery(run: Run, faults: readonly FaultWindow[]): FaultWindow[] {
  const limits = recoveryLimits(run.target.variant, run.scenario.timeScale);
  const points = run.rec.timeline.points();
  return faults.map((f) => {
    if (!f.executed) return f;
    const next = Math.min(
      ...faults
        .filter((g) => g.appliedAtS !== undefined && g.appliedAtS > (f.appliedAtS ?? Infinity))
        .map((g) => g.appliedAtS!),
    );
    const { recoveryS, why } = recoveryTime(run.rec.outcomes, points, f, limits, next);
    const { feltS, feltBy } = firstFelt(run.rec.outcomes, points, f, limits, next);
    return {
      ...f,
      recoveryS,
      ...(why ? { recoveryNote: why } : {}),
      feltS,
      ...(feltBy ? { feltBy } : {}),
    };
  });
}

/** The scenario's faults on their schedule from now; resolves once they have all ended. */
function startFaults(
  scenario: Scenario,
  target: VariantTarget,
  options: VariantRunOptions,
): Promise<FaultWindow[]> {
  if (!scenario.faults.length || !target.faults) return Promise.resolve(plannedFaults(scenario));
  return runScenarioFaults(scenario, target.variant, target.faults, Date.now(), options.onFault);
}

/**
 * Drives one variant with one scenario's workload, follows every order to
 * completion, waits for the system to drain, and reconciles the ledger.
 */
export async function runVariant(
  scenario: Scenario,
  target: VariantTarget,
  options: VariantRunOptions,
): Promise<VariantRun> {
  const w = scenario.workload;
  const opened = await openRun(scenario, target, options);
  // A broker-down fault: commands wait for the reconnect (or the new primary).
  const redis = createRedis(target.redis ?? [target.redisUrl], 'worker', 'loadtest-books');
  const counters = new Counters(redis, target.namespace);
  const before = await counters.read();
  const startedAt = new Date().toISOString();
  const meter = target.processes ? new CostMeter(target.processes, target.toolShare) : undefined;
  const t0 = performance.now();
  const faultsDone = startFaults(scenario, target, options);
  const rec = new VariantRecorder({
    t0,
    warmupS: w.warmupS,
    durationS: w.durationS,
    keepOutcomes: scenario.faults.length > 0,
    timeUntilDone: options.timeUntilDone ?? false,
    keepOrderTimes: options.tracing !== undefined,
  });
  const run: Run = { ...opened, rec };
  listen(run);
  const stopSampling = everySecond(run);
  await drive(run, t0);
  // Every fault has ended (and its process is back) before the drain is judged.
  const faults = await faultsDone;
  const drained = await drain(run);
  stopSampling();
  const costOf = meter?.end();
  await run.client?.close();
  run.tracker.close();
  const books = await reconcile(redis, target.namespace, rec.orderIds);
  const after = await counters.read();
  const ran = faultsWithRecovery(run, faults);
  const links = await linkFigures(
    target.variant,
    ran,
    rec.outcomes,
    w.warmupS,
    redis,
    target.namespace,
  );
  redis.disconnect();
  const result = variantRun(run, {
    startedAt,
    faults: ran,
    links,
    accounting: {
      ...books,
      retries: after.retries - before.retries,
      redeliveries: after.redeliveries - before.redeliveries,
      deadLettered: after.deadLettered - before.deadLettered,
    },
    cost: costOf?.(books.confirmed),
    ...drained,
  });
  rec.destroy();
  if (!options.tracing) return result;
  const traced = await whereTheTimeWent(options.tracing, rec.orderTimes, result.completed);
  return { ...result, whereTheTimeWent: traced };
}

/** The run's result, in the order report.json lists it. */
function variantRun(
  run: Run,
  done: Pick<VariantRun, 'startedAt' | 'faults' | 'accounting' | 'drained' | 'drainMs'> & {
    readonly cost: VariantRun['cost'] | undefined;
    readonly inFlightArea: number;
    readonly links: LinkFigures;
  },
): VariantRun {
  const { scenario, target, options, rec } = run;
  const w = scenario.workload;
  const { timeUntilDone, achievedRate, ...measures } = rec.measures(
    w.mode === 'burst',
    done.inFlightArea,
  );
  const points = rec.timeline.points();
  return {
    variant: target.variant,
    // The sync stack keeps waiting on its charges whatever the setting says.
    ...(target.variant !== 'sync' && scenario.settings?.['LAB_CHARGING'] === 'webhook'
      ? { charging: 'webhook' as const }
      : {}),
    repeat: options.repeat,
    startedAt: done.startedAt,
    durationS: w.durationS,
    offeredRate: (run.intended.length || sentNow(run)) / w.durationS,
    achievedRate,
    sent: sentNow(run),
    ...measures,
    accounting: done.accounting,
    timeline: points,
    faults: done.faults,
    ...done.links,
    ...(scenario.faults.length
      ? { recoveryLimits: recoveryLimits(target.variant, scenario.timeScale) }
      : {}),
    ...(done.cost ? { cost: done.cost } : {}),
    ...(scenario.ceiling
      ? {
          ceiling: ceilingOf(
            points,
            scenario.ceiling.acceptedP99Ms,
            BUSINESS_FAILURE_CODES,
            w.durationS,
            scenario.ceiling.inFlightS,
          ),
        }
      : {}),
    drained: done.drained,
    drainMs: done.drainMs,
    ...(timeUntilDone ? { timeUntilDone } : {}),
  };
}
