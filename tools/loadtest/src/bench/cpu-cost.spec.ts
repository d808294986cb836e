import { describe, expect, it } from 'vitest';
import { costRatio, cpuCost, cpuMsSince, pooledCost } from './cpu-cost.js';

describe('cpuCost', () => {
  it('divides CPU by answers and by wall time', () => {
    expect(cpuCost(50, 500, 1000)).toEqual({ msPerRequest: 0.1, coreShare: 0.05 });
  });

  it('has no per-request figure when nothing was answered, and no share without time', () => {
    expect(cpuCost(12, 0, 1000)).toEqual({ msPerRequest: null, coreShare: 0.012 });
    expect(cpuCost(12, 3, 0).coreShare).toBe(0);
  });
});

describe('pooledCost', () => {
  it('weighs each round by what it answered, not each round equally', () => {
    // 0.1 ms over 1,000 answers and 1 ms over 10: pooled 110 / 1,010, not the mean 0.55.
    const pooled = pooledCost([
      { cpuMs: 100, answered: 1000, wallMs: 1000 },
      { cpuMs: 10, answered: 10, wallMs: 1000 },
    ]);
    expect(pooled.msPerRequest).toBeCloseTo(110 / 1010, 9);
    expect(pooled.coreShare).toBeCloseTo(0.055, 9);
    expect(pooledCost([]).msPerRequest).toBeNull();
  });
});

describe('costRatio', () => {
  it('is ours over theirs, or null when either side has no figure', () => {
    expect(costRatio(cpuCost(30, 1000, 1), cpuCost(20, 1000, 1))).toBeCloseTo(1.5, 9);
    expect(costRatio(cpuCost(30, 0, 1), cpuCost(20, 1000, 1))).toBeNull();
    expect(costRatio(cpuCost(30, 1000, 1), cpuCost(0, 1000, 1))).toBeNull();
  });
});

describe('cpuMsSince', () => {
  it('is in ms, user and system together, and no more than the wall time it spanned', () => {
    const from = process.cpuUsage();
    const started = performance.now();
    // Burn 20 ms of CPU on this thread, however long a busy machine takes to give it.
    while (process.cpuUsage(from).user < 20_000) Math.sqrt(Math.random());
    const cpuMs = cpuMsSince(from);
    const wallMs = performance.now() - started;
    expect(cpuMs).toBeGreaterThanOrEqual(20);
    // One thread spun (vitest's others idle meanwhile): about one core's worth at most.
    expect(cpuMs).toBeLessThan(2 * wallMs + 5);
  });
});
