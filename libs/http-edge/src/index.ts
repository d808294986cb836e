export { Bulkhead, exposePool, type BulkheadOptions } from './bulkhead.js';
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
export { outcomeReply } from './outcome-reply.js';
export {
  healthRoute,
  orderRoutes,
  orderView,
  redisHealth,
  type HealthCheck,
  type OrderRouteDeps,
} from './order-routes.js';
export { checkoutRoute, type CardTokenizer, type CheckoutRouteDeps } from './checkout-route.js';
