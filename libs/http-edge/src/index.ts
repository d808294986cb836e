export { Bulkhead, type BulkheadOptions } from './bulkhead.js';
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
export { errorBody, errorHeaders, httpStatusOf, type ErrorBody } from './http-errors.js';
export {
  healthRoute,
  orderRoutes,
  orderView,
  redisHealth,
  type HealthCheck,
  type OrderRouteDeps,
} from './order-routes.js';
export {
  checkoutRoute,
  replyForOrder,
  type CardTokenizer,
  type CheckoutOrder,
  type CheckoutRouteDeps,
} from './checkout-route.js';
