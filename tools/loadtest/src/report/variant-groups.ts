/**
 * A scenario may hold several repetitions of each variant (A B A B). The
 * comparisons (verdict, the article's table) speak of one value per variant:
 * the median over its repetitions, which one slow repetition cannot drag.
 */
import type { VariantResult } from '../result.js';

export type VariantName = VariantResult['variant'];

/** The repetitions of each variant, in the order the variants first ran. */
export function groupByVariant(
  results: readonly VariantResult[],
): ReadonlyMap<VariantName, readonly VariantResult[]> {
  const groups = new Map<VariantName, VariantResult[]>();
  for (const r of results) {
    const group = groups.get(r.variant);
    if (group) group.push(r);
    else groups.set(r.variant, [r]);
  }
  return groups;
}

/** The median of the finite values; null when there are none. */
export function median(values: readonly (number | null)[]): number | null {
  const finite = values
    .filter((v): v is number => v != null && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/** The median over repetitions of one measurement. */
export function medianOf(
  results: readonly VariantResult[],
  pick: (r: VariantResult) => number | null,
): number | null {
  return median(results.map(pick));
}

/** "sync", or "sync #2" when the scenario repeated its variants. */
export function variantLabel(r: VariantResult, repeated: boolean): string {
  return repeated ? `${r.variant} #${r.repeat}` : r.variant;
}

/** Whether any variant ran more than once, so rows need their repetition number. */
export function isRepeated(results: readonly VariantResult[]): boolean {
  return results.some((r) => r.repeat > 1);
}
