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
    | FailureCode
    | 'not_found'
    | 'method_not_allowed'
    | 'body_too_large'
    | 'unsupported_media_type'
    | 'headers_too_large'
    | 'request_timeout';
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

/** An error of the HTTP layer itself, found before any domain code runs. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** Headers of the answer: `connection: close` when the body was left unread. */
    readonly headers: Readonly<Record<string, string>> = {},
    options?: { cause?: unknown },
  ) {
    super(body.message, options);
  }
}

/** Client text quoted in an error message is cut to this, so a 16 KiB path is not echoed back. */
const QUOTED_CHARS = 128;

/** `text` as an error message may quote it. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text);
}
