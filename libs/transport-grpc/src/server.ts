import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { HealthImplementation } from 'grpc-health-check';
import { DESCRIPTOR_SET_FILES, GRPC_SERVICE_NAMES } from '@lab/contracts/grpc';
import { DomainError, type ServiceName } from '@lab/domain';
import { type Histogram, Registry, type Logger, startSpan, tracingActive } from '@lab/telemetry';
import { serviceOf } from './load.js';
import { addReflection } from './reflection.js';
import { toGrpcStatus } from './status.js';
import type { ServiceImplementation } from './methods.js';
import { metadataGetter, rpcAttributes, rpcSpanName } from './trace-metadata.js';

/** An async implementation of one unary method; throw a DomainError to fail. */
export type UnaryImpl<Req, Res> = (
  request: Req,
  call: grpc.ServerUnaryCall<Req, Res>,
) => Promise<Res>;

export interface GrpcServerOptions<S extends ServiceName> {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly service: S;
  readonly methods: ServiceImplementation<S>;
  readonly logger: Logger;
  readonly registry?: Registry;
}

export interface RunningGrpcServer {
  readonly port: number;
  readonly server: grpc.Server;
  readonly health: HealthImplementation;
  /** Stops taking calls, lets in-flight calls finish up to `graceMs`, then forces. */
  shutdown(graceMs: number): Promise<void>;
}

function wrap(
  service: ServiceName,
  method: string,
  impl: UnaryImpl<never, unknown>,
  logger: Logger,
  latency: Histogram,
): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const started = performance.now();
    // The caller's context came in the metadata: this span is its client span's child.
    const span = tracingActive()
      ? startSpan(rpcSpanName(service, method), {
          kind: 'server',
          parent: metadataGetter(call.metadata),
          attributes: rpcAttributes(service, method),
        })
      : undefined;
    const run = () => impl(call.request as never, call as never);
    (span ? span.run(run) : run()).then(
      (response) => {
        latency.observe((performance.now() - started) / 1000, { method, code: 'OK' });
        span?.end();
        callback(null, response);
      },
      (error: unknown) => {
        // Never a raw Error to the callback: every failure carries a domain code.
        const domain = DomainError.from(error);
        if (!domain.business) logger.warn('call failed', { method, err: domain });
        const answer = toGrpcStatus(domain);
        // The label is the status's name (UNAVAILABLE…), as gRPC's own metrics name it.
        const code = grpc.status[answer.code ?? grpc.status.UNKNOWN];
        latency.observe((performance.now() - started) / 1000, { method, code });
        span?.set({ 'rpc.grpc.status_code': answer.code ?? grpc.status.UNKNOWN });
        span?.fail(domain);
        span?.end();
        callback(answer);
      },
    );
  };
}

let sets: Uint8Array[] | undefined;
const descriptorSets = () => (sets ??= DESCRIPTOR_SET_FILES.map((f) => readFileSync(f)));

/** One service's gRPC server with health checking and reflection. */
export async function startGrpcServer<S extends ServiceName>(
  options: GrpcServerOptions<S>,
): Promise<RunningGrpcServer> {
  const server = new grpc.Server();
  const registry = options.registry ?? new Registry();
  const latency = registry.histogram(
    'lab_grpc_server_duration_seconds',
    'gRPC server call latency, by method and status code (OK, UNAVAILABLE, DEADLINE_EXCEEDED…).',
    ['method', 'code'],
  );
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const [name, impl] of Object.entries(
    options.methods as Record<string, UnaryImpl<never, unknown>>,
  )) {
    handlers[name] = wrap(options.service, name, impl, options.logger, latency);
  }
  server.addService(serviceOf(options.service).service, handlers);

  const fqName = GRPC_SERVICE_NAMES[options.service];
  const health = new HealthImplementation({ '': 'SERVING', [fqName]: 'SERVING' });
  health.addToServer(server);
  // Reflection describes the health service too, so a client that knows no
  // .proto (grpcurl, buf curl) can check health.
  addReflection(server, descriptorSets());

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${options.host}:${options.port}`,
      grpc.ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    ),
  );

  return {
    port,
    server,
    health,
    shutdown: (graceMs) => {
      health.setStatus('', 'NOT_SERVING');
      health.setStatus(fqName, 'NOT_SERVING');
      // tryShutdown can hang on open streams: race it, then force.
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

/** What a process that hosts a service gives it (the runtime of @lab/runtime fits). */
export interface ServiceHost {
  readonly config: { readonly host: string; readonly shutdownGraceMs: number };
  readonly logger: Logger;
  readonly registry: Registry;
  onShutdown(step: () => Promise<void>): void;
  ready(detail: string): void;
}

/** Starts a service's server, stops it gracefully at shutdown, and says when it is ready. */
export async function serveService<S extends ServiceName>(
  host: ServiceHost,
  service: S,
  port: number,
  methods: ServiceImplementation<S>,
): Promise<RunningGrpcServer> {
  const server = await startGrpcServer({
    host: host.config.host,
    port,
    service,
    methods,
    logger: host.logger,
    registry: host.registry,
  });
  host.onShutdown(() => server.shutdown(host.config.shutdownGraceMs));
  host.ready(`gRPC on ${host.config.host}:${server.port}`);
  return server;
}
