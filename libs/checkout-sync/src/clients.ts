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
