import { describe, expect, it } from 'vitest';
import {
  cellScenario,
  crossoverCells,
  crossoverScenario,
  providerLatencySetting,
} from './crossover-suite.js';
import { diffRuns } from '../report/text/diff.js';
import { selectScenarios } from './select.js';
import { runWithCrossover } from '../testing/crossover-run.js';
import { defaultSuite } from './default-suite.js';
import { crossoverProblems, validateScenario } from './validation.js';
import { timeUntilDone } from '../stats/time-until-done.js';

describe('the crossover scenario', () => {
  it('is in the default suite, full and quick, and valid', () => {
    for (const quick of [false, true]) {
      const found = defaultSuite(quick).find((s) => s.name === 'crossover');
      expect(found?.crossover).toBeDefined();
      expect(validateScenario(found!)).toEqual([]);
      expect(found!.variants).toEqual(['sync', 'async']);
    }
  });

  it('drops out of a run of hybrid only, unless asked for by name', () => {
    const names = selectScenarios({ quick: true, variants: ['hybrid'] }).map((s) => s.name);
    expect(names).not.toContain('crossover');
    expect(names).toContain('rush');
    expect(() =>
      selectScenarios({ quick: true, scenarios: ['crossover'], variants: ['hybrid'] }),
    ).toThrow('scenario crossover: variants must name at least one variant');
  });

  it('keeps the quick grid short: 2 × 2 cells, under 25 s of load for both variants', () => {
    const quick = crossoverScenario(true);
    const cells = crossoverCells(quick.crossover!);
    expect(cells).toHaveLength(4);
    expect(cells.length * quick.variants.length * quick.workload.durationS).toBeLessThan(25);
    // One cell past the (quick) sync pool, so the quick run shows both sides.
    const pool = Number(quick.settings?.['LAB_SYNC_MAX_IN_FLIGHT']);
    expect(cells.filter((c) => c.inFlight > pool)).toHaveLength(1);
  });

  it('passes the default sync pool of 200 in two cells of the full grid', () => {
    const cells = crossoverCells(crossoverScenario(false).crossover!);
    expect(cells).toHaveLength(9);
    expect(cells.filter((c) => c.inFlight > 200).map((c) => c.inFlight)).toEqual([240, 600]);
  });

  it('runs the cells by latency, then rate, so the load only grows', () => {
    const cells = crossoverCells({ rates: [80, 20], paymentLatenciesMs: [500, 50], step: 'x' });
    expect(cells).toEqual([
      { rate: 20, paymentLatencyMs: 50, inFlight: 1 },
      { rate: 80, paymentLatencyMs: 50, inFlight: 4 },
      { rate: 20, paymentLatencyMs: 500, inFlight: 10 },
      { rate: 80, paymentLatencyMs: 500, inFlight: 40 },
    ]);
  });

  it('gives each cell its own rate and no sweep', () => {
    const s = crossoverScenario(false);
    const cell = cellScenario(s, { rate: 80, paymentLatencyMs: 500, inFlight: 40 });
    expect(cell.name).toBe('crossover 80/s × 500 ms');
    expect(cell.workload).toMatchObject({ mode: 'open', rate: 80, durationS: 6, warmupS: 1 });
    expect(cell.crossover).toBeUndefined();
    expect(validateScenario(cell)).toEqual([]);
  });

  it('sets the provider to the latency whatever the profile draws, unscaled', () => {
    expect(providerLatencySetting(500, 1)).toEqual({ multiplier: 0, addMs: 500 });
    expect(providerLatencySetting(500, 0.5)).toEqual({ multiplier: 0, addMs: 1000 });
  });

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

describe('diff of two runs with a crossover', () => {
  it('says which variant was better in each cell, before and after', () => {
    const text = diffRuns(runWithCrossover, runWithCrossover);
    expect(text).toContain(
      '  200/s × 3.00 s        async → async: sync: 41 % not done (saturated: 410)',
    );
  });
});

describe('timeUntilDone', () => {
  it('takes percentiles over every order offered, by nearest rank', () => {
    const done = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(timeUntilDone(done, 100)).toEqual({ offered: 100, done: 100, p50: 50, p99: 99 });
  });

  it('is never done at p99 when more than 1 % were never done', () => {
    const done = Array.from({ length: 98 }, (_, i) => i + 1);
    expect(timeUntilDone(done, 100)).toMatchObject({ done: 98, p50: 50, p99: null });
    expect(timeUntilDone([5, 1, 3, 2], 7)).toMatchObject({ p50: 5, p99: null });
    expect(timeUntilDone([5, 1, 3], 7)).toMatchObject({ p50: null, p99: null });
  });

  it('has no percentiles when nothing was offered', () => {
    expect(timeUntilDone([], 0)).toEqual({ offered: 0, done: 0, p50: null, p99: null });
  });
});
