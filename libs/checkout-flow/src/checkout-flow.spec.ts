import { describe, expect, it } from 'vitest';
import {
  CHECKOUT_STEPS,
  CRITICAL_STEPS,
  CardDeclinedError,
  InternalError,
  OutOfStockError,
  type OrderStatus,
} from '@lab/domain';
import { accepted, answers, outcomeOf, sequentialCallsMs } from './checkout-flow.js';

const STATUSES: OrderStatus[] = ['accepted', 'reserved', 'paid', 'confirmed', 'failed'];

describe('answers', () => {
  it('answers every status from accepted (async)', () => {
    expect(STATUSES.filter((s) => answers({ answersFrom: 'accepted' }, s))).toEqual(STATUSES);
  });

  it('answers only the terminal statuses from confirmed (sync, hybrid)', () => {
    expect(STATUSES.filter((s) => answers({ answersFrom: 'confirmed' }, s))).toEqual([
      'confirmed',
      'failed',
    ]);
  });
});

describe('answers and outcomeOf (charging by webhook, the hybrid)', () => {
  const flow = { answersFrom: 'reserved' as const, answersPending: true };
  it('answers from reserved on, payment_pending until the order ends', () => {
    expect(answers(flow, 'accepted')).toBe(false);
    expect(answers(flow, 'reserved')).toBe(true);
    expect(answers(flow, 'failed')).toBe(true);
    const order = { orderId: 'o', status: 'reserved' as const };
    expect(outcomeOf(order, flow)).toEqual({ kind: 'payment_pending', orderId: 'o' });
    expect(outcomeOf({ ...order, status: 'paid' }, flow)).toEqual({
      kind: 'payment_pending',
      orderId: 'o',
    });
    expect(outcomeOf({ ...order, status: 'accepted' }, flow)).toEqual({
      kind: 'accepted',
      orderId: 'o',
      status: 'accepted',
    });
    expect(outcomeOf({ ...order, status: 'confirmed' }, flow)).toEqual({
      kind: 'confirmed',
      orderId: 'o',
    });
  });
});

describe('outcomeOf a stored order', () => {
  it('is failed with the error of its recorded reason', () => {
    const outcome = outcomeOf({
      orderId: 'o1',
      status: 'failed',
      reason: 'card_declined',
      message: 'declined by the issuer',
    });
    expect(outcome).toMatchObject({ kind: 'failed', orderId: 'o1' });
    const error = outcome.kind === 'failed' ? outcome.error : undefined;
    expect(error).toBeInstanceOf(CardDeclinedError);
    expect(error?.message).toBe('declined by the issuer');
  });

  it('rebuilds the shortage of an out-of-stock order', () => {
    const outcome = outcomeOf({
      orderId: 'o2',
      status: 'failed',
      reason: 'out_of_stock',
      message: 'not enough stock for SKU-0001, SKU-0002',
    });
    expect(outcome.kind === 'failed' && outcome.error).toBeInstanceOf(OutOfStockError);
  });

  it('is an internal failure when the reason was not recorded', () => {
    const outcome = outcomeOf({ orderId: 'o3', status: 'failed' });
    expect(outcome.kind === 'failed' && outcome.error).toBeInstanceOf(InternalError);
  });

  it('is confirmed once confirmed, and accepted at its status while on its way', () => {
    expect(outcomeOf({ orderId: 'o4', status: 'confirmed' })).toEqual({
      kind: 'confirmed',
      orderId: 'o4',
    });
    for (const status of ['accepted', 'reserved', 'paid'] as const)
      expect(outcomeOf({ orderId: 'o5', status })).toEqual({
        kind: 'accepted',
        orderId: 'o5',
        status,
      });
  });
});

describe('accepted', () => {
  it('is a fresh order at accepted unless told how far it got', () => {
    expect(accepted('o6')).toEqual({ kind: 'accepted', orderId: 'o6', status: 'accepted' });
    expect(accepted('o6', 'paid')).toMatchObject({ status: 'paid' });
  });
});

describe('sequentialCallsMs', () => {
  it('is one deadline per step the client waits on', () => {
    expect(sequentialCallsMs(CHECKOUT_STEPS, 10_000)).toBe(70_000);
    expect(sequentialCallsMs(CRITICAL_STEPS, 10_000)).toBe(40_000);
    expect(sequentialCallsMs([], 10_000)).toBe(0);
  });
});
