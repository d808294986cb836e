import { describe, expect, it } from 'vitest';
import { crossoverScenario } from './crossover-suite.js';
import { defaultSuite } from './default-suite.js';
import { crossoverProblems, validateScenario } from './validation.js';

describe('validateScenario', () => {
  it('names the field of a bad declaration', () => {
    const [seed] = defaultSuite(true);
    expect(
      validateScenario({ ...seed!, workload: { mode: 'open', rate: 0, durationS: 2, warmupS: 3 } }),
    ).toEqual([
      'scenario seed-checkout: workload.warmupS must be ≥ 0 and shorter than the duration',
      'scenario seed-checkout: workload.rate must be > 0',
    ]);
    expect(
      validateScenario({
        ...seed!,
        workload: { mode: 'open', rate: 5, warmupRate: 0, durationS: 2, warmupS: 1 },
      }),
    ).toEqual([
      'scenario seed-checkout: workload.warmupRate must be > 0, with a warm-up (warmupS > 0)',
    ]);
    expect(
      validateScenario({
        ...seed!,
        workload: { mode: 'open', rate: 5, rampTo: 0, durationS: 2, warmupS: 1 },
      }),
    ).toEqual(['scenario seed-checkout: workload.rampTo must be > 0 (a ramp ends at a rate)']);
  });
  it('must be a whole number ≥ 1 where a scenario declares them', () => {
    const [seed] = defaultSuite(false);
    expect(validateScenario({ ...seed!, repeats: 0 })).toEqual([
      'scenario seed-checkout: repeats must be a whole number ≥ 1',
    ]);
    expect(validateScenario({ ...seed!, repeats: 1.5 })).toHaveLength(1);
    expect(validateScenario(seed!)).toEqual([]);
  });
});

describe('arrivals in a scenario', () => {
  it('name a process the pacer does not know, a closed loop given one, and bad bursts', () => {
    const suite = defaultSuite(true);
    const seed = suite.find((s) => s.name === 'seed-checkout')!;
    const rush = suite.find((s) => s.name === 'rush')!;
    expect(validateScenario({ ...seed, arrivals: { process: 'gaussian' } as never })).toEqual([
      'scenario seed-checkout: arrivals.process must be one of uniform, poisson, bursty, got gaussian',
    ]);
    expect(validateScenario({ ...rush, arrivals: { process: 'poisson' } })).toEqual([
      'scenario rush: arrivals apply to an open workload only, not a burst one',
    ]);
    expect(
      validateScenario({
        ...seed,
        arrivals: { process: 'bursty', onS: 0, offS: 1, onRate: 10, offRate: -1 },
      }),
    ).toEqual([
      'scenario seed-checkout: arrivals.onS must be > 0',
      'scenario seed-checkout: arrivals.offRate must be ≥ 0',
    ]);
    expect(
      validateScenario({
        ...seed,
        arrivals: { process: 'bursty', onS: 1, offS: 1, onRate: 10, offRate: 0 },
      }),
    ).toEqual([]);
  });
});

describe('link faults in a scenario', () => {
  it('need their parameters and stacks with links on', () => {
    const latency = defaultSuite(true).find((s) => s.name === 'network-latency')!;
    expect(validateScenario(latency)).toEqual([]);
    expect(
      validateScenario({
        ...latency,
        settings: {},
        faults: [{ kind: 'latency', target: '*', startS: 1, durationS: 1 }],
      }),
    ).toEqual([
      'scenario network-latency: fault latency * latency needs addMs',
      'scenario network-latency: settings must turn LAB_LINKS on for its link faults',
    ]);
  });
});

describe('crossoverProblems', () => {
  it('names what is wrong with a sweep', () => {
    const s = crossoverScenario(true);
    expect(
      crossoverProblems({
        ...s,
        timeScale: 0,
        crossover: { rates: [], paymentLatenciesMs: [-1], step: 'teleport' },
      }),
    ).toEqual([
      'scenario crossover: crossover.rates must be one or more rates > 0',
      'scenario crossover: crossover.paymentLatenciesMs must be one or more latencies ≥ 0',
      'scenario crossover: crossover.step must be a simulated step, got teleport',
      'scenario crossover: timeScale must be > 0 for a crossover (it sets latencies)',
    ]);
  });
});

describe('validateScenario: traced runs', () => {
  it('names a bad share or count of traced runs, and refuses them in a crossover', () => {
    const [seed] = defaultSuite(false);
    expect(validateScenario({ ...seed!, tracing: { sampleRatio: 1.5, repeats: 0 } })).toEqual([
      'scenario seed-checkout: tracing.sampleRatio must be between 0 and 1',
      'scenario seed-checkout: tracing.repeats must be a whole number ≥ 1',
    ]);
    expect(
      validateScenario({ ...crossoverScenario(true), tracing: { sampleRatio: 1, repeats: 1 } }),
    ).toContain('scenario crossover: tracing is not run in a crossover');
  });
});
