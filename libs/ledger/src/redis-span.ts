import { tracingActive, withSpan } from '@lab/telemetry';

/**
 * One Redis round trip on an order's path, as a client span `redis <operation>`
 * (a ledger operation, e.g. `order.create`: one script or command). Nothing
 * but the call itself while tracing is off.
 */
export function redisSpan<T>(operation: string, work: () => Promise<T>): Promise<T> {
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
