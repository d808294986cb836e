import type { CheckoutOutcome } from '@lab/checkout-flow';
import type { DomainError } from '@lab/domain';
import { errorBody, errorHeaders, httpStatusOf } from './http-errors.js';
import type { Reply } from './route-table.js';

/**
 * A domain error as an HTTP answer: its status, its coded body (naming the
 * order when there is one) and the headers that go with it (Retry-After).
 * The one place a domain error becomes HTTP.
 */
export function errorReply(error: DomainError, orderId?: string): Reply {
  return {
    status: httpStatusOf(error),
    body: errorBody(error, orderId),
    headers: errorHeaders(error),
  };
}

/**
 * A checkout's outcome as its client is told it, whether the checkout just
 * ran or a repeated Idempotency-Key finds it stored: 202 accepted, 200
 * confirmed, or the failure's own answer.
 */
export function outcomeReply(outcome: CheckoutOutcome): Reply {
  switch (outcome.kind) {
    case 'accepted':
      return { status: 202, body: { orderId: outcome.orderId, status: 'accepted' } };
    case 'confirmed':
      return { status: 200, body: { orderId: outcome.orderId, status: 'confirmed' } };
    case 'failed':
      return errorReply(outcome.error, outcome.orderId);
  }
}
