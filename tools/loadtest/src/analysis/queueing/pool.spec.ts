import { describe, expect, it } from 'vitest';
import { allenCunneen, erlangB, erlangC, mmc, mmcKRefused, poolCeiling } from './pool.js';

describe('a pool of c servers', () => {
  it("has Little's law's ceiling c / S", () => {
    expect(poolCeiling(200, 3.65)).toBeCloseTo(54.79, 2);
  });

  it('refuses the share of the Erlang B tables', () => {
    // Erlang B tables: 5 lines at 3 Erlangs lose 11.0 %, 10 lines at 5 Erlangs 1.84 %.
    expect(erlangB(5, 3)).toBeCloseTo(0.1101, 4);
    expect(erlangB(10, 5)).toBeCloseTo(0.0184, 4);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
  });

  it('makes arrivals wait as often as the Erlang C tables say', () => {
    // M/M/2 at ρ = 0.5: a third wait; 10 agents at 8 Erlangs: 40.9 %; M/M/1: ρ.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(10, 8)).toBeCloseTo(0.4092, 4);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
    // The sync pool at the busy hour, 200 slots at 50/s × 3.65 s: no factorial overflows.
    expect(erlangC(200, 182.5)).toBeCloseTo(0.1377, 4);
    expect(erlangC(200, 200)).toBe(1);
  });

  it('waits as M/M/c does: mean C / (cμ − λ), tail C·e^(−(cμ−λ)t)', () => {
    // M/M/1, λ = 0.5, S = 1: mean wait ρS / (1 − ρ) = 1.
    const one = mmc(1, 0.5, 1);
    expect(one.meanWait).toBeCloseTo(1, 12);
    // P(W > t) = 0.5·e^(−0.5t) = 0.01 at t = 2·ln 50.
    expect(one.waitAt(0.99)).toBeCloseTo(2 * Math.log(50), 12);
    expect(one.waitAt(0.4)).toBe(0);
    // 10 agents at 8 Erlangs, S = 1: mean wait C / (10 − 8).
    expect(mmc(10, 8, 1).meanWait).toBeCloseTo(0.4092 / 2, 4);
    expect(mmc(2, 3, 1).meanWait).toBe(Infinity);
  });

  it('halves the wait for fixed service times (Allen–Cunneen), exact for M/D/1', () => {
    // Pollaczek–Khinchine, M/D/1 at ρ = 0.8, S = 1: Wq = ρS / (2(1 − ρ)) = 2.
    expect(allenCunneen(1, 0.8, 1, 0).meanWait).toBeCloseTo(2, 12);
    const md = allenCunneen(200, 50, 3.65, 0);
    const mm = mmc(200, 50, 3.65);
    expect(md.meanWait).toBeCloseTo(mm.meanWait / 2, 12);
    expect(md.waitAt(0.99)).toBeCloseTo(mm.waitAt(0.99) / 2, 12);
    expect(md.pWait).toBe(mm.pWait);
    // Exponential service (cs² = 1) is M/M/c itself.
    expect(allenCunneen(10, 8, 1, 1).meanWait).toBeCloseTo(mmc(10, 8, 1).meanWait, 12);
  });

  it('refuses the share of M/M/c/K: Erlang B with no room to wait, M/M/1/K in closed form', () => {
    expect(mmcKRefused(5, 5, 3, 1)).toBeCloseTo(erlangB(5, 3), 12);
    // M/M/1/K: (1 − ρ)ρ^K / (1 − ρ^(K+1)); ρ = 0.9, K = 10.
    const rho = 0.9;
    expect(mmcKRefused(1, 10, rho, 1)).toBeCloseTo(((1 - rho) * rho ** 10) / (1 - rho ** 11), 12);
    // The sync pool's 200 slots and 200 places to wait at the busy hour: next to none refused.
    expect(mmcKRefused(200, 400, 50, 3.65)).toBeLessThan(1e-6);
    // Far past the ceiling, the share refused is 1 − c/a.
    expect(mmcKRefused(200, 400, 100, 3.65)).toBeCloseTo(1 - 200 / 365, 3);
  });
});
