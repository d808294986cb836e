/**
 * The domain's errors: one class per kind, each with a stable `code` that
 * crosses every boundary (gRPC status details, HTTP bodies, events, reports).
 * Transports map these codes once each; nothing else inspects messages.
 */

export const FAILURE_CODES = [
  'invalid_request',
  'invalid_payment',
  'card_declined',
  'out_of_stock',
  'dependency_unavailable',
  'deadline_exceeded',
  'saturated',
  'internal',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** One problem with a request: where it is and what is wrong. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Names a library's error as a domain error, or says it is not one it knows. */
export type ErrorClassifier = (value: unknown) => DomainError | undefined;
const classifiers: ErrorClassifier[] = [];

export abstract class DomainError extends Error {
  abstract readonly code: FailureCode;
  /** A business outcome (declined, out of stock) rather than a fault of the system. */
  abstract readonly business: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /**
   * Turns any caught value into a DomainError, keeping the original as
   * `cause`: a client library's own error is named by the classifier its
   * adapter registered (a Redis connection failure is a dependency down),
   * anything else is internal.
   */
  static from(value: unknown): DomainError {
    if (value instanceof DomainError) return value;
    for (const classify of classifiers) {
      const known = classify(value);
      if (known) return known;
    }
    const message = value instanceof Error ? value.message : String(value);
    return new InternalError(message, { cause: value });
  }

  /** Lets an adapter (the Redis one, say) name its library's errors for `from`. */
  static registerClassifier(classify: ErrorClassifier): void {
    if (!classifiers.includes(classify)) classifiers.push(classify);
  }

  toJSON(): { code: FailureCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly code = 'invalid_request';
  readonly business = true;
  constructor(
    readonly issues: readonly FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') ||
        'invalid request',
      options,
    );
  }
}

export class InvalidPaymentError extends DomainError {
  override readonly name = 'InvalidPaymentError';
  readonly code = 'invalid_payment';
  readonly business = true;
  constructor(
    readonly issues: readonly FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(`payment details rejected: ${issues.map((i) => i.message).join('; ')}`, options);
  }
}

export class CardDeclinedError extends DomainError {
  override readonly name = 'CardDeclinedError';
  readonly code = 'card_declined';
  readonly business = true;
  constructor(reason = 'the card issuer declined the charge', options?: { cause?: unknown }) {
    super(reason, options);
  }
}

export class OutOfStockError extends DomainError {
  override readonly name = 'OutOfStockError';
  readonly code = 'out_of_stock';
  readonly business = true;
  constructor(
    readonly skus: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`not enough stock for ${skus.join(', ')}`, options);
  }
}

export class DependencyUnavailableError extends DomainError {
  override readonly name = 'DependencyUnavailableError';
  readonly code = 'dependency_unavailable';
  readonly business = false;
  constructor(
    readonly dependency: string,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable${detail ? `: ${detail}` : ''}`, options);
  }
}

export class DeadlineExceededError extends DomainError {
  override readonly name = 'DeadlineExceededError';
  readonly code = 'deadline_exceeded';
  readonly business = false;
  constructor(
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} did not answer before its deadline`, options);
  }
}

/**
 * The order was settled as failed (compensated) while this step was still on
 * its way: a charge or reservation after that would never be undone, so it is
 * refused. It happens to a checkout that outlived its lease (a frozen or
 * partitioned process); to its customer it is a checkout that ran out of time.
 */
export class OrderCancelledError extends DomainError {
  override readonly name = 'OrderCancelledError';
  readonly code = 'deadline_exceeded';
  readonly business = true;
  constructor(
    readonly orderId: string,
    readonly step: string,
    options?: { cause?: unknown },
  ) {
    super(`order ${orderId} was already settled as failed; ${step} refused`, options);
  }
}

export class SaturatedError extends DomainError {
  override readonly name = 'SaturatedError';
  readonly code = 'saturated';
  readonly business = false;
  constructor(
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super('too many checkouts in flight; try again later', options);
  }
}

export class InternalError extends DomainError {
  override readonly name = 'InternalError';
  readonly code = 'internal';
  readonly business = false;
}

/** Builds the error for a failure code that came back over a wire. */
export function errorForCode(code: string, message: string): DomainError {
  switch (code as FailureCode) {
    case 'invalid_request':
      return new ValidationError([{ path: '', message }]);
    case 'invalid_payment':
      return new InvalidPaymentError([{ path: 'card', message }]);
    case 'card_declined':
      return new CardDeclinedError(message);
    case 'out_of_stock':
      return new OutOfStockError(message.replace(/^not enough stock for /, '').split(', '));
    case 'dependency_unavailable':
      return new DependencyUnavailableError(message);
    case 'deadline_exceeded':
      return new DeadlineExceededError(message);
    case 'saturated':
      return new SaturatedError(1);
    default:
      return new InternalError(message);
  }
}

/**
 * The failure codes that are the customer's or the shop's answer (declined,
 * out of stock, a bad request), not an outage: those whose error, as rebuilt
 * from the code alone on the far side of a wire, is `business`. A code some
 * error carries as an outage is not one: `deadline_exceeded` is business for
 * an order cancelled by its lease, but whoever sees only the code cannot tell.
 * Typed for any string, so a code read from a response can be asked directly.
 */
export const BUSINESS_FAILURE_CODES: ReadonlySet<string> = new Set(
  FAILURE_CODES.filter((code) => errorForCode(code, code).business),
);
