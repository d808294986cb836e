export { cheaperAsyncResourceBind } from './async-resource-bind.js';
export { loadShop, serviceOf, type ShopProto } from './load.js';
export { FAILURE_CODE_KEY, fromGrpcError, toGrpcStatus } from './status.js';
export {
  serveService,
  startGrpcServer,
  type GrpcServerOptions,
  type RunningGrpcServer,
  type ServiceHost,
  type UnaryImpl,
} from './server.js';
export {
  createServiceClient,
  serviceConfig,
  targetFor,
  type CallOptions,
  type ClientOptions,
  type ServiceClient,
} from './client.js';
export {
  IDEMPOTENT_METHODS,
  type RequestOf,
  type RequestOutput,
  type ResponseOf,
  type ServiceImplementation,
  type ServiceMethods,
} from './methods.js';
