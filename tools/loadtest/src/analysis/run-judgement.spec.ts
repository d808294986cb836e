import { describe, expect, it } from 'vitest';
import { runResult } from '../testing/run-result.js';
import { TRANSPORT } from '../testing/transport-run.js';
import { judgeRun } from './run-judgement.js';

describe('judgeRun', () => {
  it('passes only when every scenario passed', () => {
    expect(judgeRun(runResult.scenarios, undefined).passed).toBe(false);
    expect(judgeRun(runResult.scenarios.slice(0, 1), undefined).passed).toBe(true);
  });

  it("adds the article's table and each ceiling's capacity", () => {
    const ramped = runResult.scenarios.map((s) => ({
      ...s,
      variants: s.variants.map((v) => ({
        ...v,
        ceiling: {
          rate: 500,
          brokeAtS: null,
          why: 'held to the top of the ramp',
          acceptedP99Ms: 100,
        },
      })),
    }));
    const judged = judgeRun(ramped, TRANSPORT);
    expect(judged.article.rows).toHaveLength(3);
    expect(judged.scenarios.flatMap((s) => s.variants).every((v) => v.capacity)).toBe(true);
    expect(judged.scenarios[0]!.variants[0]!.capacity!.ratio).toBeCloseTo(0.5, 9);
  });
});
