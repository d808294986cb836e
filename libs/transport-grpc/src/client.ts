import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { GRPC_SERVICE_NAMES } from '@lab/contracts/grpc';
import type { ServiceName } from '@lab/domain';
import { startSpan, tracingActive } from '@lab/telemetry';
import { serviceOf } from './load.js';
import {
  IDEMPOTENT_METHODS,
  type RequestOf,
  type ResponseOf,
  type ServiceMethods,
} from './methods.js';
import { fromGrpcError } from './status.js';
import { cheaperAsyncResourceBind } from './async-resource-bind.js';
import { injectIntoMetadata, rpcAttributes, rpcSpanName } from './trace-metadata.js';

export interface ClientOptions {
  /** host:port of every replica; more than one are balanced round-robin. */
  readonly addresses: readonly string[];
  readonly deadlineMs: number;
  /** Attempts, first included, for idempotent methods on UNAVAILABLE. */
  readonly maxAttempts: number;
}

export interface CallOptions {
  readonly deadlineMs?: number;
}

export interface ServiceClient<S extends ServiceName> {
  readonly service: S;
  call<M extends keyof ServiceMethods[S] & string>(
    method: M,
    request: RequestOf<S, M>,
    options?: CallOptions,
  ): Promise<ResponseOf<S, M>>;
  /** SERVING, NOT_SERVING, or the reason it could not be asked. */
  health(deadlineMs?: number): Promise<string>;
  close(): void;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}:\d+$/;

/** A gRPC target for a list of replicas: ipv4:a:1,b:2 for literals, a DNS name for one host. */
export function targetFor(addresses: readonly string[]): string {
  if (addresses.length === 0) throw new RangeError('a gRPC client needs at least one address');
  if (addresses.every((a) => IPV4.test(a))) return `ipv4:${addresses.join(',')}`;
  if (addresses.length === 1) return `dns:${addresses[0]}`;
  throw new RangeError(
    `several replicas must be given as IPv4 host:port, got ${addresses.join(',')}`,
  );
}

/** Retries and balancing, declared once in the channel's service config. */
export function serviceConfig(service: ServiceName, maxAttempts: number): string {
  const methodConfig =
    maxAttempts > 1
      ? [
          {
            name: IDEMPOTENT_METHODS[service].map((method) => ({
              service: GRPC_SERVICE_NAMES[service],
              method,
            })),
            retryPolicy: {
              maxAttempts,
              initialBackoff: '0.05s',
              maxBackoff: '1s',
              backoffMultiplier: 2,
              retryableStatusCodes: ['UNAVAILABLE'],
            },
          },
        ]
      : [];
  return JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }], methodConfig });
}

const CHANNEL_OPTIONS = {
  'grpc.enable_retries': 1,
  // A restarted service is found again quickly, not after grpc's default 1-120 s backoff.
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1000,
};

let healthCtor: grpc.ServiceClientConstructor | undefined;
/** A health client on `channel`: health then speaks for the very connection calls use. */
function healthClient(target: string, channel: grpc.Channel): grpc.Client {
  if (!healthCtor) {
    const def = grpc.loadPackageDefinition(
      protoLoader.loadSync(healthProtoPath, { enums: String }),
    ) as unknown as {
      grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
    };
    healthCtor = def.grpc.health.v1.Health;
  }
  return new healthCtor(target, grpc.credentials.createInsecure(), { channelOverride: channel });
}

/** A client of one service with a deadline on every call and domain errors out. */
export function createServiceClient<S extends ServiceName>(
  service: S,
  options: ClientOptions,
): ServiceClient<S> {
  cheaperAsyncResourceBind();
  const target = targetFor(options.addresses);
  const channelOptions = {
    ...CHANNEL_OPTIONS,
    'grpc.service_config': serviceConfig(service, options.maxAttempts),
  };
  const Ctor = serviceOf(service);
  const client = new Ctor(
    target,
    grpc.credentials.createInsecure(),
    channelOptions,
  ) as unknown as Record<
    string,
    (
      req: unknown,
      md: grpc.Metadata,
      opts: grpc.CallOptions,
      cb: (e: grpc.ServiceError | null, r: unknown) => void,
    ) => void
  > &
    grpc.Client;
  let health: grpc.Client | undefined;

  return {
    service,
    call(method, request, callOptions) {
      const deadline = Date.now() + (callOptions?.deadlineMs ?? options.deadlineMs);
      // One span per call, its retries included; the server's span is its child.
      const span = tracingActive()
        ? startSpan(rpcSpanName(service, method), {
            kind: 'client',
            attributes: rpcAttributes(service, method),
          })
        : undefined;
      const metadata = new grpc.Metadata();
      injectIntoMetadata(span, metadata);
      return new Promise((resolve, reject) => {
        // grpc-js captures the caller's stack on every call (new Error()), only
        // to append it to a failure's message; ours are mapped to domain errors
        // that name the method. Capturing it showed in the sync gateway's CPU profile.
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
          client[method]!.call(client, request, metadata, { deadline }, (error, response) => {
            span?.set({ 'rpc.grpc.status_code': error ? error.code : grpc.status.OK });
            if (error) {
              const domain = fromGrpcError(error, `${service}.${method}`);
              span?.fail(domain);
              span?.end();
              reject(domain);
            } else {
              span?.end();
              resolve(response as never);
            }
          });
        } finally {
          Error.stackTraceLimit = limit;
        }
      });
    },
    health(deadlineMs = 1000) {
      health ??= healthClient(target, client.getChannel() as grpc.Channel);
      const check = (health as unknown as Record<string, typeof client.x>).Check!;
      return new Promise((resolve) => {
        check.call(
          health,
          { service: GRPC_SERVICE_NAMES[service] },
          new grpc.Metadata(),
          { deadline: Date.now() + deadlineMs },
          (error, response) => {
            resolve(
              error
                ? `unreachable: ${error.details || error.message}`
                : String((response as { status: unknown }).status),
            );
          },
        );
      });
    },
    close() {
      client.close();
    },
  };
}
