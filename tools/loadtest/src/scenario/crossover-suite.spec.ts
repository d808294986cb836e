import { describe, expect, it } from 'vitest';
import {
  cellScenario,
  crossoverCells,
  crossoverScenario,
  providerLatencySetting,
} from './crossover-suite.js';
import { defaultSuite } from './default-suite.js';
import { validateScenario } from './validation.js';

describe('the crossover scenario', () => {
  it('is in the default suite, full and quick, and valid', () => {
    for (const quick of [false, true]) {
      const found = defaultSuite(quick).find((s) => s.name === 'crossover');
      expect(found?.crossover).toBeDefined();
      expect(validateScenario(found!)).toEqual([]);
      expect(found!.variants).toEqual(['sync', 'async']);
    }
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
    expect(cell.workload).toMatchObject({ mode: 'open', rate: 80, durationS: 5, warmupS: 1 });
    expect(cell.crossover).toBeUndefined();
    expect(validateScenario(cell)).toEqual([]);
  });

  it('sets the provider to the latency whatever the profile draws, unscaled', () => {
    expect(providerLatencySetting(500, 1)).toEqual({ multiplier: 0, addMs: 500 });
    expect(providerLatencySetting(500, 0.5)).toEqual({ multiplier: 0, addMs: 1000 });
  });
});
