export {
  ConfigError,
  describeSettings,
  findWorkspaceRoot,
  loadConfig,
  type LoadOptions,
} from './load.js';
export { DEFAULT_PORTS, SETTINGS, type Setting } from './schema.js';
export type {
  AsyncStackConfig,
  GrpcServiceConfig,
  HybridStackConfig,
  LabConfig,
  LogLevel,
  StackName,
  SyncStackConfig,
} from './types.js';
