/**
 * A scenario may hold several repetitions of each variant (A B A B). The
 * comparisons (verdict, the article's table) speak of one value per variant:
 * the median over its repetitions, which one slow repetition cannot drag.
 */
import type { ScenarioResult, VariantResult } from '../../result/index.js';

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

/**
 * The runs the charts and Little's law show: each repeated variant's median
 * repeat, as the runner chose it (a per-second timeline has no median over
 * runs); every run in a report saved before the runner chose one.
 */
export function shownRuns(scenario: ScenarioResult): readonly VariantResult[] {
  const chosen = scenario.medianRepeats;
  if (!chosen?.length) return scenario.variants;
  // In the order the variants first ran, as with one repeat.
  return [...groupByVariant(scenario.variants)].flatMap(([variant, runs]) => {
    const median = chosen.find((m) => m.variant === variant);
    return median ? runs.filter((r) => r.repeat === median.repeat) : runs;
  });
}

/** "Charts and Little's law: each variant's median repeat by accepted.p99 of 3 (sync #2, …)"; null without repeats. */
export function medianRepeatNote(scenario: ScenarioResult): string | null {
  const chosen = scenario.medianRepeats;
  if (!chosen?.length) return null;
  const metrics = [...new Set(chosen.map((m) => m.metric))].join(', ');
  const counts = [...new Set(chosen.map((m) => m.of))].join(' or ');
  const which = chosen.map((m) => `${m.variant} #${m.repeat}`).join(', ');
  return `Charts and Little's law show each variant's median repeat by ${metrics} of its ${counts} (${which}); the tables list every repeat, and the verdict and thresholds take the median over them.`;
}
