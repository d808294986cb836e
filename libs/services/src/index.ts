export { Simulator, type StepFault } from './simulator.js';
export {
  backgroundOperations,
  inventoryOperations,
  paymentOperations,
  type BackgroundOperations,
  type InventoryOperations,
  type OperationsContext,
  type PaymentOperations,
} from './operations.js';
