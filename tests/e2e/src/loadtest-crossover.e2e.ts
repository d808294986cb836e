/**
 * The crossover scenario of the default suite (quick), run by the load tool
 * against its own sync and async stacks side by side: every cell of rate ×
 * payment latency runs both, its figures, judgement and the grid's verdict
 * land in the result as numbers, and the saved result prints the same report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { printHtml, printMarkdown, type RunResult, runSuite } from '@lab/loadtest';

let result: RunResult;

beforeAll(async () => {
  result = await runSuite({
    quick: true,
    scenarios: ['crossover'],
    repeat: 1,
    seed: 1,
    catalogSize: 100,
  });
}, 240_000);

const grid = () => result.scenarios[0]!.crossover!;

describe('the crossover (quick) against real stacks', () => {
  it('runs sync and async in every cell of the grid, each set to the cell’s payment latency', () => {
    const x = grid();
    expect(x.cells.map((c) => [c.paymentLatencyMs, c.rate])).toEqual([
      [20, 20],
      [20, 100],
      [300, 20],
      [300, 100],
    ]);
    for (const c of x.cells) {
      expect(c.runs.map((r) => r.variant)).toEqual(['sync', 'async']);
      for (const r of c.runs) {
        expect(r.timeUntilDone?.offered, `${c.rate}/s × ${c.paymentLatencyMs} ms`).toBeGreaterThan(
          0,
        );
        expect(r.promises).toEqual({ kept: true, broken: [], unaccounted: 0 });
      }
      // Under the pool every sync answer waited for the provider (past it, a 503 may answer sooner).
      if (c.inFlight <= x.syncPool.maxInFlight)
        expect(c.figures.sync!.answeredP50!).toBeGreaterThanOrEqual(c.paymentLatencyMs);
      expect(c.judgement.better).not.toBeNull();
    }
    expect(x.syncPool).toEqual({ maxInFlight: 16, maxQueued: 16, queueTimeoutMs: 250 });
  });

  it('stores the verdict and the books as numbers, and passes with every promise kept', () => {
    const x = grid();
    expect(x.verdict).toMatchObject({ judged: 4, cells: 4, pool: 16, broken: [] });
    expect(x.books.map((b) => [b.variant, b.runs, b.promises.kept])).toEqual([
      ['sync', 4, true],
      ['async', 4, true],
    ]);
    expect(result.scenarios[0]!.passed).toBe(true);
    expect(result.passed).toBe(true);
  });

  it('prints the same report from its saved report.json', () => {
    const saved = JSON.parse(JSON.stringify(result)) as RunResult;
    expect(printMarkdown(saved)).toBe(printMarkdown(result));
    expect(printHtml(saved)).toBe(printHtml(result));
    expect(printMarkdown(result)).toContain('### Which is better, per cell');
  });
});
