import { tracingActive, withSpan } from '@lab/telemetry';

/**
 * The ledger's Redis round trips on an order's path, as their spans name
 * them (`redis <operation>`, attribute db.operation.name): the load tool
 * reads an order's last applied effect off `recordEffect`.
 */
export const LEDGER_OPERATIONS = {
  hasEffect: 'effects.has',
  recordEffect: 'effects.record',
  createOrder: 'order.create',
  getOrder: 'order.get',
  transition: 'order.transition',
  addToOutbox: 'outbox.add',
  removeFromOutbox: 'outbox.remove',
  hasReservation: 'stock.has-reservation',
  stockLevels: 'stock.levels',
  release: 'stock.release',
  reserve: 'stock.reserve',
  depositCard: 'vault.deposit',
  forgetCvc: 'vault.forget-cvc',
  redeemCard: 'vault.redeem',
} as const;

export type LedgerOperation = (typeof LEDGER_OPERATIONS)[keyof typeof LEDGER_OPERATIONS];

/**
 * One Redis round trip on an order's path, as a client span `redis <operation>`
 * (a ledger operation, e.g. `order.create`: one script or command). Nothing
 * but the call itself while tracing is off.
 */
export function redisSpan<T>(operation: LedgerOperation, work: () => Promise<T>): Promise<T> {
  if (!tracingActive()) return work();
  return withSpan(
    `redis ${operation}`,
    {
      kind: 'client',
      attributes: { 'db.system.name': 'redis', 'db.operation.name': operation },
    },
    work,
  );
}
