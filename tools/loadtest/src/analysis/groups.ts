/**
 * A scenario may hold several repetitions of each variant (A B A B). The
 * comparisons (verdict, thresholds, the article's table) speak of one value
 * per variant: the median over its repetitions, which one slow repetition
 * cannot drag.
 */
import type { Variant } from '@lab/domain';
import type { VariantRun } from '../result/index.js';

/** The repetitions of each variant, in the order the variants first ran. */
export function groupByVariant<R extends Pick<VariantRun, 'variant'>>(
  results: readonly R[],
): ReadonlyMap<Variant, readonly R[]> {
  const groups = new Map<Variant, R[]>();
  for (const r of results) {
    const group = groups.get(r.variant);
    if (group) group.push(r);
    else groups.set(r.variant, [r]);
  }
  return groups;
}

/** The median of the finite values (the mean of the two middle ones of an even count); null when there are none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const finite = values
    .filter((v): v is number => v != null && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/** The median over repetitions of one measurement. */
export function medianOf<R>(results: readonly R[], pick: (r: R) => number | null): number | null {
  return median(results.map(pick));
}
