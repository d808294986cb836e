import { describe, expect, it } from 'vitest';
import { runResult } from '../testing/run-result.js';
import { repeatedScenario } from '../testing/repeats-run.js';
import { articleTable, REPRODUCED_WITHIN, SEED_SCENARIO } from './article-table.js';

const seed = runResult.scenarios.find((s) => s.name === SEED_SCENARIO)!;

describe("the article's table", () => {
  it('holds the seed scenario to the article’s three figures', () => {
    const table = articleTable([seed]);
    expect(table).toMatchObject({ scenario: 'seed-checkout', reproducedWithin: REPRODUCED_WITHIN });
    const [sequence, critical, accept] = table.rows!;
    expect(sequence).toMatchObject({
      figure: 'sequence',
      variant: 'sync',
      metric: 'completed.p50',
      expected: { ms: 3650, timeScale: 1, scaledMs: 3650 },
      measuredMs: 3682,
      runs: 1,
      reproduced: true,
    });
    expect(sequence!.deviation).toBeCloseTo(32 / 3650, 9);
    expect(critical).toMatchObject({ expected: { ms: 2450 }, measuredMs: 2463, reproduced: true });
    expect(accept).toMatchObject({
      expected: { belowMs: 10 },
      measuredMs: 6,
      deviation: null,
      reproduced: true,
    });
  });

  it('holds a scaled run to the scaled figure, judged on the deviation as printed', () => {
    const scaled = {
      ...seed,
      timeScale: 0.5,
      variants: seed.variants.map((v) =>
        v.variant === 'hybrid' ? { ...v, accepted: { ...v.accepted, p50: 1225 * 0.98 } } : v,
      ),
    };
    const critical = articleTable([scaled]).rows![1]!;
    expect(critical.expected).toEqual({ ms: 2450, timeScale: 0.5, scaledMs: 1225 });
    // Exactly −2 % (up to floating point) is within.
    expect(critical.reproduced).toBe(true);
  });

  it('takes the median of repeats, and has no rows without the seed scenario', () => {
    expect(articleTable([repeatedScenario]).rows![0]).toMatchObject({ measuredMs: 3680, runs: 3 });
    expect(articleTable(runResult.scenarios.slice(1)).rows).toBeNull();
  });

  it('has nothing measured for a variant that answered nothing', () => {
    const silent = {
      ...seed,
      variants: seed.variants.map((v) => ({ ...v, accepted: { ...v.accepted, count: 0 } })),
    };
    expect(articleTable([silent]).rows![2]).toMatchObject({ measuredMs: null, reproduced: null });
  });

  it('adds the webhook row when seed-webhook ran: 450 ms plus at most 15 ms of the stack', () => {
    expect(articleTable([seed]).rows).toHaveLength(3);
    const webhook = (p50: number) => ({
      ...seed,
      name: 'seed-webhook',
      variants: seed.variants
        .filter((v) => v.variant === 'hybrid')
        .map((v) => ({ ...v, accepted: { ...v.accepted, p50 } })),
    });
    const row = (p50: number) => articleTable([seed, webhook(p50)]).rows![3]!;
    expect(row(462)).toMatchObject({
      figure: 'webhook-pending',
      variant: 'hybrid',
      expected: { ms: 450, scaledMs: 450, plusAtMostMs: 15 },
      measuredMs: 462,
      reproduced: true,
    });
    expect(row(466).reproduced).toBe(false);
    expect(row(449).reproduced).toBe(false);
  });
});
