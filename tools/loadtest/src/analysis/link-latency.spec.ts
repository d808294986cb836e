import { describe, expect, it } from 'vitest';
import type { FaultWindow } from '../result/index.js';
import { linkLatencyCost, sequentialHops } from './link-latency.js';
import type { OrderOutcome } from './recovery.js';

const fault: FaultWindow = {
  kind: 'latency',
  target: 'sync',
  startS: 4,
  durationS: 4,
  addMs: 5,
  jitterMs: 2,
  appliedAtS: 4,
  endedAtS: 8,
  executed: true,
  note: '',
};

/** An order sent at `s` seconds, answered `ms` later and completed `ms + 10` later. */
const order = (s: number, ms: number, extra: Partial<OrderOutcome> = {}): OrderOutcome => ({
  intendedS: s,
  acceptedMs: ms,
  completedMs: ms + 10,
  ...extra,
});

describe('linkLatencyCost', () => {
  it('counts the calls between services each answer waits for', () => {
    expect([sequentialHops('sync'), sequentialHops('hybrid'), sequentialHops('async')]).toEqual([
      7, 4, 0,
    ]);
  });

  it('sets the median of the orders within the fault against those before it, per hop', () => {
    const orders = [
      order(0.5, 100), // in the warm-up: not counted
      order(1, 100),
      order(2, 110),
      order(3, 120),
      order(3.95, 100), // answered after the fault began: neither before nor during
      order(4.1, 150),
      order(5, 145),
      order(6, 160),
      order(7.95, 150), // answered after the fault ended
      order(5.5, 1000, { error: 'deadline_exceeded' }), // an error is not a latency
    ];
    expect(linkLatencyCost('sync', fault, orders, 1)).toEqual({
      addMs: 5,
      jitterMs: 2,
      hops: 7,
      predictedMs: 35,
      acceptedAddedMs: 40,
      completedAddedMs: 40,
      perHopMs: 40 / 7,
      roundTrips: 8,
      before: 3,
      during: 3,
    });
    const async = linkLatencyCost('async', fault, orders, 1)!;
    expect(async).toMatchObject({ hops: 0, predictedMs: 0, perHopMs: null, acceptedAddedMs: 40 });
  });

  it('says nothing of a fault that is not latency or did not run', () => {
    expect(linkLatencyCost('sync', { ...fault, kind: 'reset' }, [], 1)).toBeUndefined();
    expect(linkLatencyCost('sync', { ...fault, executed: false }, [], 1)).toBeUndefined();
    expect(linkLatencyCost('sync', fault, [], 1)).toMatchObject({
      acceptedAddedMs: null,
      perHopMs: null,
      roundTrips: null,
      before: 0,
    });
  });
});
