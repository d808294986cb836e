import { describe, expect, it } from 'vitest';
import { loadConfig } from '@lab/config';
import { ceilingOf } from '../stats/latency-recorder.js';
import {
  BUSINESS_ERRORS,
  controlUrlFor,
  envelope,
  faultTargetName,
  recoveryLimits,
  recoveryTime,
  type OrderOutcome,
} from './fault-timeline.js';
import type { TimelinePoint } from '../result/index.js';

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

describe('fault targets', () => {
  it('names the variant’s app, and leaves brokers and full names alone', () => {
    expect(faultTargetName('notification', 'async')).toBe('async-notification');
    expect(faultTargetName('nats', 'sync')).toBe('nats');
    expect(faultTargetName('hybrid-payment', 'sync')).toBe('hybrid-payment');
  });

  it('finds the control endpoint that owns a target, and explains a bad name', () => {
    const config = loadConfig({}, { workspaceRoot: '/' });
    expect(controlUrlFor('redis', config)).toBe('http://127.0.0.1:8400');
    expect(controlUrlFor('async-notification', config)).toBe('http://127.0.0.1:8200');
    expect(() => controlUrlFor('mailer', config)).toThrow(/<stack>-<service>/);
  });

  it('limits recovery by what each variant waits for', () => {
    expect(recoveryLimits('sync', 1)).toEqual({ acceptedP99Ms: 7300, completedP99Ms: 7300 });
    expect(recoveryLimits('async', 1)).toEqual({ acceptedP99Ms: 250, completedP99Ms: 5900 });
  });

  it('draws one window per fault around every variant’s actual times', () => {
    const planned = [{ kind: 'crash' as const, target: 'payment', startS: 5, durationS: 2 }];
    const ran = (appliedAtS: number, endedAtS: number) => [
      { ...planned[0]!, appliedAtS, endedAtS, executed: true, note: 'SIGKILL, then started again' },
    ];
    expect(envelope(planned, [ran(5.01, 7.01), ran(5.03, 7.04)])[0]).toMatchObject({
      executed: true,
      appliedAtS: 5.01,
      endedAtS: 7.04,
    });
    expect(envelope(planned, [[{ ...planned[0]!, executed: false, note: 'no' }]])[0]).toMatchObject(
      { executed: false },
    );
  });
});

describe('ceilingOf', () => {
  const at = (t: number, achieved: number, p99: number, errors: Record<string, number> = {}) => ({
    ...point(t, null),
    offered: achieved,
    achieved,
    acceptedP99: p99,
    errors,
  });

  it('is the highest rate kept before the level broke two seconds in a row', () => {
    const timeline = [
      at(0, 50, 5),
      at(1, 100, 8),
      at(2, 150, 120), // alone over the level: not the break
      at(3, 160, 20, { card_declined: 3 }),
      at(4, 200, 140),
      at(5, 260, 150),
      at(6, 300, 9),
    ];
    expect(ceilingOf(timeline, 100, BUSINESS_ERRORS, 7)).toEqual({
      rate: 160,
      brokeAtS: 4,
      why: 'accepted p99 140 ms > 100 ms at second 4, accepted p99 150 ms > 100 ms at second 5',
      acceptedP99Ms: 100,
      isolated: [2],
    });
    expect(
      ceilingOf(
        [at(1, 80, 5), at(2, 90, 5, { saturated: 4 }), at(3, 95, 5, { saturated: 9 })],
        100,
        BUSINESS_ERRORS,
        5,
      ).why,
    ).toBe('4 error answers at second 2, 9 error answers at second 3');
    expect(
      ceilingOf([at(1, 80, 5), at(2, 95, 5), at(3, 99, 101)], 100, BUSINESS_ERRORS, 5),
    ).toEqual({
      rate: 95,
      brokeAtS: null,
      why: 'held to the top of the ramp',
      acceptedP99Ms: 100,
      isolated: [3],
    });
  });

  it('breaks where accepted orders pile up faster than they complete', () => {
    const behind = (t: number, n: number) => ({ ...at(t, 300, 5), incomplete: n });
    expect(
      ceilingOf(
        [at(1, 100, 5), at(2, 200, 5), behind(3, 420), behind(4, 700)],
        100,
        BUSINESS_ERRORS,
        6,
      ),
    ).toMatchObject({
      rate: 200,
      brokeAtS: 3,
      why: expect.stringContaining('completions fell behind: 420'),
    });
    // A few unfinished orders at a low rate are not falling behind.
    expect(
      ceilingOf(
        [at(1, 10, 5), { ...at(2, 10, 5), incomplete: 15 }, { ...at(3, 10, 5), incomplete: 15 }],
        100,
        BUSINESS_ERRORS,
        5,
      ),
    ).toMatchObject({ brokeAtS: null });
  });
});
