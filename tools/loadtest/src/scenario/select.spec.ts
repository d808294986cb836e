import { CHECKOUT_STEPS, seedTotalMs } from '@lab/domain';
import { describe, expect, it } from 'vitest';
import { repeatsOf, selectScenarios } from './select.js';
import { defaultSuite } from './default-suite.js';
import { validateScenario } from './validation.js';

describe('repeats', () => {
  it.each([false, true])(
    'seed-checkout and accept-500 run three times in the default suite (quick: %s), the rest once',
    (quick) => {
      const repeats = Object.fromEntries(
        defaultSuite(quick).map((s) => [s.name, repeatsOf(s, {})]),
      );
      expect(repeats['seed-checkout']).toBe(3);
      expect(repeats['accept-500']).toBe(3);
      expect(repeats['rush']).toBe(1);
      expect(repeats['capacity']).toBe(1);
    },
  );

  it('are overridden by --repeat', () => {
    const [seed] = selectScenarios({ quick: false, scenarios: ['seed-checkout'] });
    expect(repeatsOf(seed!, { repeat: 1 })).toBe(1);
    expect(repeatsOf(seed!, { repeat: 5 })).toBe(5);
    expect(repeatsOf(seed!, { repeat: undefined })).toBe(3);
  });

  it('must be a whole number ≥ 1 where a scenario declares them', () => {
    const [seed] = defaultSuite(false);
    expect(validateScenario({ ...seed!, repeats: 0 })).toEqual([
      'scenario seed-checkout: repeats must be a whole number ≥ 1',
    ]);
    expect(validateScenario({ ...seed!, repeats: 1.5 })).toHaveLength(1);
    expect(validateScenario(seed!)).toEqual([]);
  });

  it.each([
    ['seed-checkout', 250],
    ['accept-500', 1000],
  ])('keep %s at %i steady arrivals per repeat per variant or more', (name, arrivals) => {
    const w = defaultSuite(false).find((s) => s.name === name)!.workload;
    if (w.mode !== 'open') throw new Error(`${name} is an open loop`);
    expect(w.rate * (w.durationS - w.warmupS)).toBeGreaterThanOrEqual(arrivals);
  });

  it.each([false, true])(
    "start seed-checkout's steady window after a sync checkout's time, its pool full (quick: %s)",
    (quick) => {
      const seed = defaultSuite(quick).find((s) => s.name === 'seed-checkout')!;
      const syncMs = seedTotalMs(CHECKOUT_STEPS) * seed.timeScale;
      expect(seed.workload.warmupS * 1000).toBeGreaterThan(syncMs);
    },
  );
});
