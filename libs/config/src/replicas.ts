/** The most processes of one service a stack runs. */
export const MAX_REPLICAS = 8;

/**
 * Replica k of a service listens `REPLICA_PORT_STEP * (k - 1)` above the
 * service's port: sync payment on 8111, 8121, … 8181. A stack's default
 * service ports are consecutive (8111–8115), so every replica of every
 * service fits below the next stack's ports; the config's cross-check
 * refuses a replica port another server holds.
 */
export const REPLICA_PORT_STEP = 10;

/** The port replica `replica` (1 is the first) of a service on `port` listens on. */
export function replicaPort(port: number, replica: number): number {
  if (!Number.isInteger(replica) || replica < 1) {
    throw new RangeError(`a replica is numbered from 1, got ${replica}`);
  }
  return port + REPLICA_PORT_STEP * (replica - 1);
}
