import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import {
  DeadlineExceededError,
  DependencyUnavailableError,
  DomainError,
  InternalError,
  errorForCode,
  type FailureCode,
} from '@lab/domain';

/** The trailer that carries the domain's failure code across the wire. */
export const FAILURE_CODE_KEY = 'lab-failure-code';

const STATUS_OF: Record<FailureCode, status> = {
  invalid_request: status.INVALID_ARGUMENT,
  invalid_payment: status.INVALID_ARGUMENT,
  card_declined: status.FAILED_PRECONDITION,
  out_of_stock: status.FAILED_PRECONDITION,
  dependency_unavailable: status.UNAVAILABLE,
  deadline_exceeded: status.DEADLINE_EXCEEDED,
  saturated: status.RESOURCE_EXHAUSTED,
  internal: status.INTERNAL,
};

/** Domain error → gRPC status: the one place this mapping is made. */
export function toGrpcStatus(error: DomainError): Partial<StatusObject> {
  const metadata = new Metadata();
  metadata.set(FAILURE_CODE_KEY, error.code);
  return { code: STATUS_OF[error.code], details: error.message, metadata };
}

/**
 * gRPC error → domain error: the one place the way back is made. A status
 * with our trailer becomes the same domain error; a status without one (the
 * server could not be reached, the deadline passed) is named after `operation`.
 */
export function fromGrpcError(error: unknown, operation: string): DomainError {
  if (error instanceof DomainError) return error;
  const e = error as Partial<ServiceError>;
  if (typeof e?.code !== 'number') return DomainError.from(error);
  const code = e.metadata?.get(FAILURE_CODE_KEY)[0];
  if (typeof code === 'string') return errorForCode(code, e.details ?? '');
  switch (e.code) {
    case status.DEADLINE_EXCEEDED:
      return new DeadlineExceededError(operation, { cause: error });
    case status.UNAVAILABLE:
    case status.CANCELLED:
      return new DependencyUnavailableError(operation, e.details, { cause: error });
    default:
      return new InternalError(`${operation}: ${e.details ?? 'unknown gRPC error'}`, {
        cause: error,
      });
  }
}
