import type { FailureCode } from '@lab/domain';

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
