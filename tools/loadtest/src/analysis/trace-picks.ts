/** An order's two latencies, as the tool measured them from its intended send (ms). */
export interface OrderTimes {
  readonly orderId: string;
  readonly acceptedMs: number;
  readonly completedMs: number;
}

export interface TracedPick extends OrderTimes {
  /** The run's completion percentile it stands for (ms). */
  readonly targetMs: number;
}

/**
 * The traced orders to draw: for the run's completion p50 and p99 (over
 * every confirmed order), the traced one whose completion is nearest. With
 * every order traced, that is the median and the p99 order themselves.
 */
export function pickTracedOrders(
  orders: readonly OrderTimes[],
  traced: (orderId: string) => boolean,
  targets: { readonly p50: number; readonly p99: number },
): { readonly p50?: TracedPick; readonly p99?: TracedPick } {
  const candidates = orders.filter((o) => traced(o.orderId));
  const nearest = (targetMs: number): TracedPick | undefined => {
    let best: OrderTimes | undefined;
    for (const o of candidates)
      if (!best || Math.abs(o.completedMs - targetMs) < Math.abs(best.completedMs - targetMs))
        best = o;
    return best && { ...best, targetMs };
  };
  const p50 = nearest(targets.p50);
  const p99 = nearest(targets.p99);
  return { ...(p50 ? { p50 } : {}), ...(p99 ? { p99 } : {}) };
}
