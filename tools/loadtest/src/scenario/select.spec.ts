import { CHECKOUT_STEPS, seedTotalMs } from '@lab/domain';
import { describe, expect, it } from 'vitest';
import { repeatsOf, selectScenarios } from './select.js';
import { defaultSuite } from './default-suite.js';

describe('repeats', () => {
  it.each([false, true])(
    'seed-checkout, accept-500 and (in full) capacity run three times in the default suite (quick: %s), the rest once',
    (quick) => {
      const repeats = Object.fromEntries(
        defaultSuite(quick).map((s) => [s.name, repeatsOf(s, {})]),
      );
      expect(repeats['seed-checkout']).toBe(3);
      expect(repeats['accept-500']).toBe(3);
      expect(repeats['rush']).toBe(1);
      expect(repeats['capacity']).toBe(quick ? 1 : 3);
      expect(repeats['capacity-2-payment']).toBe(1);
      expect(repeats['capacity-webhook']).toBe(1);
    },
  );

  it('are overridden by --repeat', () => {
    const [seed] = selectScenarios({ quick: false, scenarios: ['seed-checkout'] });
    expect(repeatsOf(seed!, { repeat: 1 })).toBe(1);
    expect(repeatsOf(seed!, { repeat: 5 })).toBe(5);
    expect(repeatsOf(seed!, { repeat: undefined })).toBe(3);
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

describe('selectScenarios', () => {
  it('drops out of a run of hybrid only, unless asked for by name', () => {
    const names = selectScenarios({ quick: true, variants: ['hybrid'] }).map((s) => s.name);
    expect(names).not.toContain('crossover');
    expect(names).toContain('rush');
    expect(() =>
      selectScenarios({ quick: true, scenarios: ['crossover'], variants: ['hybrid'] }),
    ).toThrow('scenario crossover: variants must name at least one variant');
  });
});

describe('traced runs', () => {
  const seedOf = (scenarios: ReturnType<typeof selectScenarios>) =>
    scenarios.find((s) => s.name === 'seed-checkout')!;

  it('are declared by seed-checkout alone: one of each variant, full and quick', () => {
    expect(seedOf(selectScenarios({ quick: false })).tracing).toEqual({
      sampleRatio: 1,
      repeats: 1,
    });
    expect(seedOf(selectScenarios({ quick: true })).tracing).toEqual({
      sampleRatio: 1,
      repeats: 1,
    });
    const others = selectScenarios({ quick: false }).filter((s) => s.name !== 'seed-checkout');
    expect(others.every((s) => s.tracing === undefined)).toBe(true);
  });

  it('are added to every scenario but a crossover by --trace, as many as its repeats', () => {
    const all = selectScenarios({ quick: true, trace: { sampleRatio: 0.25 } });
    const rush = all.find((s) => s.name === 'rush')!;
    expect(rush.tracing).toEqual({ sampleRatio: 0.25, repeats: 1 });
    expect(seedOf(all).tracing).toEqual({ sampleRatio: 0.25, repeats: 3 });
    expect(all.find((s) => s.name === 'crossover')!.tracing).toBeUndefined();
    const counted = selectScenarios({
      quick: true,
      trace: { sampleRatio: 1, repeats: 2 },
      repeat: 5,
    });
    expect(seedOf(counted).tracing).toEqual({ sampleRatio: 1, repeats: 2 });
  });

  it('are left out, even where declared, with --no-trace', () => {
    expect(selectScenarios({ quick: false, trace: false }).every((s) => !s.tracing)).toBe(true);
  });
});
