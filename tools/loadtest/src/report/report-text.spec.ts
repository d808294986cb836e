import { describe, expect, it } from 'vitest';
import { workloadLine } from './report-text.js';
import type { ScenarioResult } from '../result.js';

const scenario = (workload: ScenarioResult['workload']): ScenarioResult =>
  ({ workload, profile: 'seed', timeScale: 1 }) as unknown as ScenarioResult;

describe('workloadLine', () => {
  it('names a burst and gives the mix as shares of all requests', () => {
    expect(
      workloadLine(scenario({ mode: 'burst', users: 1000, durationS: 12, warmupS: 0, mix: {} })),
    ).toMatch(/^a burst of 1,000 requests at once for 12 s \(0 s warm-up\), mix valid 100 %/);
    expect(
      workloadLine(
        scenario({
          mode: 'open',
          rate: 10,
          durationS: 15,
          warmupS: 2,
          mix: { declined: 0.05, outOfStock: 0.02 },
        }),
      ),
    ).toContain('mix declined 5 %, outOfStock 2 %, valid 93 %');
  });
});
