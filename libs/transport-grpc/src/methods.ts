import type * as C from '@lab/contracts/grpc';
import type { ServiceName } from '@lab/domain';

/** Every unary method of every service: [request, request as decoded, response as decoded]. */
export interface ServiceMethods {
  payment: {
    ValidatePayment: [
      C.ValidatePaymentRequest,
      C.ValidatePaymentRequest__Output,
      C.ValidatePaymentResponse__Output,
    ];
    Charge: [C.ChargeRequest, C.ChargeRequest__Output, C.ChargeResponse__Output];
    Refund: [C.RefundRequest, C.RefundRequest__Output, C.RefundResponse__Output];
  };
  inventory: {
    CheckStock: [C.CheckStockRequest, C.CheckStockRequest__Output, C.CheckStockResponse__Output];
    Reserve: [C.ReserveRequest, C.ReserveRequest__Output, C.ReserveResponse__Output];
    Release: [C.ReleaseRequest, C.ReleaseRequest__Output, C.ReleaseResponse__Output];
  };
  notification: {
    SendEmail: [C.SendEmailRequest, C.SendEmailRequest__Output, C.SendEmailResponse__Output];
  };
  analytics: {
    RecordOrder: [
      C.RecordOrderRequest,
      C.RecordOrderRequest__Output,
      C.RecordOrderResponse__Output,
    ];
  };
  warehouse: {
    NotifyShipment: [
      C.NotifyShipmentRequest,
      C.NotifyShipmentRequest__Output,
      C.NotifyShipmentResponse__Output,
    ];
  };
}

type Part<
  S extends ServiceName,
  M extends keyof ServiceMethods[S],
  I extends 0 | 1 | 2,
> = ServiceMethods[S][M] extends readonly unknown[] ? ServiceMethods[S][M][I] : never;

/** The request a client sends (every field optional). */
export type RequestOf<S extends ServiceName, M extends keyof ServiceMethods[S]> = Part<S, M, 0>;
/** The request as the server sees it (every field present, defaults filled). */
export type RequestOutput<S extends ServiceName, M extends keyof ServiceMethods[S]> = Part<S, M, 1>;
export type ResponseOf<S extends ServiceName, M extends keyof ServiceMethods[S]> = Part<S, M, 2>;

/** What a server implements for a service: each method takes the decoded request. */
export type ServiceImplementation<S extends ServiceName> = {
  [M in keyof ServiceMethods[S]]: (request: RequestOutput<S, M>) => Promise<ResponseOf<S, M>>;
};

/**
 * Every method here is safe to retry: mutating calls carry a request id or an
 * idempotency key and are applied once per key. The client's service config
 * lists them by name, so a new method is not retried until it is added here.
 */
export const IDEMPOTENT_METHODS: {
  readonly [S in ServiceName]: readonly (keyof ServiceMethods[S] & string)[];
} = {
  payment: ['ValidatePayment', 'Charge', 'Refund'],
  inventory: ['CheckStock', 'Reserve', 'Release'],
  notification: ['SendEmail'],
  analytics: ['RecordOrder'],
  warehouse: ['NotifyShipment'],
};
