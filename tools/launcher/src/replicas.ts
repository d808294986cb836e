import { createServer, type AddressInfo, type Server } from 'node:net';
import { freePort } from '@lab/brokers';
import { replicaPort, type LabConfig } from '@lab/config';
import type { ServiceName, Variant } from '@lab/domain';
import type { AppSpec } from './app-process.js';
import type { ServiceEntry } from './stack-apps.js';

const MAX_PORT = 65_535;
/** First ports tried before freeReplicaPorts gives up finding room for the replicas above one. */
const MAX_PICKS = 20;

/** The app name of a replica: the first keeps the service's name (fault targets, tests). */
export function replicaName(kind: Variant, service: ServiceName, replica: number): string {
  return replica === 1 ? `${kind}-${service}` : `${kind}-${service}-${replica}`;
}

export interface ReplicaOptions {
  /** How many processes of the service to run. */
  readonly replicas: number;
  /** The first replica's port; replica k listens at `replicaPort(port, k)`. */
  readonly port: number;
  /**
   * A gRPC service's metrics port (of the first replica, stepped like `port`).
   * Without one, the service's own port serves `GET /metrics` (a worker).
   */
  readonly metricsPort?: number | undefined;
  /** The stack's environment, shared by every app. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The processes of one service. Each gets the stack's environment plus its
 * own port, and is told it is one process (`_REPLICAS=1`), so its config does
 * not claim the ports of the replicas above it. Only the gateway needs the
 * whole list, which its config derives from the shared port and count.
 */
export function replicaSpecs(
  kind: Variant,
  entry: ServiceEntry,
  options: ReplicaOptions,
): AppSpec[] {
  const prefix = `LAB_${kind.toUpperCase()}_${entry.service.toUpperCase()}`;
  return Array.from({ length: options.replicas }, (_, i) => {
    const own = options.metricsPort && replicaPort(options.metricsPort, i + 1);
    return {
      name: replicaName(kind, entry.service, i + 1),
      readyAs: replicaName(kind, entry.service, 1),
      dir: entry.dir,
      service: entry.service,
      metricsUrl: `http://127.0.0.1:${own || replicaPort(options.port, i + 1)}/metrics`,
      env: {
        ...options.env,
        [`${prefix}_PORT`]: String(replicaPort(options.port, i + 1)),
        ...(own ? { [`${prefix}_METRICS_PORT`]: String(own) } : {}),
        [`${prefix}_REPLICAS`]: '1',
      },
    };
  });
}

/** The configured metrics port of a gRPC service's first replica; none for a worker. */
export function configuredMetricsPort(
  config: LabConfig,
  kind: Variant,
  service: ServiceName,
): number | undefined {
  const stack = config.stacks[kind];
  return 'services' in stack
    ? (stack.services as Partial<Record<ServiceName, { metricsPort: number }>>)[service]
        ?.metricsPort
    : undefined;
}

/** The configured port of a service's first replica: gRPC, or a worker's health/metrics. */
export function configuredPort(config: LabConfig, kind: Variant, service: ServiceName): number {
  const stack = config.stacks[kind];
  const grpc =
    'services' in stack
      ? (stack.services as Partial<Record<ServiceName, { port: number }>>)[service]?.port
      : undefined;
  const worker =
    'workerPorts' in stack
      ? (stack.workerPorts as Partial<Record<ServiceName, number>>)[service]
      : undefined;
  const port = grpc ?? worker;
  if (port === undefined) throw new RangeError(`the ${kind} stack has no port for ${service}`);
  return port;
}

function hold(port: number, host: string, held: Server[]): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => {
      held.push(server);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * One free first port per count, each with its replicas' ports (config's
 * rule) free too, so the apps' configs agree on where every replica listens.
 * All are held until the last is found, so none repeats.
 */
export async function freeReplicaPorts(
  counts: readonly number[],
  host = '127.0.0.1',
): Promise<number[]> {
  const held: Server[] = [];
  try {
    const firsts: number[] = [];
    for (const count of counts) {
      let found: number | undefined;
      for (let pick = 0; found === undefined; pick++) {
        if (pick === MAX_PICKS)
          throw new Error(`no free port with room for ${count} replicas in ${MAX_PICKS} tries`);
        // From the lab's range, below the ephemeral ports outgoing connections take.
        const first = await hold(await freePort(host), host, held);
        if (first === undefined) continue;
        let room = true;
        for (let k = 2; room && k <= count; k++) {
          const port = replicaPort(first, k);
          room = port <= MAX_PORT && (await hold(port, host, held)) !== undefined;
        }
        if (room) found = first;
      }
      firsts.push(found);
    }
    return firsts;
  } finally {
    await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
