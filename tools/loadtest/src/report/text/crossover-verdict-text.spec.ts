import { describe, expect, it } from 'vitest';
import type { CrossoverCell } from '../../result/index.js';
import { crossoverScenario } from '../../testing/crossover-run.js';
import { cell, gridOf, run } from '../../testing/crossover-cells.js';
import { gridCell } from './crossover-text.js';
import { boundaryText, crossoverVerdictText } from './crossover-verdict-text.js';

describe('crossoverVerdictText', () => {
  it('says where sync is the better choice, under the pool, and that async beats it past the pool', () => {
    expect(crossoverVerdictText(crossoverScenario.crossover!)).toBe(
      'Under the sync pool of 200 (up to 200/s, every rate tried, at 50 and 500 ms payment latency and up to 20/s at 3 s) ' +
        'sync is the better choice: faster in 4 of 7 cells and even (within 10 %) in 3, and its answer carries the work done, with no broker behind it. ' +
        'Past the pool (from 240 checkouts in flight, rate × latency) async completion beats sync in every cell: ' +
        "at 80/s × 3 s sync's requests wait for a place in the pool (its p99 1.4× async's) and " +
        'at 200/s × 3 s sync answers 503 to 41 % of orders (its pool and its queue of 200 full).',
    );
  });

  it("states where Little's law puts sync's boundary, pool ÷ latency, and where the grid found it", () => {
    expect(boundaryText(crossoverScenario.crossover!.verdict)).toBe(
      "Little's law puts sync's boundary at pool ÷ payment latency: " +
        '4,000/s at 50 ms (measured: kept up at every rate tried, up to 200/s), ' +
        '400/s at 500 ms (measured: kept up at every rate tried, up to 200/s) and ' +
        '66.7/s at 3 s (measured: behind from 200/s, kept up at 80/s).',
    );
  });

  const verdict = (cells: CrossoverCell[]) => crossoverVerdictText(gridOf(cells));

  it('names the cells where a promise broke', () => {
    const cells = [
      cell(20, 300, [run('sync', 322), run('async', 300, { lost: 2 })]),
      cell(80, 300, [run('sync', 330), run('async', 334)]),
    ];
    expect(verdict(cells)).toMatch(
      / Promises broken: async at 20\/s × 300 ms \(lost 2\): a cell goes to the variant that kept them\.$/,
    );
    expect(cells[0]!.judgement.better).toBe('sync');
    expect(gridCell(cells[0]!, gridOf(cells).rule)).toMatchObject({
      headline: 'sync',
      detail: 'async broke its promises (lost 2)',
    });
  });

  it('names sync the better choice where the two are even: the answer is the outcome', () => {
    const cells = [cell(20, 300, [run('sync', 322), run('async', 334)])];
    expect(verdict(cells)).toBe(
      'Under the sync pool of 200 (up to 20/s, every rate tried, at 300 ms payment latency) sync is the better choice: ' +
        'even (within 10 %) in every cell, and its answer carries the work done, with no broker behind it. ' +
        'No cell passed the sync pool: at most 6 checkouts in flight (rate × latency).',
    );
  });

  it('puts an async lead under the pool down to the stacks’ own overhead', () => {
    const cells = [
      cell(20, 50, [run('sync', 52), run('async', 54)]),
      cell(80, 50, [run('sync', 53), run('async', 55)]),
      cell(200, 50, [run('sync', 141), run('async', 116)]),
    ];
    expect(verdict(cells)).toBe(
      'Under the sync pool of 200 (up to 200/s, every rate tried, at 50 ms payment latency) sync is the better choice: ' +
        'even (within 10 %) in 2 of 3 cells, and its answer carries the work done, with no broker behind it; ' +
        'async is ahead only at 200/s × 50 ms (by up to 1.2×), by the stacks’ own overhead. ' +
        'No cell passed the sync pool: at most 10 checkouts in flight (rate × latency).',
    );
  });

  it('says so when async is ahead in most cells even under the pool', () => {
    const cells = [
      cell(20, 50, [run('sync', 52), run('async', 84)]),
      cell(20, 3000, [run('sync', 4000), run('async', 3050)]),
      cell(80, 3000, [run('sync', 4200), run('async', 3100)]),
      cell(200, 3000, [run('sync', 3000), run('async', 9000)]),
    ];
    expect(verdict(cells)).toBe(
      'Under the sync pool of 200 (up to 20/s at 50 ms and 3 s payment latency) async completion is ahead at 20/s × 3 s (by up to 1.3×): ' +
        'the stacks’ own overhead, as no cell waits for the pool there; sync is faster in 1 of 2 cells. ' +
        'Past the pool (from 240 checkouts in flight, rate × latency) async completion beats sync in 1 of 2 cells (sync or even at 200/s × 3 s): ' +
        "at 80/s × 3 s sync's requests wait for a place in the pool (its p99 1.4× async's).",
    );
  });

  it('says what sync does past the pool: queue, then 503', () => {
    const cells = [
      cell(80, 3000, [run('sync', 4200), run('async', 3100)]),
      cell(200, 3000, [run('sync', null, { saturated: 50 }), run('async', 9000)]),
    ];
    expect(verdict(cells)).toBe(
      'Past the pool (from 240 checkouts in flight, rate × latency) async completion beats sync in every cell: ' +
        "at 80/s × 3 s sync's requests wait for a place in the pool (its p99 1.4× async's) and " +
        'at 200/s × 3 s sync answers 503 to 50 % of orders (its pool and its queue of 200 full).',
    );
  });

  it('has nothing to say without both variants', () => {
    expect(verdict([cell(20, 50, [run('sync', 52)])])).toBe(
      'Sync and async did not both run: nothing to compare.',
    );
    expect(verdict([])).toBe('The grid did not run.');
  });
});
