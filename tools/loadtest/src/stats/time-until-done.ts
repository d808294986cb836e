import type { TimeUntilDone } from '../result/index.js';

/**
 * Percentiles of time until done over every order offered, not only the ones
 * that got done: with `offered` requests and `doneMs` latencies of those
 * confirmed, the p-th percentile is the nearest-rank value ⌈p · offered⌉ among
 * the done ones, and null ("never") when fewer than that many got done. A 503
 * is then worse than any completion, however slow.
 */
export function timeUntilDone(doneMs: readonly number[], offered: number): TimeUntilDone {
  const sorted = [...doneMs].sort((a, b) => a - b);
  const at = (share: number): number | null => {
    const rank = Math.max(1, Math.ceil(share * offered));
    return offered > 0 && rank <= sorted.length ? sorted[rank - 1]! : null;
  };
  return { offered, done: sorted.length, p50: at(0.5), p99: at(0.99) };
}
