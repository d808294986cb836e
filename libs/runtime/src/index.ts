export { STACK_NAMES, bootstrap, type BootstrapOptions, type Runtime } from './bootstrap.js';
export { grpcPortOf } from './grpc-port.js';
