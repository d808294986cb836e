import type { MethodDefinition } from '@grpc/proto-loader';
import type * as C from '@lab/contracts/grpc';
import type { ServiceName } from '@lab/domain';

/** Each service's definition as proto-loader-gen-types emits it from proto/. */
interface GeneratedServices {
  payment: C.PaymentServiceDefinition;
  inventory: C.InventoryServiceDefinition;
  notification: C.NotificationServiceDefinition;
  analytics: C.AnalyticsServiceDefinition;
  warehouse: C.WarehouseServiceDefinition;
}

/** The methods a generated definition names, without grpc-js's index signature. */
type MethodNames<D> = keyof {
  [M in keyof D as string extends M ? never : number extends M ? never : M]: D[M];
};

/**
 * Every unary method of every service: [request, request as decoded, response
 * as decoded], read off the generated definitions, so a method added to a
 * .proto file appears here once `npm run generate` has run.
 */
export type ServiceMethods = {
  [S in ServiceName]: {
    [M in MethodNames<GeneratedServices[S]>]: GeneratedServices[S][M] extends MethodDefinition<
      infer Request,
      infer _Response,
      infer RequestOutput,
      infer ResponseOutput
    >
      ? [Request, RequestOutput, ResponseOutput]
      : never;
  };
};

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
