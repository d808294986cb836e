/**
 * A scenario's declarations checked before anything runs: every problem
 * named with the scenario and the field.
 */
import { ALL_STEPS } from '@lab/domain';
import { FaultRequestError, isLinkFaultKind, parseFaultRequest } from '@lab/faults';
import { ARRIVAL_PROCESSES } from '../result/index.js';
import type { FaultSpec, Scenario } from './types.js';

const isOn = (v: string | number | undefined) =>
  ['on', 'true', '1', 'yes'].includes(String(v ?? '').toLowerCase());

/** What the fault injector would refuse in a planned fault (a kind without its parameter…). */
function faultProblem(f: FaultSpec): string | undefined {
  const { startS: _, durationS, ...rest } = f;
  try {
    parseFaultRequest({ ...rest, durationMs: Math.round(durationS * 1000) });
    return undefined;
  } catch (error) {
    if (error instanceof FaultRequestError) return error.message;
    throw error;
  }
}

/** Checks a scenario's declarations; the message names the scenario and the field. */
export function validateScenario(s: Scenario): string[] {
  const problems: string[] = [];
  const at = (field: string, why: string) => problems.push(`scenario ${s.name}: ${field} ${why}`);
  const w = s.workload;
  if (!(w.durationS > 0)) at('workload.durationS', 'must be > 0');
  if (w.warmupS < 0 || w.warmupS >= w.durationS)
    at('workload.warmupS', 'must be ≥ 0 and shorter than the duration');
  if (w.mode === 'open' && !(w.rate > 0)) at('workload.rate', 'must be > 0');
  if (w.mode === 'open' && w.rampTo !== undefined && !(w.rampTo > 0))
    at('workload.rampTo', 'must be > 0 (a ramp ends at a rate)');
  if (w.mode === 'open' && w.warmupRate !== undefined && !(w.warmupRate > 0 && w.warmupS > 0))
    at('workload.warmupRate', 'must be > 0, with a warm-up (warmupS > 0)');
  if (w.mode === 'burst' && !(w.count > 0)) at('workload.count', 'must be > 0');
  if (w.mode === 'closed' && !(w.users > 0)) at('workload.users', 'must be > 0');
  const shares = (s.mix.declined ?? 0) + (s.mix.outOfStock ?? 0);
  if (shares < 0 || shares > 1) at('mix', 'shares must add up to at most 1');
  if (!(s.timeScale >= 0)) at('timeScale', 'must be ≥ 0');
  for (const f of s.faults) {
    if (f.startS < 0 || f.durationS <= 0 || f.startS + f.durationS > w.durationS)
      at(`fault ${f.kind} ${f.target}`, 'must lie inside the run');
    const wrong = faultProblem(f);
    if (wrong) at(`fault ${f.kind} ${f.target}`, wrong);
  }
  if (s.faults.some((f) => isLinkFaultKind(f.kind)) && !isOn(s.settings?.['LAB_LINKS']))
    at('settings', 'must turn LAB_LINKS on for its link faults');
  if (s.variants.length === 0) at('variants', 'must name at least one variant');
  if (s.repeats !== undefined && !(Number.isInteger(s.repeats) && s.repeats >= 1))
    at('repeats', 'must be a whole number ≥ 1');
  const t = s.tracing;
  if (t && !(t.sampleRatio >= 0 && t.sampleRatio <= 1))
    at('tracing.sampleRatio', 'must be between 0 and 1');
  if (t && !(Number.isInteger(t.repeats) && t.repeats >= 1))
    at('tracing.repeats', 'must be a whole number ≥ 1');
  if (t && s.crossover) at('tracing', 'is not run in a crossover');
  problems.push(...crossoverProblems(s), ...arrivalProblems(s));
  return problems;
}

/** What is wrong with a scenario's arrival process, named; empty when it has none or it is sound. */
export function arrivalProblems(s: Scenario): string[] {
  const a = s.arrivals;
  if (!a) return [];
  const problems: string[] = [];
  const at = (field: string, why: string) => problems.push(`scenario ${s.name}: ${field} ${why}`);
  if (!ARRIVAL_PROCESSES.includes(a.process))
    at(
      'arrivals.process',
      `must be one of ${ARRIVAL_PROCESSES.join(', ')}, got ${String(a.process)}`,
    );
  if (s.workload.mode !== 'open')
    at('arrivals', `apply to an open workload only, not a ${s.workload.mode} one`);
  if (a.process !== 'bursty') return problems;
  if (!(a.onS > 0)) at('arrivals.onS', 'must be > 0');
  if (!(a.offS >= 0)) at('arrivals.offS', 'must be ≥ 0');
  if (!(a.onRate > 0)) at('arrivals.onRate', 'must be > 0');
  if (!(a.offRate >= 0)) at('arrivals.offRate', 'must be ≥ 0');
  const w = s.workload;
  if (w.mode === 'open' && (w.rampTo !== undefined || w.warmupRate !== undefined))
    at('arrivals', 'bursty sets its own rates: no rampTo or warmupRate beside it');
  return problems;
}

/** What is wrong with a scenario's sweep, named; empty when it has none or it is sound. */
export function crossoverProblems(s: Scenario): string[] {
  const x = s.crossover;
  if (!x) return [];
  const problems: string[] = [];
  const at = (field: string, why: string) => problems.push(`scenario ${s.name}: ${field} ${why}`);
  if (x.rates.length === 0 || x.rates.some((r) => !(r > 0)))
    at('crossover.rates', 'must be one or more rates > 0');
  if (x.paymentLatenciesMs.length === 0 || x.paymentLatenciesMs.some((l) => !(l >= 0)))
    at('crossover.paymentLatenciesMs', 'must be one or more latencies ≥ 0');
  if (!ALL_STEPS.some((step) => step.name === x.step))
    at('crossover.step', `must be a simulated step, got ${x.step}`);
  if (!(s.timeScale > 0)) at('timeScale', 'must be > 0 for a crossover (it sets latencies)');
  if (s.workload.mode !== 'open') at('workload.mode', 'must be open for a crossover');
  if (s.faults.length > 0) at('faults', 'are not run in a crossover');
  return problems;
}
