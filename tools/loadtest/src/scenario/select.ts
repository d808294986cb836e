/**
 * The scenarios a run asks for, by name and variant, validated before
 * anything starts, and how many times each runs.
 */
import type { Variant } from '@lab/domain';
import type { ArrivalProcess, Arrivals } from '../result/index.js';
import { defaultSuite } from './default-suite.js';
import type { Scenario } from './types.js';
import { validateScenario } from './validation.js';

/** What picks the scenarios of a run (the suite's options). */
export interface Selection {
  readonly quick: boolean;
  readonly scenarios?: readonly string[];
  readonly variants?: readonly Variant[];
  /** Each scenario's variants run this many times instead of its own `repeats`. */
  readonly repeat?: number;
  /**
   * Traced runs for every scenario (a crossover aside), each variant as many
   * times as its untraced repeats unless `repeats` says; false: none, not even
   * the ones a scenario declares.
   */
  readonly trace?: { readonly sampleRatio: number; readonly repeats?: number } | false;
  /** Every open loop's arrivals (`--arrivals`) instead of the scenario's own. */
  readonly arrivals?: ArrivalProcess;
  /**
   * Whether the scenarios that may run their variants at the same time (the
   * fault scenarios) do, instead of as they declare (together in full runs,
   * one after another quick); figures of speed always run one at a time.
   */
  readonly together?: boolean;
}

/**
 * `--arrivals bursty` on a scenario of one rate: a flash sale of the same
 * mean rate, BURST_ON_S at BURST_ON_FACTOR × the rate, then BURST_OFF_S at
 * BURST_OFF_FACTOR × it (2 × 3 + 8 × 0.5 = 10 × 1).
 */
export const BURST_ON_S = 2;
export const BURST_OFF_S = 8;
export const BURST_ON_FACTOR = 3;
export const BURST_OFF_FACTOR = 0.5;

/** A scenario with the arrivals the options ask for (open loops only: a burst or closed loop has none). */
function withArrivals(s: Scenario, process: ArrivalProcess | undefined): Scenario {
  if (process === undefined || s.workload.mode !== 'open') return s;
  const rate = s.workload.rate;
  const arrivals: Arrivals =
    process === 'bursty'
      ? {
          process,
          onS: BURST_ON_S,
          offS: BURST_OFF_S,
          onRate: rate * BURST_ON_FACTOR,
          offRate: rate * BURST_OFF_FACTOR,
        }
      : { process };
  return { ...s, arrivals };
}

/** How many times a scenario's variants run: as asked on the command line, else as it declares. */
export function repeatsOf(scenario: Scenario, options: Pick<Selection, 'repeat'>): number {
  return options.repeat ?? scenario.repeats ?? 1;
}

/** A scenario with the traced runs the options ask for, or without any. */
function withTracing(s: Scenario, options: Pick<Selection, 'trace' | 'repeat'>): Scenario {
  const { trace } = options;
  if (trace === undefined) return s;
  const { tracing: _declared, ...untraced } = s;
  if (trace === false || s.crossover) return untraced;
  const repeats = trace.repeats ?? repeatsOf(s, options);
  return { ...untraced, tracing: { sampleRatio: trace.sampleRatio, repeats } };
}

/** A scenario that may run its variants together, as the options ask; the others as they are. */
function withTogether(s: Scenario, together: boolean | undefined): Scenario {
  return together === undefined || s.together === undefined ? s : { ...s, together };
}

/** Picks the scenarios to run, and refuses a suite with a bad declaration. */
export function selectScenarios(
  options: Pick<
    Selection,
    'quick' | 'scenarios' | 'variants' | 'trace' | 'repeat' | 'arrivals' | 'together'
  >,
): Scenario[] {
  const all = defaultSuite(options.quick);
  const unknown = (options.scenarios ?? []).filter((n) => !all.some((s) => s.name === n));
  if (unknown.length)
    throw new Error(
      `unknown scenario ${unknown.join(', ')} (known: ${all.map((s) => s.name).join(', ')})`,
    );
  const chosen = all
    .filter((s) => !options.scenarios?.length || options.scenarios.includes(s.name))
    .map((s) => ({
      ...withTracing(withArrivals(withTogether(s, options.together), options.arrivals), options),
      variants: options.variants?.length
        ? s.variants.filter((v) => options.variants!.includes(v))
        : s.variants,
    }))
    // A scenario of some variants only (accept-500, crossover) drops out of a run of the
    // others, unless it was asked for by name: then its validation says what is missing.
    .filter((s) => s.variants.length > 0 || options.scenarios?.includes(s.name));
  const problems = chosen.flatMap(validateScenario);
  if (problems.length) throw new Error(problems.join('\n'));
  return chosen;
}
