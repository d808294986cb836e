import { afterEach, describe, expect, it } from 'vitest';
import { VariantRecorder } from './variant-recorder.js';

const T0 = 10_000;
let rec: VariantRecorder | undefined;
afterEach(() => rec?.destroy());

/** A recorder of a 4 s run with 1 s of warm-up, started at T0. */
function recorder(
  options: { keepOutcomes?: boolean; timeUntilDone?: boolean; keepOrderTimes?: boolean } = {},
) {
  rec = new VariantRecorder({
    t0: T0,
    warmupS: 1,
    durationS: 4,
    keepOutcomes: options.keepOutcomes ?? false,
    timeUntilDone: options.timeUntilDone ?? false,
    keepOrderTimes: options.keepOrderTimes ?? false,
  });
  return rec;
}

describe('VariantRecorder', () => {
  it('counts every answer, and the steady ones alone in the latencies and statuses', () => {
    const r = recorder();
    r.answer(T0 + 500, { status: 202, orderId: 'warm' }, T0 + 500, T0 + 510);
    r.answer(T0 + 1500, { status: 202, orderId: 'a' }, T0 + 1500, T0 + 1503);
    r.answer(T0 + 1600, { status: 503, reason: 'saturated' }, T0 + 1600, T0 + 1601);
    r.answer(T0 + 1700, { status: 0 }, T0 + 1700, T0 + 1800);
    expect(r.answered).toBe(4);
    expect(r.orderIds).toEqual(['warm', 'a']);
    const m = r.measures(false, 0);
    expect(m.statuses).toEqual({ '202': 1, '503': 1, transport: 1 });
    expect(m.errorsByReason).toEqual({ saturated: 1, http_0: 1 });
    expect(m.accepted.count).toBe(3);
    expect(m.achievedRate).toBe(1);
  });

  it("measures the edge's pool from the answers' waits, steady only, and none without a pool", () => {
    const r = recorder();
    r.answer(T0 + 500, { status: 200, orderId: 'warm', poolWaitMs: 900 }, T0 + 500, T0 + 510);
    for (let i = 0; i < 8; i++)
      r.answer(
        T0 + 1500 + i,
        { status: 200, orderId: `a${i}`, poolWaitMs: 0 },
        T0 + 1500,
        T0 + 1510,
      );
    r.answer(T0 + 1600, { status: 200, orderId: 'w1', poolWaitMs: 40 }, T0 + 1600, T0 + 1650);
    r.answer(T0 + 1700, { status: 200, orderId: 'w2', poolWaitMs: 80 }, T0 + 1700, T0 + 1790);
    r.answer(T0 + 1800, { status: 503, reason: 'saturated' }, T0 + 1800, T0 + 1801);
    const pool = r.measures(false, 0).pool!;
    expect(pool).toMatchObject({ admitted: 10, waited: 2, refused: 1, pWait: 0.2 });
    expect(pool.refusedShare).toBeCloseTo(1 / 11, 12);
    expect(pool.wait.max).toBeCloseTo(80, 1);
    // Each answer's latency less its wait: 10 … 3 ms for the eight, 10 ms for the two that waited.
    expect(pool.service.meanMs).toBeCloseTo(7.2, 9);
    expect(pool.service.cv2).toBeGreaterThan(0);
    expect(pool.wait.p50).toBeLessThan(0.01);
    r.destroy();
    const none = recorder();
    none.answer(T0 + 1500, { status: 202, orderId: 'x' }, T0 + 1500, T0 + 1502);
    expect(none.measures(false, 0).pool).toBeUndefined();
  });

  it('keeps each order’s outcome for recovery, completed when its order ends', () => {
    const r = recorder({ keepOutcomes: true });
    r.answer(T0 + 2000, { status: 202, orderId: 'a' }, T0 + 2000, T0 + 2002);
    r.answer(
      T0 + 2100,
      { status: 402, reason: 'card_declined', orderId: 'b' },
      T0 + 2100,
      T0 + 2105,
    );
    r.completion('a', T0 + 2000, T0 + 2300, 'confirmed');
    expect(r.outcomes).toEqual([
      { intendedS: 2, acceptedMs: 2, completedMs: 300, orderId: 'a' },
      { intendedS: 2.1, acceptedMs: 5, completedMs: null, error: 'card_declined', orderId: 'b' },
    ]);
    expect(r.measures(false, 0).completed.count).toBe(1);
  });

  it('measures time until done against every steady request of the schedule', () => {
    const r = recorder({ timeUntilDone: true });
    r.offeredSchedule([500, 1000, 2000, 3000]);
    r.completion('a', T0 + 1000, T0 + 1040, 'confirmed');
    r.completion('b', T0 + 2000, T0 + 2050, 'failed');
    r.completion('w', T0 + 500, T0 + 520, 'confirmed');
    expect(r.measures(false, 0).timeUntilDone).toEqual({
      offered: 3,
      done: 1,
      p50: null,
      p99: null,
    });
  });

  it("states Little's law on the steady window, and none for a burst", () => {
    const r = recorder();
    r.answer(T0 + 1500, { status: 202 }, T0 + 1500, T0 + 1600);
    // One request in flight for the whole 3 s steady window, at 1/3 answers a second of 100 ms.
    const law = r.measures(false, 3000).littlesLaw!;
    expect(law.meanInFlight).toBe(1);
    expect(law.predicted).toBeCloseTo(1 / 30, 9);
    expect(r.measures(true, 3000).littlesLaw).toBeNull();
  });

  it('records the steady send lags only', () => {
    const r = recorder();
    r.lags([5, 0.2, 0.4], [0, 1000, 2000]);
    expect(r.measures(false, 0).sendLag).toMatchObject({ count: 2 });
  });
});

describe('VariantRecorder: order times for the traced orders', () => {
  it("keeps each steady confirmed order's two latencies, and no other order's", () => {
    const r = recorder({ keepOrderTimes: true });
    r.answer(T0 + 500, { status: 202, orderId: 'warm' }, T0 + 500, T0 + 503);
    r.answer(T0 + 1500, { status: 202, orderId: 'a' }, T0 + 1500, T0 + 1504);
    r.answer(T0 + 1600, { status: 202, orderId: 'declined' }, T0 + 1600, T0 + 1602);
    r.completion('warm', T0 + 500, T0 + 900, 'confirmed');
    r.completion('a', T0 + 1500, T0 + 2100, 'confirmed');
    r.completion('declined', T0 + 1600, T0 + 1700, 'failed');
    expect(r.orderTimes).toEqual([{ orderId: 'a', acceptedMs: 4, completedMs: 600 }]);
  });

  it('keeps none unless asked', () => {
    const r = recorder();
    r.answer(T0 + 1500, { status: 202, orderId: 'a' }, T0 + 1500, T0 + 1504);
    r.completion('a', T0 + 1500, T0 + 2100, 'confirmed');
    expect(r.orderTimes).toEqual([]);
  });
});
