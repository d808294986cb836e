import type { GrpcServiceConfig, LabConfig } from '@lab/config';
import type { ServiceName } from '@lab/domain';
import { createServiceClient, type ServiceClient } from '@lab/transport-grpc';

export type Clients<S extends ServiceName> = { readonly [K in S]: ServiceClient<K> };

/** gRPC clients for some services, with the deadline and retries of the config. */
export function createClients<S extends ServiceName>(
  config: LabConfig,
  services: Readonly<Record<S, GrpcServiceConfig>>,
): Clients<S> {
  const entries = (Object.keys(services) as S[]).map((name) => [
    name,
    createServiceClient(name, {
      addresses: services[name].addresses,
      deadlineMs: config.grpc.deadlineMs,
      maxAttempts: config.grpc.maxAttempts,
    }),
  ]);
  return Object.fromEntries(entries) as Clients<S>;
}

export function closeClients<S extends ServiceName>(clients: Clients<S>): void {
  for (const client of Object.values(clients) as ServiceClient<S>[]) client.close();
}

/** Answers true, or what is wrong (the shape of an edge's health check). */
export type ServiceHealth = () => Promise<true | string>;

/** One health check per service: SERVING over the channel the calls use, or what is wrong. */
export function grpcHealth<S extends ServiceName>(
  clients: Clients<S>,
): Record<string, ServiceHealth> {
  return Object.fromEntries(
    (Object.values(clients) as ServiceClient<S>[]).map((client): [string, ServiceHealth] => [
      client.service,
      async () => {
        const status = await client.health();
        return status === 'SERVING' ? true : status;
      },
    ]),
  );
}
