export {
  EffectsLedger,
  countEffects,
  parseEffects,
  type EffectRecord,
  type RecordResult,
} from './effects-ledger.js';
export {
  OrderStore,
  UnknownOrderError,
  parseOrder,
  type CreateResult,
  type NewOrder,
  type OrderRecord,
  type OutboxEvent,
  type EffectApplied,
  type OrderChange,
  type StatusChange,
  type TransitionResult,
} from './order-store.js';
export { COUNTER_NAMES, Counters, type CounterName } from './counters.js';
export {
  judgeOrder,
  reconcile,
  type Offender,
  type Reconciliation,
  type ReconcileOptions,
} from './reconcile.js';
export { StockStore, type ReserveResult } from './stock-store.js';
export {
  awaitReplica,
  createRedis,
  redisHealth,
  redisReady,
  redisUnavailable,
  type RedisRole,
} from './redis.js';
export { OrderWatcher, parseOrderChange } from './order-watcher.js';
export { Outbox, type OutboxEntry } from './outbox.js';
export { CardVault, cardVaultKey, type CardDeposit } from './card-vault.js';
export { LEDGER_OPERATIONS, type LedgerOperation } from './redis-span.js';
