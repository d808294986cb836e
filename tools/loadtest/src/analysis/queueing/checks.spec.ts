import { describe, expect, it } from 'vitest';
import type { LatencySummary, PoolMeasure, VariantRun } from '../../result/index.js';
import { defaultSuite } from '../../scenario/default-suite.js';
import { modelChecks, poolServiceS } from './checks.js';
import { allenCunneen } from './pool.js';

const POOL = { maxInFlight: 200, maxQueued: 200, queueTimeoutMs: 5000 };
const latency = (l: Partial<LatencySummary>): LatencySummary => ({
  count: 0,
  mean: 0,
  p50: 0,
  p90: 0,
  p99: 0,
  p999: 0,
  max: 0,
  ...l,
});

/** Only what the checks read of a run. */
function run(r: {
  variant: 'sync' | 'async';
  offeredRate: number;
  accepted: Partial<LatencySummary>;
  pool?: PoolMeasure;
  sendLagMax?: number;
}): VariantRun {
  return {
    variant: r.variant,
    repeat: 1,
    offeredRate: r.offeredRate,
    accepted: latency(r.accepted),
    sendLag: latency({ max: r.sendLagMax ?? 0 }),
    ...(r.pool ? { pool: r.pool } : {}),
  } as unknown as VariantRun;
}

const full = defaultSuite(false);
const busy = full.find((s) => s.name === 'busy-hour')!;
const rush = full.find((s) => s.name === 'rush')!;

describe('the model beside the measurement', () => {
  it('holds the busy hour’s pool against Erlang C and Allen–Cunneen, fed the run’s own λ and S', () => {
    const S = 3.66;
    const expected = allenCunneen(200, 48, S, 0);
    const pool: PoolMeasure = {
      admitted: 700,
      waited: Math.round(700 * expected.pWait * 0.5),
      refused: 0,
      pWait: Math.round(700 * expected.pWait * 0.5) / 700,
      refusedShare: 0,
      wait: latency({
        p50: 0,
        mean: expected.meanWait * 1000 * 1.05,
        p99: expected.waitAt(0.99) * 1000 * 1.5,
      }),
      service: { meanMs: S * 1000, cv2: 0 },
    };
    const checks = modelChecks(
      busy,
      [
        run({ variant: 'sync', offeredRate: 48, accepted: { p50: S * 1000 }, pool }),
        run({ variant: 'async', offeredRate: 48, accepted: { p50: 5 } }),
      ],
      POOL,
    );
    expect(checks.map((c) => [c.figure, c.variant, c.agrees])).toEqual([
      ['chance of waiting for a slot', 'sync', false],
      ['mean wait for a slot', 'sync', true],
      ['p99 wait for a slot', 'sync', false],
      ['share refused by the pool', 'sync', true],
    ]);
    expect(checks[0]!.predicted).toBeCloseTo(expected.pWait, 9);
    expect(checks[0]!.reason).toMatch(/service time is not exponential/);
    expect(checks[1]!.difference).toBeCloseTo(0.05, 6);
    expect(checks[2]!.reason).toMatch(/too short for a p99: 700 arrivals/);
    expect(checks[0]!.model).toContain(
      'c = 200, λ = 48.0/s, S = 3.660 s as served (simulated 3.650 s), cs² = 0.000',
    );
  });

  it('says there is no steady state to predict when the run was over the ceiling', () => {
    const pool: PoolMeasure = {
      admitted: 700,
      waited: 600,
      refused: 0,
      pWait: 0.86,
      refusedShare: 0,
      wait: latency({ p50: 400 }),
      service: { meanMs: 4000, cv2: 0.01 },
    };
    const checks = modelChecks(
      busy,
      [run({ variant: 'sync', offeredRate: 55, accepted: { p50: 4300 }, pool })],
      POOL,
    );
    for (const c of checks) {
      expect(c).toMatchObject({ predicted: null, agrees: null });
      expect(c.reason).toMatch(/ρ ≥ 1/);
    }
    expect(checks).toHaveLength(4);
  });

  it('times a burst against the pool in waves of the S it served: served, refused, and the last answer', () => {
    expect(poolServiceS('sync', 1)).toBeCloseTo(3.65, 9);
    expect(poolServiceS('hybrid', 1)).toBeCloseTo(2.45, 9);
    expect(poolServiceS('async', 1)).toBeNull();
    const pool: PoolMeasure = {
      admitted: 400,
      waited: 200,
      refused: 600,
      pWait: 0.5,
      refusedShare: 0.6,
      wait: latency({}),
      service: { meanMs: 3700, cv2: 0.001 },
    };
    const checks = modelChecks(
      rush,
      [run({ variant: 'sync', offeredRate: 80, accepted: { max: 8900 }, pool, sendLagMax: 100 })],
      POOL,
    );
    expect(checks.map((c) => [c.figure, c.predicted, c.measured, c.agrees])).toEqual([
      ['burst: served', 400, 400, true],
      ['burst: refused', 600, 600, true],
      // Two waves of 3.7 s, and the last request left 0.1 s late.
      ['burst: last answer', expect.closeTo(7.5, 9), 8.9, false],
    ]);
    expect(checks[2]!.reason).toMatch(/second wave ran slower/);
    // A slower stack: the second wave would start past the 5 s timeout, so only c are served.
    const slow = modelChecks(
      rush,
      [
        run({
          variant: 'sync',
          offeredRate: 80,
          accepted: { max: 5600 },
          pool: { ...pool, admitted: 200, refused: 800, service: { meanMs: 5500, cv2: 0 } },
        }),
      ],
      POOL,
    );
    expect(slow.map((c) => [c.predicted, c.agrees])).toEqual([
      [200, true],
      [800, true],
      [5.5, true],
    ]);
  });
});
