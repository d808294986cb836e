export {
  ConfigError,
  describeSettings,
  findWorkspaceRoot,
  loadConfig,
  type AsyncStackConfig,
  type GrpcServiceConfig,
  type HybridStackConfig,
  type LabConfig,
  type LoadOptions,
  type LogLevel,
  type ServiceReplicas,
  type StackName,
  type SyncStackConfig,
} from './load.js';
export { MAX_REPLICAS, REPLICA_PORT_STEP, replicaPort } from './replicas.js';
export {
  DEFAULT_PORTS,
  METRICS_ENDPOINTS,
  REPLICATED_SERVICES,
  SENTINELS,
  SETTINGS,
  type MetricsEndpoint,
  type ReplicatedService,
} from './schema.js';
export type { Setting } from './setting.js';
export { CHARGING_MODES, WEBHOOK_PORTS, type ChargingMode } from './webhook-settings.js';
export {
  redisClientOptions,
  type RedisClientOptions,
  type RedisEndpoint,
  type RedisRole,
} from './redis-endpoint.js';
