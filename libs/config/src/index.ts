export {
  ConfigError,
  describeSettings,
  findWorkspaceRoot,
  loadConfig,
  type LoadOptions,
} from './load.js';
export { MAX_REPLICAS, REPLICA_PORT_STEP, replicaPort } from './replicas.js';
export {
  DEFAULT_PORTS,
  REPLICATED_SERVICES,
  SETTINGS,
  type ReplicatedService,
  type Setting,
} from './schema.js';
export type {
  AsyncStackConfig,
  GrpcServiceConfig,
  HybridStackConfig,
  LabConfig,
  LogLevel,
  ServiceReplicas,
  StackName,
  SyncStackConfig,
} from './types.js';
