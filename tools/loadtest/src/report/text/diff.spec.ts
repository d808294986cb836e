import { describe, expect, it } from 'vitest';
import { runWithCrossover } from '../../testing/crossover-run.js';
import { runResult } from '../../testing/run-result.js';
import { diffRuns } from './diff.js';

describe('diff of two runs with a crossover', () => {
  it('says which variant was better in each cell, before and after', () => {
    const text = diffRuns(runWithCrossover, runWithCrossover);
    expect(text).toContain(
      '  200/s × 3.00 s        async → async: sync: 41 % not done (saturated: 410)',
    );
  });
});

describe('diff of two runs', () => {
  it('gives each variant’s headline figures before and after, with the change', () => {
    const faster = structuredClone(runResult);
    const sync = faster.scenarios[0]!.variants[0]! as { accepted: { p50: number } };
    sync.accepted.p50 = 3681 / 2;
    const text = diffRuns(runResult, faster);
    expect(text.split('\n')[0]).toBe(`diff ${runResult.runId} → ${runResult.runId}`);
    expect(text).toContain('    accepted p50   3.68 s → 1.84 s (-50.0%)');
  });
});

describe('diff against a run saved before cells held their figures', () => {
  it('prints the cell’s judgement as that run worded it', () => {
    const old = structuredClone(runWithCrossover) as unknown as {
      scenarios: { crossover?: { cells: { judgement: Record<string, unknown> }[] } }[];
    };
    const cell = old.scenarios.at(-1)!.crossover!.cells.at(-1)!;
    cell.judgement = { better: 'async', factor: null, why: 'sync: 41 % not done (saturated)' };
    expect(diffRuns(runWithCrossover, old as unknown as typeof runWithCrossover)).toContain(
      'async → async: sync: 41 % not done (saturated)',
    );
  });
});
