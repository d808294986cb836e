import { describe, expect, it } from 'vitest';
import type { ArticleRow } from '../../result/index.js';
import { articleRowText, reproducedMark } from './article-table.js';

const sequence: ArticleRow = {
  figure: 'sequence',
  variant: 'sync',
  metric: 'completed.p50',
  expected: { ms: 3650, timeScale: 1, scaledMs: 3650 },
  measuredMs: 3682,
  runs: 1,
  deviation: 32 / 3650,
  reproduced: true,
};

describe("the article's table in words", () => {
  it('gives the figure, what the article says, the measure and its deviation', () => {
    expect(articleRowText(sequence)).toEqual({
      figure: 'all seven steps in sequence (sync, completed p50)',
      expected: '3.65 s',
      measured: '3.68 s',
      deviation: '+0.88 %',
      reproduced: true,
    });
    expect(reproducedMark(sequence)).toBe('✓');
  });

  it('shows the scaled figure, the median of repeats, and a bound', () => {
    expect(
      articleRowText({
        ...sequence,
        expected: { ms: 3650, timeScale: 0.05, scaledMs: 182.5 },
        runs: 3,
      }),
    ).toMatchObject({ expected: '3.65 s × 0.05 = 183 ms', measured: '3.68 s (median of 3)' });
    expect(
      articleRowText({
        ...sequence,
        figure: 'async-accept',
        expected: { belowMs: 10 },
        measuredMs: 6,
        deviation: null,
      }),
    ).toMatchObject({ expected: 'milliseconds (<10 ms)', measured: '6 ms', deviation: '–' });
  });

  it('marks what was not measured, or not reproduced', () => {
    const missing = { ...sequence, measuredMs: null, deviation: null, reproduced: null };
    expect(articleRowText(missing)).toMatchObject({ measured: '–', deviation: '–' });
    expect(reproducedMark(missing)).toBe('–');
    expect(reproducedMark({ reproduced: false })).toBe('✗');
  });
});
