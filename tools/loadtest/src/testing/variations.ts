/**
 * Changed copies of the fixed run, for tests that need a number just inside or
 * just outside a limit. The fixture itself is never mutated.
 */
import type { RunResult, ScenarioResult, VariantResult } from '../result/index.js';
import { rejudge } from './rejudge.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A deep copy of `result` with one variant of one scenario changed by `patch`, judged again. */
export function withVariant(
  result: RunResult,
  scenario: string,
  variant: VariantResult['variant'],
  patch: (v: Mutable<VariantResult>) => void,
): RunResult {
  const copy = structuredClone(result) as Mutable<RunResult>;
  const target = copy.scenarios
    .find((s) => s.name === scenario)
    ?.variants.find((v) => v.variant === variant);
  if (!target) throw new Error(`no ${variant} in ${scenario}`);
  patch(target as Mutable<VariantResult>);
  return rejudge(copy as RunResult);
}

/** The named scenario of a run; throws when it is missing, so tests fail loudly. */
export function scenarioNamed(result: RunResult, name: string): ScenarioResult {
  const found = result.scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
}
