/**
 * The seed scenario's runs of the fixed run as a runner hands them over
 * (accounting, no judgement yet), with one promise count set on one variant:
 * the cases a broken promise must fail, from the runner to the exit code.
 */
import type { Accounting, PromiseCount, VariantRun } from '../result/index.js';
import { runResult } from './run-result.js';

/** The variant that breaks the promise in these cases. */
export const BREAKER = 'hybrid';

/** Every seed-checkout run, each repeated `repeats` times, with `count` set to `value` on the hybrid's first. */
export function seedRuns(
  change?: { readonly count: PromiseCount; readonly value?: number } | 'no accounting',
  repeats = 1,
): VariantRun[] {
  const seed = runResult.scenarios.find((s) => s.name === 'seed-checkout')!;
  const runs = Array.from({ length: repeats }, (_, i) =>
    seed.variants.map(({ promises: _judged, capacity: _stated, ...run }) => ({
      ...run,
      repeat: i + 1,
    })),
  ).flat();
  return runs.map((run) => {
    if (run.variant !== BREAKER || run.repeat !== 1 || !change) return run;
    if (change === 'no accounting') return { ...run, accounting: null };
    const accounting: Accounting = { ...run.accounting!, [change.count]: change.value ?? 1 };
    return { ...run, accounting };
  });
}
