import { describe, expect, it } from 'vitest';
import { CHECKOUT_STEPS } from './steps.js';
import { PROFILES, createLatencyModel, isProfileName } from './latency.js';

describe('latency model', () => {
  it('gives the seed delays exactly, scaled by timeScale', () => {
    const full = createLatencyModel({ profile: PROFILES.seed, timeScale: 1, seed: 1 });
    const fast = createLatencyModel({ profile: PROFILES.seed, timeScale: 0.01, seed: 1 });
    for (const step of CHECKOUT_STEPS) {
      expect(full.delayMs(step.name, 'order-1')).toBe(step.seedMs);
      expect(fast.delayMs(step.name, 'order-1')).toBeCloseTo(step.seedMs * 0.01, 10);
    }
  });

  it('gives zero for the zero profile', () => {
    const model = createLatencyModel({ profile: PROFILES.zero, timeScale: 1, seed: 1 });
    expect(CHECKOUT_STEPS.map((s) => model.delayMs(s.name, 'x'))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('waits on the provider alone in the provider profile: the charge and the refund', () => {
    const model = createLatencyModel({ profile: PROFILES.provider, timeScale: 1, seed: 1 });
    expect(CHECKOUT_STEPS.map((s) => [s.name, model.delayMs(s.name, 'x')])).toEqual(
      CHECKOUT_STEPS.map((s) => [s.name, s.name === 'chargeCard' ? 2000 : 0]),
    );
    expect(model.delayMs('refundCharge', 'x')).toBe(300);
    expect(model.delayMs('releaseItems', 'x')).toBe(0);
  });

  it('draws log-normal delays around the median, repeatable for the same seed and key', () => {
    const a = createLatencyModel({ profile: PROFILES.lognormal, timeScale: 1, seed: 7 });
    const b = createLatencyModel({ profile: PROFILES.lognormal, timeScale: 1, seed: 7 });
    const c = createLatencyModel({ profile: PROFILES.lognormal, timeScale: 1, seed: 8 });
    const draws = Array.from({ length: 4001 }, (_, i) => a.delayMs('chargeCard', `o-${i}`));
    expect(draws).toEqual(
      Array.from({ length: 4001 }, (_, i) => b.delayMs('chargeCard', `o-${i}`)),
    );
    expect(c.delayMs('chargeCard', 'o-1')).not.toBe(a.delayMs('chargeCard', 'o-1'));
    const sorted = [...draws].sort((x, y) => x - y);
    const median = sorted[2000]!;
    expect(median).toBeGreaterThan(1900);
    expect(median).toBeLessThan(2100);
    expect(new Set(draws).size).toBeGreaterThan(3900);
  });

  it('applies a slow-down as multiplier then added time, before scaling', () => {
    const model = createLatencyModel({ profile: PROFILES.seed, timeScale: 0.5, seed: 1 });
    expect(model.delayMs('chargeCard', 'o', { multiplier: 3, addMs: 100 })).toBe(3050);
    expect(model.nominalMs('sendEmail')).toBe(250);
  });

  it('refuses a negative or non-finite time scale', () => {
    expect(() => createLatencyModel({ profile: PROFILES.seed, timeScale: -1, seed: 1 })).toThrow(
      /timeScale/,
    );
    expect(() =>
      createLatencyModel({ profile: PROFILES.seed, timeScale: Number.NaN, seed: 1 }),
    ).toThrow(/timeScale/);
  });

  it('knows its profile names', () => {
    expect(isProfileName('seed')).toBe(true);
    expect(isProfileName('fast')).toBe(false);
  });
});
