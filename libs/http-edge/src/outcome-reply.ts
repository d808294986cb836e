import type { CheckoutOutcome } from '@lab/checkout-flow';
import { SaturatedError, ValidationError, type DomainError, type FailureCode } from '@lab/domain';
import type { ErrorBody } from './http-errors.js';
import type { Reply } from './route-table.js';

const STATUS_OF: Record<FailureCode, number> = {
  invalid_request: 400,
  invalid_payment: 422,
  card_declined: 402,
  out_of_stock: 409,
  dependency_unavailable: 503,
  deadline_exceeded: 504,
  saturated: 503,
  internal: 500,
};

/**
 * A domain error as an HTTP answer: its status, its coded body (naming the
 * order when there is one) and the headers that go with it (Retry-After).
 * The one place a domain error becomes HTTP, whether a flow returned it or a
 * route threw it.
 */
export function errorReply(error: DomainError, orderId?: string): Reply {
  const body: ErrorBody = {
    error: error.code,
    message: error.message,
    ...(error instanceof ValidationError ? { details: error.issues } : {}),
    ...(orderId ? { orderId } : {}),
  };
  return {
    status: STATUS_OF[error.code],
    body,
    headers:
      error instanceof SaturatedError ? { 'retry-after': String(error.retryAfterSeconds) } : {},
  };
}

/**
 * A checkout's outcome as its client is told it, whether the checkout just
 * ran or a repeated Idempotency-Key finds it stored: 202 for an order just
 * accepted, 200 with its status for one further along or confirmed, or the
 * failure's own answer.
 */
export function outcomeReply(outcome: CheckoutOutcome): Reply {
  switch (outcome.kind) {
    case 'accepted':
      return {
        status: outcome.status === 'accepted' ? 202 : 200,
        body: { orderId: outcome.orderId, status: outcome.status },
      };
    case 'confirmed':
      return { status: 200, body: { orderId: outcome.orderId, status: 'confirmed' } };
    case 'payment_pending':
      return { status: 202, body: { orderId: outcome.orderId, status: 'payment_pending' } };
    case 'failed':
      return errorReply(outcome.error, outcome.orderId);
  }
}
