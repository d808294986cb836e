export {
  accepted,
  answers,
  confirmed,
  failed,
  outcomeOf,
  sequentialCallsMs,
  type CheckoutFlow,
  type CheckoutOrder,
  type CheckoutOutcome,
  type OrderLease,
  type PendingStatus,
  type RecordedCheckout,
} from './checkout-flow.js';
