/**
 * The settings every stack has, built once per stack and service. Their
 * names and paths are template literal types (`LAB_${STACK}_${SERVICE}_PORT`
 * at `stacks.${stack}.services.${service}.port`), so LabConfig knows each
 * stack's block without a hand-written interface.
 */
import type { ServiceName, Variant } from '@lab/domain';
import { address, integer, list, port, text } from './parsers.js';
import { MAX_REPLICAS, REPLICA_PORT_STEP, replicaPort } from './replicas.js';
import { setting, upper } from './setting.js';

/** The default port of every server; each one is overridable. */
export const DEFAULT_PORTS = {
  nats: 4422,
  natsMonitor: 8422,
  redis: 6479,
  vault: 6480,
  natsCluster: 6422,
  redisReplica: 6481,
  redisSentinel: 26479,
  brokersControl: 8400,
  sync: {
    control: 8100,
    gateway: 8101,
    payment: 8111,
    inventory: 8112,
    notification: 8113,
    analytics: 8114,
    warehouse: 8115,
    /** A gRPC service's metrics port: 5 above its gRPC port, so replicas step by 10 beside them. */
    metrics: {
      payment: 8116,
      inventory: 8117,
      notification: 8118,
      analytics: 8119,
      warehouse: 8120,
    },
  },
  async: {
    control: 8200,
    gateway: 8201,
    payment: 8211,
    inventory: 8212,
    notification: 8213,
    analytics: 8214,
    warehouse: 8215,
  },
  hybrid: {
    control: 8300,
    gateway: 8301,
    payment: 8311,
    inventory: 8312,
    notification: 8313,
    analytics: 8314,
    warehouse: 8315,
    metrics: { payment: 8316, inventory: 8317 },
  },
} as const;

const NAMESPACE = text(/^[a-z][a-z0-9-]{0,15}$/, 'a lowercase name of up to 16 characters');

/**
 * Every stack's own names and edge: `namespace` prefixes its Redis keys (and,
 * for the async stacks, its NATS subjects and streams and BullMQ queues);
 * `controlPort` is its supervisor's fault-injection endpoint, on loopback
 * when control is enabled.
 */
export function stackEdge<S extends Variant>(stack: S) {
  const env = `LAB_${upper(stack)}` as const;
  const path = `stacks.${stack}` as const;
  return [
    setting(
      `${env}_NAMESPACE`,
      `${path}.namespace`,
      NAMESPACE,
      stack,
      `prefix of the ${stack} stack`,
    ),
    setting(
      `${env}_GATEWAY_PORT`,
      `${path}.gatewayPort`,
      port,
      DEFAULT_PORTS[stack].gateway,
      `${stack} HTTP edge port`,
    ),
    setting(
      `${env}_CONTROL_PORT`,
      `${path}.controlPort`,
      port,
      DEFAULT_PORTS[stack].control,
      `${stack} stack supervisor control endpoint (loopback; when control is enabled)`,
    ),
  ] as const;
}

/**
 * Processes of one service a launcher starts (1–8). gRPC clients balance over
 * them; async replicas share the JetStream consumer and BullMQ queue.
 */
function replicas<S extends Variant, V extends ServiceName>(stack: S, service: V) {
  return setting(
    `LAB_${upper(stack)}_${upper(service)}_REPLICAS` as const,
    `stacks.${stack}.replicas.${service}` as const,
    integer(1, MAX_REPLICAS),
    1,
    `${stack} ${service} processes; replica k listens ${REPLICA_PORT_STEP}(k-1) above its port`,
  );
}

/**
 * A gRPC service: where its first replica listens, where it serves
 * `GET /metrics` (gRPC has no HTTP of its own), how many run, and the
 * addresses clients balance over.
 */
export function grpcService<S extends 'sync' | 'hybrid', V extends ServiceName>(
  stack: S,
  service: V,
) {
  const env = `LAB_${upper(stack)}_${upper(service)}` as const;
  const path = `stacks.${stack}.services.${service}` as const;
  const portSetting = setting(
    `${env}_PORT`,
    `${path}.port`,
    port,
    DEFAULT_PORTS[stack][service],
    `${stack} ${service} gRPC port (of the first replica)`,
  );
  const replicasSetting = replicas(stack, service);
  const metricsPort = (DEFAULT_PORTS[stack].metrics as Partial<Record<ServiceName, number>>)[
    service
  ];
  if (metricsPort === undefined)
    throw new Error(`DEFAULT_PORTS.${stack}.metrics has no ${service}`);
  return [
    portSetting,
    setting(
      `${env}_METRICS_PORT`,
      `${path}.metricsPort`,
      port,
      metricsPort,
      `${stack} ${service} metrics port, GET /metrics (of the first replica; replica k ${REPLICA_PORT_STEP}(k-1) above)`,
    ),
    replicasSetting,
    setting(
      `${env}_ADDRESSES`,
      `${path}.addresses`,
      list(address, 'host:port'),
      (r) =>
        Array.from(
          { length: r.get(replicasSetting.path) as number },
          (_, i) =>
            `${String(r.get('host'))}:${replicaPort(r.get(portSetting.path) as number, i + 1)}`,
        ),
      `${stack} ${service} replicas that clients balance over`,
    ),
  ] as const;
}

/** A worker (consumer or job worker): its health/metrics port and how many run. */
export function workerService<S extends 'async' | 'hybrid', V extends ServiceName>(
  stack: S,
  service: V,
) {
  return [
    setting(
      `LAB_${upper(stack)}_${upper(service)}_PORT` as const,
      `stacks.${stack}.workerPorts.${service}` as const,
      port,
      DEFAULT_PORTS[stack][service],
      `${stack} ${service} worker health/metrics port (of the first replica)`,
    ),
    replicas(stack, service),
  ] as const;
}
