/**
 * One scenario: its workload, its runs, their thresholds, verdict and promises.
 */
import type { Variant } from '@lab/domain';
import type { PromiseJudgement } from './accounting.js';
import type { Arrivals } from './arrivals.js';
import type { ModelCheck } from './model-result.js';
import type { CrossoverResult } from './crossover-result.js';
import type { ScenarioTracing } from './tracing-result.js';
import type { CapacitySummary, FaultWindow, VariantResult } from './variant-result.js';

export interface Threshold {
  /** e.g. "completed.p99" or "errorRate". */
  readonly metric: string;
  readonly max: number;
  readonly variants?: readonly Variant[];
}

export interface ThresholdOutcome extends Threshold {
  readonly variant: Variant;
  /** What is judged: the median over the variant's repeats of the metric (the value itself with one). */
  readonly value: number;
  /** The metric in each repeat, in the order they ran. */
  readonly repeats: {
    readonly values: readonly number[];
    readonly min: number;
    readonly max: number;
  };
  readonly passed: boolean;
}

/** The run of a variant that stands for it where a figure cannot be a median (charts, Little's law). */
export interface MedianRepeat {
  readonly variant: Variant;
  /** The repeat whose `metric` is the median of the variant's repeats (the lower middle one of an even count). */
  readonly repeat: number;
  readonly of: number;
  readonly metric: string;
}

/** What a verdict row compares, in the order the verdict lists them. */
export type VerdictFigure =
  | 'accepted-p50'
  | 'completed-p50'
  | 'completed-p99'
  | 'achieved-rate'
  | 'error-count'
  | 'broken-promises';

/**
 * The figures of the winner's own runs that say what it pays for its win
 * (medians over its repeats; null where not measured). Which ones a row
 * holds depends on the figure and the winner (analysis/verdict.ts).
 */
export interface VerdictCostMeasures {
  readonly acceptedP50Ms?: number | null;
  readonly acceptedP99Ms?: number | null;
  readonly completedP50Ms?: number | null;
  /** The deepest backlog of the brokers. */
  readonly peakBacklog?: number | null;
  /** The most accepted orders not yet done at once. */
  readonly peakIncomplete?: number | null;
  /** Requests in flight, on average. */
  readonly meanInFlight?: number | null;
  /** Orders that failed after their answer. */
  readonly failedLater?: number | null;
  readonly retries?: number | null;
  readonly redeliveries?: number | null;
  readonly deadLettered?: number | null;
}

/** What the winner of a verdict row pays, or why no one won. */
export type VerdictCost =
  /** No variant measured the figure. */
  | { readonly kind: 'not-measured' }
  /** Every variant tied on a figure whose tie says something of its own. */
  | { readonly kind: 'all-clear'; readonly reason: 'no-errors' | 'promises-kept' }
  /** These variants tied: equal, or within the verdict's tolerance. */
  | { readonly kind: 'tie'; readonly variants: readonly Variant[]; readonly equal: boolean }
  | { readonly kind: 'winner'; readonly measures: VerdictCostMeasures };

export interface VerdictRow {
  readonly figure: VerdictFigure;
  readonly winner: Variant | 'tie';
  /**
   * Each variant's value: the median over its repeats (broken promises:
   * their sum); null where not measured. Milliseconds, per second or counts,
   * as the figure is.
   */
  readonly values: Readonly<Partial<Record<Variant, number | null>>>;
  readonly cost: VerdictCost;
  /** Two values within this share of each other are a tie. */
  readonly tieWithin: number;
}

export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  /** The scenario this one repeats with one setting changed (capacity with two payment replicas…). */
  readonly baseline?: string;
  readonly workload: {
    readonly mode: 'open' | 'closed' | 'burst';
    readonly rate?: number;
    readonly rampTo?: number;
    /** The warm-up's fixed rate, when it is not the start of the ramp. */
    readonly warmupRate?: number;
    readonly users?: number;
    readonly durationS: number;
    readonly warmupS: number;
    readonly mix: Readonly<Record<string, number>>;
    /** An open loop's arrival process (absent in runs saved before there was a choice: uniform). */
    readonly arrivals?: Arrivals;
  };
  readonly profile: string;
  readonly timeScale: number;
  readonly faults: readonly FaultWindow[];
  readonly thresholds: readonly ThresholdOutcome[];
  readonly variants: readonly VariantResult[];
  readonly verdict: readonly VerdictRow[];
  /** Things the reader must know (faults not executed, a variant that did not drain…). */
  readonly notes: readonly string[];
  /** Over every run of the scenario (a crossover's cells included). */
  readonly promises: PromiseJudgement;
  /** With repeats, each variant's median repeat; absent with one repeat. */
  readonly medianRepeats?: readonly MedianRepeat[];
  /** A ramp's ceilings over each variant's repeats, against the machine bound; absent without a ramp. */
  readonly capacity?: readonly CapacitySummary[];
  /** Every promise kept and every threshold held. */
  readonly passed: boolean;
  /** The crossover sweep; its runs live in its cells, and `variants` is empty. */
  readonly crossover?: CrossoverResult;
  /** Queueing theory's predictions beside what the runs measured (pool waits, a burst, a backlog). */
  readonly model?: readonly ModelCheck[];
  /** Its runs with tracing on: where the time went, and what tracing costs. */
  readonly tracing?: ScenarioTracing;
}
