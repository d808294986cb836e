import { describe, expect, it } from 'vitest';
import { pickTracedOrders } from './trace-picks.js';

const orders = [10, 20, 30, 40, 50, 60, 70, 80, 90, 400].map((completedMs, i) => ({
  orderId: `o${i}`,
  acceptedMs: 5,
  completedMs,
}));

describe('pickTracedOrders', () => {
  it('picks the orders at the percentiles when every order is traced', () => {
    const picks = pickTracedOrders(orders, () => true, { p50: 50, p99: 390 });
    expect(picks.p50).toMatchObject({ orderId: 'o4', completedMs: 50, targetMs: 50 });
    expect(picks.p99).toMatchObject({ orderId: 'o9', completedMs: 400, targetMs: 390 });
  });

  it('picks the nearest traced order when only a sample is traced', () => {
    const sample = new Set(['o1', 'o6', 'o8']);
    const picks = pickTracedOrders(orders, (id) => sample.has(id), { p50: 50, p99: 390 });
    expect(picks.p50?.orderId).toBe('o6');
    expect(picks.p99?.orderId).toBe('o8');
  });

  it('picks nothing when no order is traced', () => {
    expect(pickTracedOrders(orders, () => false, { p50: 50, p99: 390 })).toEqual({});
  });
});
