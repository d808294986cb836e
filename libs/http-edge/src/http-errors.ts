import { type DomainError, SaturatedError, ValidationError, type FailureCode } from '@lab/domain';

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

/** Domain error → HTTP status: the one place this mapping is made. */
export function httpStatusOf(error: DomainError): number {
  return STATUS_OF[error.code];
}

export interface ErrorBody {
  readonly error:
    FailureCode | 'not_found' | 'method_not_allowed' | 'body_too_large' | 'unsupported_media_type';
  readonly message: string;
  readonly details?: readonly { path: string; message: string }[];
  readonly orderId?: string;
}

export function errorBody(error: DomainError, orderId?: string): ErrorBody {
  return {
    error: error.code,
    message: error.message,
    ...(error instanceof ValidationError ? { details: error.issues } : {}),
    ...(orderId ? { orderId } : {}),
  };
}

/** Headers that go with an error status. */
export function errorHeaders(error: DomainError): Record<string, string> {
  return error instanceof SaturatedError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
}
