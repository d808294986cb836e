import { describe, expect, it } from 'vitest';
import { sendLagLine, workloadLine } from './report-text.js';
import type { ScenarioResult } from '../../result/index.js';

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

describe('sendLagLine', () => {
  const lag = (p99: number, count = 1500) => ({
    count,
    mean: 0.01,
    p50: 0.001,
    p90: 0.05,
    p99,
    p999: p99 * 2,
    max: p99 * 3,
  });

  it('gives p50, p99 and max over the sends, and flags a p99 over the 1 ms target', () => {
    expect(sendLagLine(lag(0.31), 'open')).toBe(
      'p50 0.001 ms, p99 0.31 ms, max 0.93 ms over 1,500 sends',
    );
    expect(sendLagLine(lag(2.7), 'open')).toBe(
      'p50 0.001 ms, p99 2.7 ms, max 8.1 ms over 1,500 sends (over the 1 ms target at p99)',
    );
  });

  it('says a closed loop has none', () => {
    expect(sendLagLine(lag(0, 0), 'closed')).toBe(
      'not measured: a closed loop sends when an answer comes',
    );
  });

  it('says what a burst’s lag is: the time to send it, not a late schedule', () => {
    expect(sendLagLine(lag(30, 1000), 'burst')).toBe(
      'a burst: all 1,000 sends due at once, the last left 90 ms after they were due',
    );
  });
});
