/** What the provider's `/v1/stats` counts of the work it still owes the shop. */
interface ProviderStats {
  readonly pendingDeliveries?: number;
  readonly pendingCharges?: number;
  readonly pendingRefunds?: number;
}

/** How long the provider may take to answer one reading. */
const STATS_TIMEOUT_MS = 500;

/**
 * The payment provider's backlog, for a stack charging by webhook: events
 * not yet answered 2xx, charges and refunds not yet settled. Until they are,
 * an order's charge or refund is still on its way, and reconciling would
 * count it by timing. Null when the provider cannot be read.
 */
export function providerBacklog(url: string): () => Promise<number | null> {
  return async () => {
    try {
      const response = await fetch(`${url}/v1/stats`, {
        signal: AbortSignal.timeout(STATS_TIMEOUT_MS),
      });
      if (!response.ok) return null;
      const stats = (await response.json()) as ProviderStats;
      return (
        (stats.pendingDeliveries ?? 0) + (stats.pendingCharges ?? 0) + (stats.pendingRefunds ?? 0)
      );
    } catch {
      return null;
    }
  };
}
