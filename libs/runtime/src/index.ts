export { bootstrap, type BootstrapOptions, type Runtime, type VaultRuntime } from './bootstrap.js';
export { grpcPortOf } from './grpc-port.js';
