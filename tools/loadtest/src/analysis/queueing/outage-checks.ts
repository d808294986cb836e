/**
 * An outage's backlog beside λ·T and λ·T / (μ − λ), read from the run's
 * per-second timeline (docs/queueing.md): the peak over the backlog before
 * the fault, and how long after the process served again it took to be back.
 */
import { CHECKOUT_STEPS } from '@lab/domain';
import type { FaultWindow, ModelCheck, TimelinePoint, VariantRun } from '../../result/index.js';
import type { Scenario } from '../../scenario/types.js';
import { check } from './compare.js';
import { outageBacklog } from './outage.js';

const MS_PER_S = 1000;
/** The timeline's step: a drain shorter than this shows as one sample. */
const SAMPLE_S = 1;
/** Back to normal: within this share of the backlog's peak over its level before the fault. */
const BACK_WITHIN = 0.1;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
};

/** The crashed service's own work: one message or job per order that reaches its step. */
function stepOf(target: string) {
  return CHECKOUT_STEPS.find((s) => target.endsWith(s.service) && !s.critical);
}

/** Backlog peak and drain time after a crash of a consumer, for a variant whose backlog is sampled. */
export function outageChecks(s: Scenario, run: VariantRun, concurrency: number): ModelCheck[] {
  const fault = (run.faults ?? []).find(
    (f): f is FaultWindow & { appliedAtS: number; recoveredAtS: number } =>
      f.kind === 'crash' && f.appliedAtS !== undefined && f.recoveredAtS !== undefined,
  );
  const step = fault && stepOf(fault.target);
  const points = (run.timeline ?? []).filter(
    (p): p is TimelinePoint & { backlog: number } => p.backlog !== null,
  );
  if (!fault || !step || points.length === 0) return [];
  // The orders that reach the step: the mix's declined and sold-out fail before it.
  const reach = 1 - (s.mix.declined ?? 0) - (s.mix.outOfStock ?? 0);
  const lambda = run.offeredRate * reach;
  const T = fault.recoveredAtS - fault.appliedAtS;
  const serviceS = (step.seedMs * s.timeScale) / MS_PER_S;
  const mu = concurrency / serviceS;
  const model = outageBacklog(lambda, T, mu);
  const before = median(
    points.filter((p) => !p.warmup && p.t + 1 <= fault.appliedAtS).map((p) => p.backlog),
  );
  const peak =
    Math.max(...points.filter((p) => p.t + 1 >= fault.appliedAtS).map((p) => p.backlog)) - before;
  // A sample at t closes the second [t, t + 1).
  const back = points.find(
    (p) => p.t + 1 > fault.recoveredAtS && p.backlog - before <= BACK_WITHIN * Math.max(peak, 1),
  );
  const drain = back ? Math.max(0, back.t + 1 - fault.recoveredAtS) : null;
  const inputs = `λ = ${lambda.toFixed(1)}/s reaching ${step.name}, T = ${T.toFixed(1)} s down until it served again, μ = ${concurrency} at once ÷ ${serviceS.toFixed(3)} s = ${mu.toFixed(0)}/s`;
  const base = { variant: run.variant };
  return [
    check(
      {
        ...base,
        figure: 'outage: backlog peak',
        unit: 'orders',
        predicted: model.backlogPeak,
        measured: peak,
        model: `λ·T, ${inputs}`,
      },
      (m) =>
        m < model.backlogPeak
          ? 'the timeline samples once a second: the last sample before the restart misses the work of its last fraction of a second'
          : `the restarted process answered its health check before it took work again: the backlog grew for about ${(m / lambda).toFixed(1)} s, not T`,
    ),
    check(
      {
        ...base,
        figure: 'outage: drain time',
        unit: 's',
        predicted: model.drainTime,
        measured: drain,
        model: `λ·T / (μ − λ), ${inputs}`,
      },
      (m) =>
        `μ is the consumer's concurrency over the step's latency, a bound this machine's CPU does not reach: the backlog drained at about ${(peak / Math.max(m, SAMPLE_S)).toFixed(0)}/s, from a cold process`,
      SAMPLE_S,
      'arrivals at or over the consumers’ capacity (μ ≤ λ): the backlog never drains, there is no drain time to predict',
    ),
  ];
}
