import { describe, expect, it } from 'vitest';
import { crossoverScenario } from '../../testing/crossover-run.js';
import {
  crossoverBooks,
  crossoverVariants,
  crossoverWorkloadLine,
  figuresRows,
  gridRows,
} from './crossover-text.js';

describe('the crossover in words', () => {
  it('grid rows say which is better in every cell', () => {
    const { rates, rows } = gridRows(crossoverScenario.crossover!);
    expect(rates).toEqual(['20/s', '80/s', '200/s']);
    expect(rows.map((r) => r.cells.map((c) => c?.better))).toEqual([
      ['sync', 'sync', 'sync'],
      ['tie', 'tie', 'sync'],
      ['tie', 'async', 'async'],
    ]);
  });

  it('lists every variant of every cell with its figures, the better one marked', () => {
    const rows = figuresRows(crossoverScenario.crossover!);
    expect(rows).toHaveLength(18);
    expect(rows.at(-2)).toMatchObject({
      latency: '3 s',
      rate: '200/s',
      variant: 'sync',
      doneP99: 'never (41 % not done)',
      errors: 'saturated: 410',
      better: false,
      never: true,
    });
    expect(crossoverVariants(crossoverScenario.crossover!)).toEqual(['sync', 'async']);
  });

  it('sums the books of every cell per variant', () => {
    const [sync] = crossoverBooks(crossoverScenario.crossover!);
    expect(sync).toMatchObject({
      variant: 'sync',
      cells: 9,
      accepted: '4,990',
      promises: 'kept',
      broke: false,
    });
    expect(sync!.counts.map((c) => c.label)).toContain('leaked reservations');
  });

  it('says what each cell ran', () => {
    expect(crossoverWorkloadLine(crossoverScenario)).toBe(
      'each cell: open loop, evenly spaced arrivals, for 6 s (1 s warm-up); rates 20, 80 and 200/s × payment latency 50 ms, 500 ms and 3 s (step chargeCard, set on every payment process for the whole cell); profile zero (no other step waits), time scale 1; sync pool 200 at once, 200 queued for up to 5 s, then 503',
    );
  });
});
