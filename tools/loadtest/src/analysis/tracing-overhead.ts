/**
 * A scenario's traced runs against its untraced ones: what tracing costs an
 * answer (accepted p50, median over the repeats of each, alternated on fresh
 * stacks), and the waterfalls of each variant's median traced run.
 */
import type {
  RepeatFigure,
  ScenarioTracing,
  TracingOverhead,
  VariantResult,
  VariantTracing,
  WhereTheTimeWent,
} from '../result/index.js';
import { median } from './groups.js';

/** The figure tracing's cost is measured on: what an answer costs, not the provider's time. */
const OVERHEAD_METRIC = 'accepted.p50';

function figure(values: readonly number[]): RepeatFigure | null {
  const m = median(values);
  if (m === null) return null;
  return { median: m, min: Math.min(...values), max: Math.max(...values), values: [...values] };
}

/** Traced against untraced accepted p50, or null without runs of both kinds. */
export function tracingOverhead(
  untraced: readonly VariantResult[],
  traced: readonly VariantResult[],
): TracingOverhead | null {
  const off = figure(untraced.map((r) => r.accepted.p50));
  const on = figure(traced.map((r) => r.accepted.p50));
  if (!off || !on) return null;
  const deltaMs = on.median - off.median;
  return {
    metric: OVERHEAD_METRIC,
    untraced: off,
    traced: on,
    deltaMs,
    change: off.median > 0 ? deltaMs / off.median : null,
  };
}

const NOT_TRACED: WhereTheTimeWent = {
  tracedOrders: 0,
  spans: 0,
  droppedSpans: 0,
  p50: null,
  p99: null,
  note: 'no traced run recorded its spans',
};

/** The traced run with the median accepted p50 (the lower middle one of an even count). */
function medianRun(runs: readonly VariantResult[]): VariantResult | undefined {
  const withSpans = runs.filter((r) => r.whereTheTimeWent);
  const sorted = [...withSpans].sort((a, b) => a.accepted.p50 - b.accepted.p50);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Each variant's traced runs, judged beside its untraced ones. */
export function scenarioTracing(
  sampleRatio: number,
  untraced: readonly VariantResult[],
  traced: readonly VariantResult[],
): ScenarioTracing {
  const variants = [...new Set(traced.map((r) => r.variant))];
  return {
    sampleRatio,
    variants: variants.map((variant): VariantTracing => {
      const on = traced.filter((r) => r.variant === variant);
      const off = untraced.filter((r) => r.variant === variant);
      return {
        variant,
        repeats: on.length,
        whereTheTimeWent: medianRun(on)?.whereTheTimeWent ?? NOT_TRACED,
        overhead: tracingOverhead(off, on),
        promisesKept: on.every((r) => r.promises.kept),
      };
    }),
  };
}

/** Whether a scenario's traced runs kept every promise (none traced: nothing broken). */
export function tracedPromisesKept(tracing: ScenarioTracing | undefined): boolean {
  return tracing?.variants.every((v) => v.promisesKept) ?? true;
}
