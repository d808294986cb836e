import { describe, expect, it } from 'vitest';
import { cell, run } from '../testing/crossover-cells.js';
import { crossoverBooks, crossoverResult } from './crossover-grid.js';

/** A run as the runner hands it over, with books that lost `lost` orders. */
const withBooks = (variant: 'sync' | 'async', lost: number, p99 = 50) => ({
  ...run(variant, p99),
  accounting: {
    accepted: 10,
    confirmed: 9,
    failed: 1,
    failedByReason: {},
    lost,
    duplicateEffects: 0,
    orphanCharges: 0,
    missingEffects: 0,
    leakedReservations: 0,
    retries: 0,
    redeliveries: 0,
    deadLettered: 0,
    effects: {},
    offenders: [],
  },
  promises: lost
    ? { kept: false, broken: [{ count: 'lost' as const, value: lost }], unaccounted: 0 }
    : { kept: true, broken: [], unaccounted: 0 },
});

describe('the crossover grid', () => {
  it('judges every cell of the plan from its runs, in the plan’s order', () => {
    const planned = [
      { rate: 20, paymentLatencyMs: 50, inFlight: 1 },
      { rate: 80, paymentLatencyMs: 50, inFlight: 4 },
    ];
    const grid = crossoverResult(
      { step: 'chargeCard', syncPool: { maxInFlight: 200, maxQueued: 200, queueTimeoutMs: 5000 } },
      planned,
      [[withBooks('sync', 0, 52), withBooks('async', 0, 84)]],
    );
    expect(grid).toMatchObject({
      rates: [20, 80],
      paymentLatenciesMs: [50],
      rule: { tieWithin: 0.1, notDoneAllowed: 0.01 },
    });
    expect(grid.cells.map((c) => c.judgement.better)).toEqual(['sync', null]);
    expect(grid.cells[1]!.runs).toEqual([]);
    expect(grid.verdict).toMatchObject({ judged: 1, cells: 2 });
  });

  it('sums each variant’s books over the cells', () => {
    const cells = [
      cell(20, 50, [withBooks('sync', 0), withBooks('async', 1)]),
      cell(80, 50, [withBooks('sync', 0), withBooks('async', 2)]),
    ];
    const [sync, async] = crossoverBooks(cells);
    expect(sync).toMatchObject({
      variant: 'sync',
      runs: 2,
      accepted: 20,
      confirmed: 18,
      failed: 2,
    });
    expect(async!.counts.lost).toBe(3);
    expect(async!.promises).toEqual({
      kept: false,
      broken: [{ count: 'lost', value: 3 }],
      unaccounted: 0,
    });
  });
});
