import { describe, expect, it } from 'vitest';
import type { VariantResult, WhereTheTimeWent } from '../result/index.js';
import { runResult } from '../testing/run-result.js';
import { scenarioTracing, tracedPromisesKept, tracingOverhead } from './tracing-overhead.js';

const base = runResult.scenarios[0]!.variants.find((v) => v.variant === 'async')!;
const traced = (p50: number, orders = 10): WhereTheTimeWent => ({
  tracedOrders: orders,
  spans: orders * 50,
  droppedSpans: 0,
  p50: null,
  p99: null,
  note: `run at ${p50}`,
});
const run = (acceptedP50: number, extra: Partial<VariantResult> = {}): VariantResult => ({
  ...base,
  accepted: { ...base.accepted, p50: acceptedP50 },
  ...extra,
});

describe('tracingOverhead', () => {
  it('is the difference of the medians of accepted p50, with each side’s spread', () => {
    const o = tracingOverhead([run(2), run(4), run(3)], [run(3.5), run(3.2), run(9)])!;
    expect(o.untraced).toEqual({ median: 3, min: 2, max: 4, values: [2, 4, 3] });
    expect(o.traced.median).toBe(3.5);
    expect(o.deltaMs).toBeCloseTo(0.5, 10);
    expect(o.change).toBeCloseTo(0.5 / 3, 10);
  });

  it('is not measured without runs of both kinds', () => {
    expect(tracingOverhead([], [run(3)])).toBeNull();
    expect(tracingOverhead([run(3)], [])).toBeNull();
  });
});

describe('scenarioTracing', () => {
  it('draws each variant from its traced run with the median accepted p50', () => {
    const t = scenarioTracing(
      0.5,
      [run(3)],
      [
        run(5, { whereTheTimeWent: traced(5) }),
        run(4, { whereTheTimeWent: traced(4) }),
        run(9, { whereTheTimeWent: traced(9) }),
      ],
    );
    expect(t.sampleRatio).toBe(0.5);
    expect(t.variants).toHaveLength(1);
    expect(t.variants[0]).toMatchObject({ variant: 'async', repeats: 3, promisesKept: true });
    expect(t.variants[0]!.whereTheTimeWent.note).toBe('run at 5');
    expect(t.variants[0]!.overhead?.deltaMs).toBe(2);
  });

  it('says so when no traced run recorded spans, and counts a broken promise of a traced run', () => {
    const broken = { kept: false, broken: [{ count: 'lost' as const, value: 1 }], unaccounted: 0 };
    const t = scenarioTracing(1, [run(3)], [run(4, { promises: broken })]);
    expect(t.variants[0]!.whereTheTimeWent).toMatchObject({
      p50: null,
      note: expect.stringMatching(/no traced run/),
    });
    expect(t.variants[0]!.promisesKept).toBe(false);
    expect(tracedPromisesKept(t)).toBe(false);
    expect(tracedPromisesKept(undefined)).toBe(true);
  });
});
