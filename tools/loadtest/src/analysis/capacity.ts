/**
 * Each variant's ceiling stated against what its transports alone allow,
 * measured in the same run (the slowest hop, and every hop on the machine's
 * CPUs), and against the ceiling of the scenario it repeats with one setting
 * changed.
 */
import type {
  Capacity,
  CapacitySummary,
  ScenarioResult,
  TransportResult,
  VariantResult,
} from '../result/index.js';
import { groupByVariant, median } from './groups.js';
import { machineBound, transportBound } from './transport-bound.js';

/**
 * The efficiency the performance work aims for: a stack's ceiling over what
 * the machine allows its transports (every hop on the same CPUs).
 */
export const CAPACITY_TARGET_RATIO = 0.5;

/**
 * The baseline's ceiling for the same variant (its median when it repeated,
 * else the same repeat's), and the change to this one.
 */
function versus(rate: number, baseline: ScenarioResult, run: VariantResult): Capacity['baseline'] {
  const runs = baseline.variants.filter((b) => b.variant === run.variant && b.ceiling);
  const before =
    runs.length > 1
      ? median(runs.map((b) => b.ceiling!.rate))
      : (runs.find((b) => b.repeat === run.repeat)?.ceiling?.rate ?? null);
  return {
    scenario: baseline.name,
    rate: before,
    change: before === null || before === 0 ? null : (rate - before) / before,
  };
}

/** One ramped run's capacity; null without a ceiling. */
export function capacityOf(
  run: VariantResult,
  transport: TransportResult | undefined,
  baseline: ScenarioResult | undefined,
): Capacity | null {
  const ceiling = run.ceiling;
  if (!ceiling) return null;
  const bound = transport ? transportBound(run.variant, transport.ceilings) : null;
  const ratio = bound && bound.rate > 0 ? ceiling.rate / bound.rate : null;
  const machine = transport ? machineBound(run.variant, transport) : null;
  const best = machine && bound && bound.rate > 0 ? Math.min(1, machine.rate / bound.rate) : null;
  const machineRatio = machine && machine.rate > 0 ? ceiling.rate / machine.rate : null;
  // CPU s per 1,000 confirmed is CPU ms per confirmed checkout.
  const stackMs = run.cost?.cpuSPer1000.total ?? null;
  return {
    transportBound: bound,
    ratio,
    target: CAPACITY_TARGET_RATIO,
    meetsTarget: ratio === null ? null : ratio >= CAPACITY_TARGET_RATIO,
    machineBound: machine,
    machineRatio,
    meetsMachineTarget: machineRatio === null ? null : machineRatio >= CAPACITY_TARGET_RATIO,
    bestRatio: best,
    targetReachable: best === null ? null : best >= CAPACITY_TARGET_RATIO,
    stackCpuMsPerCheckout: stackMs,
    stackOverTransports: stackMs !== null && machine ? stackMs / machine.cpuMsPerCheckout : null,
    ...(baseline ? { baseline: versus(ceiling.rate, baseline, run) } : {}),
  };
}

/**
 * Each ramped variant's ceilings over its repeats: the median against the
 * machine bound (the same for every repeat: one transport benchmark a run).
 */
export function capacitySummaries(runs: readonly VariantResult[]): CapacitySummary[] {
  return [...groupByVariant(runs.filter((r) => r.ceiling))].map(([variant, repeats]) => {
    const values = repeats.map((r) => r.ceiling!.rate);
    const middle = median(values)!;
    const bound = repeats.find((r) => r.capacity?.machineBound)?.capacity?.machineBound?.rate;
    const ratio = bound ? middle / bound : null;
    const rampStart = repeats[0]!.timeline.find((p) => !p.warmup)?.offered ?? null;
    return {
      variant,
      ceilings: { values, median: middle, min: Math.min(...values), max: Math.max(...values) },
      rampStart,
      machineBound: bound ?? null,
      machineRatio: ratio,
      target: CAPACITY_TARGET_RATIO,
      meetsTarget: ratio === null ? null : ratio >= CAPACITY_TARGET_RATIO,
    };
  });
}

/** Every scenario with each ramped run's capacity stated, against the run's transports and its baseline. */
export function withCapacity(
  scenarios: readonly ScenarioResult[],
  transport: TransportResult | undefined,
): ScenarioResult[] {
  return scenarios.map((s) => {
    if (!s.variants.some((r) => r.ceiling)) return s;
    const baseline = scenarios.find((b) => b.name === s.baseline);
    const variants = s.variants.map((r) => {
      const capacity = capacityOf(r, transport, baseline);
      return capacity ? { ...r, capacity } : r;
    });
    return { ...s, variants, capacity: capacitySummaries(variants) };
  });
}
