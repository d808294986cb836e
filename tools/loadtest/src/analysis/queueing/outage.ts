/**
 * An outage of T with arrivals λ and a consumer capacity μ (docs/queueing.md):
 * work arriving while the consumer is down piles up at λ·T; once it is back,
 * the backlog shrinks at μ − λ, so it drains in λ·T / (μ − λ).
 */
export interface OutageModel {
  readonly backlogPeak: number;
  /** Infinity when the consumer cannot outrun the arrivals (μ ≤ λ). */
  readonly drainTime: number;
}

export function outageBacklog(lambda: number, outage: number, mu: number): OutageModel {
  const backlogPeak = lambda * outage;
  return { backlogPeak, drainTime: mu > lambda ? backlogPeak / (mu - lambda) : Infinity };
}
