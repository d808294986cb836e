import { describe, expect, it } from 'vitest';
import { accepted, confirmed, failed } from '@lab/checkout-flow';
import {
  CardDeclinedError,
  DeadlineExceededError,
  DependencyUnavailableError,
  InternalError,
  OutOfStockError,
  SaturatedError,
  ValidationError,
} from '@lab/domain';
import { errorReply, outcomeReply } from './outcome-reply.js';

describe('outcomeReply', () => {
  it('answers 202 for an accepted order and 200 for a confirmed one', () => {
    expect(outcomeReply(accepted('o1'))).toEqual({
      status: 202,
      body: { orderId: 'o1', status: 'accepted' },
    });
    expect(outcomeReply(confirmed('o2'))).toEqual({
      status: 200,
      body: { orderId: 'o2', status: 'confirmed' },
    });
  });

  it('answers 200 with its status for an order a replay finds further along', () => {
    for (const status of ['reserved', 'paid'] as const)
      expect(outcomeReply(accepted('o5', status))).toEqual({
        status: 200,
        body: { orderId: 'o5', status },
      });
  });

  it('answers a failure with its error’s status and a coded body naming the order', () => {
    const cases = [
      [new CardDeclinedError('no'), 402, 'card_declined'],
      [new OutOfStockError(['SKU-0001']), 409, 'out_of_stock'],
      [new DependencyUnavailableError('payment'), 503, 'dependency_unavailable'],
      [new DeadlineExceededError('Charge'), 504, 'deadline_exceeded'],
      [new InternalError('boom'), 500, 'internal'],
    ] as const;
    for (const [error, status, code] of cases) {
      expect(outcomeReply(failed('o3', error))).toEqual({
        status,
        body: { error: code, message: error.message, orderId: 'o3' },
        headers: {},
      });
    }
  });

  it('gives a saturated failure its Retry-After, and a validation failure its details', () => {
    expect(outcomeReply(failed('o4', new SaturatedError(3))).headers).toEqual({
      'retry-after': '3',
    });
    const invalid = new ValidationError([{ path: 'items', message: 'is empty' }]);
    expect(errorReply(invalid)).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        message: 'items: is empty',
        details: [{ path: 'items', message: 'is empty' }],
      },
      headers: {},
    });
  });
});
