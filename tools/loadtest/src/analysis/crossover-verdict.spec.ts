import { describe, expect, it } from 'vitest';
import { crossoverScenario } from '../testing/crossover-run.js';
import type { CrossoverCell } from '../result/index.js';
import { cell, POOL, run } from '../testing/crossover-cells.js';
import { crossoverVerdict } from './crossover-verdict.js';

const verdictOf = (cells: CrossoverCell[]) =>
  crossoverVerdict({ cells, syncPool: POOL, rates: [...new Set(cells.map((c) => c.rate))] });

describe('crossoverVerdict', () => {
  const verdict = crossoverScenario.crossover!.verdict;

  it('counts the cells under the pool: where sync is faster, even, or behind', () => {
    expect(verdict).toMatchObject({ judged: 9, cells: 9, pool: 200 });
    expect(verdict.under).toEqual({
      upTo: [
        { latencyMs: 50, rate: 200 },
        { latencyMs: 500, rate: 200 },
        { latencyMs: 3000, rate: 20 },
      ],
      maxRate: 200,
      cells: 7,
      syncFaster: 4,
      even: 3,
      asyncAhead: [],
      asyncAheadBy: null,
      better: 'sync',
    });
  });

  it('says what sync does past the pool: in the first cell async wins, and where it leaves most undone', () => {
    expect(verdict.past).toMatchObject({ fromInFlight: 240, cells: 2, asyncWins: 2, held: [] });
    expect(verdict.past!.shown.map((s) => [s.cell, s.behaviour])).toEqual([
      [{ rate: 80, paymentLatencyMs: 3000 }, 'waits-for-pool'],
      [{ rate: 200, paymentLatencyMs: 3000 }, 'saturated'],
    ]);
    expect(verdict.past!.shown[1]).toMatchObject({ factor: null, errors: { saturated: 410 } });
    expect(verdict.past!.shown[1]!.notDone).toBeCloseTo(0.41, 9);
    expect(verdict.broken).toEqual([]);
  });

  it('names the cells where a variant broke a promise', () => {
    const v = verdictOf([
      cell(20, 300, [run('sync', 322), run('async', 300, { lost: 2 })]),
      cell(80, 300, [run('sync', 330), run('async', 334)]),
    ]);
    expect(v.broken).toEqual([
      {
        cell: { rate: 20, paymentLatencyMs: 300 },
        variant: 'async',
        promises: { kept: false, broken: [{ count: 'lost', value: 2 }], unaccounted: 0 },
      },
    ]);
    expect(v.past).toBeNull();
    expect(v.maxInFlight).toBe(24);
  });

  it('leans to async under the pool when async leads in half of its cells or more', () => {
    const v = verdictOf([
      cell(20, 50, [run('sync', 52), run('async', 84)]),
      cell(20, 3000, [run('sync', 4000), run('async', 3050)]),
    ]);
    expect(v.under).toMatchObject({
      better: 'async',
      asyncAhead: [{ rate: 20, paymentLatencyMs: 3000 }],
      asyncAheadBy: 4000 / 3050,
    });
  });

  it('judges nothing without both variants, or without cells', () => {
    expect(verdictOf([cell(20, 50, [run('sync', 52)])])).toMatchObject({
      judged: 0,
      cells: 1,
      under: null,
      past: null,
      maxInFlight: null,
    });
    expect(verdictOf([])).toMatchObject({ judged: 0, cells: 0 });
  });
});
