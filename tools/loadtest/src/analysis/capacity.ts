/**
 * Each variant's ceiling stated against what its transports alone allow,
 * measured in the same run (the slowest hop, and every hop on the machine's
 * CPUs), and against the ceiling of the scenario it repeats with one setting
 * changed.
 */
import type { Capacity, ScenarioResult, TransportResult, VariantResult } from '../result/index.js';
import { machineBound, transportBound } from './transport-bound.js';

/** The efficiency the performance work aims for: a stack's ceiling over its transports' ceiling. */
export const CAPACITY_TARGET_RATIO = 0.5;

/** The baseline's ceiling for the same variant and repeat, and the change to this one. */
function versus(rate: number, baseline: ScenarioResult, run: VariantResult): Capacity['baseline'] {
  const before =
    baseline.variants.find((b) => b.variant === run.variant && b.repeat === run.repeat)?.ceiling
      ?.rate ?? null;
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
  // CPU s per 1,000 confirmed is CPU ms per confirmed checkout.
  const stackMs = run.cost?.cpuSPer1000.total ?? null;
  return {
    transportBound: bound,
    ratio,
    target: CAPACITY_TARGET_RATIO,
    meetsTarget: ratio === null ? null : ratio >= CAPACITY_TARGET_RATIO,
    machineBound: machine,
    bestRatio: best,
    targetReachable: best === null ? null : best >= CAPACITY_TARGET_RATIO,
    stackCpuMsPerCheckout: stackMs,
    stackOverTransports: stackMs !== null && machine ? stackMs / machine.cpuMsPerCheckout : null,
    ...(baseline ? { baseline: versus(ceiling.rate, baseline, run) } : {}),
  };
}

/** Every scenario with each ramped run's capacity stated, against the run's transports and its baseline. */
export function withCapacity(
  scenarios: readonly ScenarioResult[],
  transport: TransportResult | undefined,
): ScenarioResult[] {
  return scenarios.map((s) => {
    if (!s.variants.some((r) => r.ceiling)) return s;
    const baseline = scenarios.find((b) => b.name === s.baseline);
    return {
      ...s,
      variants: s.variants.map((r) => {
        const capacity = capacityOf(r, transport, baseline);
        return capacity ? { ...r, capacity } : r;
      }),
    };
  });
}
