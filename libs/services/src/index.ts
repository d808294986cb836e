export { Simulator, type StepFault } from './simulator.js';
export {
  backgroundOperations,
  inventoryOperations,
  type BackgroundOperations,
  type InventoryOperations,
  type OperationsContext,
} from './operations.js';
export { paymentOperations, type PaymentOperations } from './payment-operations.js';
export { ProviderClient, type ChargeOrder, type ProviderClientOptions } from './provider-client.js';
