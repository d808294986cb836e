import { describe, expect, it } from 'vitest';
import type { TimelinePoint } from '../result/index.js';
import { firstFelt, recoveryLimits, recoveryTime, type OrderOutcome } from './recovery.js';

const point = (t: number, backlog: number | null): TimelinePoint => ({
  t,
  warmup: t < 1,
  offered: 10,
  achieved: 10,
  completed: 10,
  errors: {},
  inFlight: 0,
  incomplete: 0,
  acceptedP50: 2,
  acceptedP99: 3,
  completedP50: 100,
  completedP99: 200,
  backlog,
});

const limits = { acceptedP99Ms: 250, completedP99Ms: 1000 };
const order = (intendedS: number, completedMs: number | null, error?: string): OrderOutcome => ({
  intendedS,
  acceptedMs: 2,
  completedMs,
  ...(error ? { error } : {}),
});

describe('recoveryTime', () => {
  const fault = { startS: 3, endedAtS: 6, recoveredAtS: 6.3 };

  it('waits for the backlog to drain and for orders sent after the fault to be fast again', () => {
    const timeline = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((t) =>
      point(t, t < 3 ? 2 : t <= 7 ? 40 - t : 1),
    );
    const orders = [
      order(6.1, 3000), // queued behind the backlog
      order(7.5, 2500),
      order(8.2, 300),
      order(9.0, 200),
      order(9.5, null, 'card_declined'), // a business answer, not an outage
    ];
    // Backlog deep until the sample of second 7 (taken at 8): drained by 9; orders fine from 8.2.
    expect(recoveryTime(orders, timeline, fault, limits)).toEqual({ recoveryS: 3 });
  });

  it('counts at least until the restarted process served', () => {
    const timeline = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => point(t, 0));
    expect(recoveryTime([order(6.0, 100)], timeline, fault, limits).recoveryS).toBeCloseTo(0.3);
  });

  it('says why when there is no recovery', () => {
    const deepToTheEnd = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => point(t, t < 3 ? 0 : 50));
    expect(recoveryTime([order(6.5, 100)], deepToTheEnd, fault, limits)).toEqual({
      recoveryS: null,
      why: 'the backlog had not drained when the run ended',
    });
    const flat = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => point(t, 0));
    expect(recoveryTime([order(6.5, 5000)], flat, fault, limits).why).toBe(
      'orders sent up to when the run ended were still slow or failing',
    );
    expect(
      recoveryTime([order(6.5, null, 'dependency_unavailable')], flat, fault, limits).why,
    ).toBe('orders sent up to when the run ended were still slow or failing');
    expect(recoveryTime([order(6.5, 100)], flat, fault, limits, 6.2).why).toBe(
      'no orders were sent between the end of the fault and when the next fault began',
    );
  });
});

describe('recoveryLimits', () => {
  it('limits recovery by what each variant waits for', () => {
    expect(recoveryLimits('sync', 1)).toEqual({ acceptedP99Ms: 7300, completedP99Ms: 7300 });
    expect(recoveryLimits('async', 1)).toEqual({ acceptedP99Ms: 250, completedP99Ms: 5900 });
  });
});

describe('firstFelt', () => {
  const fault = { startS: 3, appliedAtS: 3.1, endedAtS: 6 };
  const flat = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((t) => point(t, 0));

  it('dates an outage error by when the customer got it, not when the order was sent', () => {
    const orders = [
      order(2.0, 100),
      { intendedS: 3.2, acceptedMs: 2000, completedMs: null, error: 'deadline_exceeded' },
      order(3.5, 100),
    ];
    // The order sent at 3.2 s waited its 2 s deadline: felt at 5.2 s, 2.1 s after the fault took effect.
    const felt = firstFelt(orders, flat, fault, { acceptedP99Ms: 5000, completedP99Ms: 5000 });
    expect(felt.feltS).toBeCloseTo(2.1);
    expect(felt.feltBy).toBe('outage error (deadline_exceeded)');
  });

  it('dates a late order by when its limit passed, and an order sent before the fault counts', () => {
    // Sent at 2.5 s, before the fault, and completed 3 s later: late from 3.5 s (limit 1 s).
    const felt = firstFelt([order(2.5, 3000), order(4, 100)], flat, fault, limits);
    expect(felt).toEqual({ feltS: expect.closeTo(0.4) as number, feltBy: 'order late' });
  });

  it('takes the backlog growing, when it comes first, and ignores business answers', () => {
    const growing = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => point(t, t < 3 ? 1 : 9));
    const orders = [order(3.2, null, 'card_declined'), order(4.5, 3000)];
    // Second 3's sample is taken at its end: 4 s, 0.9 s after the fault took effect.
    expect(firstFelt(orders, growing, fault, limits)).toEqual({
      feltS: expect.closeTo(0.9) as number,
      feltBy: 'backlog grew',
    });
  });

  it('says not felt when nothing showed, and stops at the next fault', () => {
    expect(firstFelt([order(4, 100), order(5, 200)], flat, fault, limits)).toEqual({ feltS: null });
    expect(firstFelt([order(4, 3000)], flat, fault, limits, 4.5)).toEqual({ feltS: null });
  });
});
