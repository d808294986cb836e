/**
 * A burst of N requests at once against a bounded pool (the rush scenario):
 * c served at once, `queued` more waiting for a slot no longer than
 * `queueTimeout`, the rest refused at once (docs/queueing.md).
 */
export interface BurstPool {
  readonly c: number;
  readonly queued: number;
  /** The longest wait for a slot before a waiting request is refused. */
  readonly queueTimeout: number;
  readonly serviceTime: number;
}

export interface BurstOutcome {
  readonly served: number;
  readonly refused: number;
  /** When the last served request finishes, from the burst: ceil(served / c) · S, plus the send spread. */
  readonly lastDone: number;
}

/**
 * Served in waves of c, each S after the one before; a request waiting for
 * wave k starts at k·S, and is refused if that is past the queue timeout.
 * `sendSpread` is how long sending the burst itself took: the last request
 * leaves that late, and waits its wave from then at most.
 */
export function burstAgainstPool(n: number, pool: BurstPool, sendSpread = 0): BurstOutcome {
  const admitted = Math.min(n, pool.c + pool.queued);
  // Waves that start within the queue timeout: wave 0 at once, then every S.
  const waves = Math.floor(pool.queueTimeout / pool.serviceTime) + 1;
  const served = Math.min(admitted, waves * pool.c);
  const lastDone = served === 0 ? 0 : Math.ceil(served / pool.c) * pool.serviceTime + sendSpread;
  return { served, refused: n - served, lastDone };
}
