export {
  closeClients,
  createClients,
  grpcHealth,
  type Clients,
  type ServiceHealth,
} from './clients.js';
export { CriticalPath, noProgress, type Progress, type SagaOrder } from './critical-path.js';
export { SyncCheckout, type SyncCheckoutOptions } from './sync-checkout.js';
export { LeaseKeeper } from './lease-keeper.js';
export { Settler, startSettlement, type SettlerOptions } from './settler.js';
