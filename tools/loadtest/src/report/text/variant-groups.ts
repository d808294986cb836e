/**
 * A scenario may hold several repetitions of each variant (A B A B): how the
 * printers label them, and which of them the charts show (the runner chose).
 */
import type { ScenarioResult, VariantResult } from '../../result/index.js';

/** "hybrid", or "hybrid-webhook" for a stack that charged by webhook. */
export function variantName(r: Pick<VariantResult, 'variant' | 'charging'>): string {
  return r.charging ? `${r.variant}-${r.charging}` : r.variant;
}

/** A verdict column's (or winner's) name: the variant as its runs in the scenario show it. */
export function columnName(scenario: ScenarioResult, variant: string): string {
  const run = scenario.variants.find((r) => r.variant === variant);
  return run ? variantName(run) : variant;
}

/** "sync", or "sync #2" when the scenario repeated its variants. */
export function variantLabel(r: VariantResult, repeated: boolean): string {
  return repeated ? `${variantName(r)} #${r.repeat}` : variantName(r);
}

/** Whether any variant ran more than once, so rows need their repetition number. */
export function isRepeated(results: readonly VariantResult[]): boolean {
  return results.some((r) => r.repeat > 1);
}

/**
 * The runs the charts and Little's law show: each repeated variant's median
 * repeat, as the runner chose it (a per-second timeline has no median over
 * runs); every run with one repeat.
 */
export function shownRuns(scenario: ScenarioResult): readonly VariantResult[] {
  const chosen = scenario.medianRepeats;
  if (!chosen?.length) return scenario.variants;
  const variants = [...new Set(scenario.variants.map((r) => r.variant))];
  // In the order the variants first ran, as with one repeat.
  return variants.flatMap((variant) => {
    const runs = scenario.variants.filter((r) => r.variant === variant);
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
