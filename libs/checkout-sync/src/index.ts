export { closeClients, createClients, grpcHealth, type Clients } from './clients.js';
export { CriticalPath, type Progress, type SagaOrder } from './critical-path.js';
export { SyncCheckout } from './sync-checkout.js';
export { LeaseKeeper } from './lease-keeper.js';
export { Settler, startSettlement, type SettlerOptions } from './settler.js';
