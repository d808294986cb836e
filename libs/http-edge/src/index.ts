export {
  Bulkhead,
  POOL_TIMING_METRIC,
  exposePool,
  poolTiming,
  type BulkheadOptions,
} from './bulkhead.js';
export {
  startEdge,
  type EdgeLimits,
  type EdgeOptions,
  type Handler,
  type Reply,
  type RequestContext,
  type Route,
  type RunningEdge,
} from './edge-server.js';
export { type ErrorBody } from './http-errors.js';
export { healthServer, type HealthServer, type HealthServerHost } from './health-server.js';
export { outcomeReply } from './outcome-reply.js';
export {
  healthRoute,
  orderRoutes,
  orderView,
  type HealthCheck,
  type OrderRouteDeps,
} from './order-routes.js';
export { checkoutRoute, type CardTokenizer, type CheckoutRouteDeps } from './checkout-route.js';
export { webhookRoute, type WebhookSink } from './webhook-route.js';
