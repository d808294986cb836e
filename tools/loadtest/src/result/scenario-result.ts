/**
 * One scenario: its workload, its runs, their thresholds, verdict and promises.
 */
import type { Variant } from '@lab/domain';
import type { PromiseJudgement } from './accounting.js';
import type { CrossoverResult } from './crossover-result.js';
import type { FaultWindow, VariantResult } from './variant-result.js';

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
  /** The metric in each repeat, in the order they ran; absent in runs saved before repeats were judged together. */
  readonly repeats?: {
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

export interface VerdictRow {
  /** What is compared, e.g. "time the customer waits (accepted p50)". */
  readonly figure: string;
  readonly winner: Variant | 'tie';
  /** Each variant's value, formatted. */
  readonly values: Readonly<Partial<Record<Variant, string>>>;
  /** What the winner pays for it. */
  readonly cost: string;
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
  };
  readonly profile: string;
  readonly timeScale: number;
  readonly faults: readonly FaultWindow[];
  readonly thresholds: readonly ThresholdOutcome[];
  readonly variants: readonly VariantResult[];
  readonly verdict: readonly VerdictRow[];
  /** Things the reader must know (faults not executed, a variant that did not drain…). */
  readonly notes: readonly string[];
  /** Over every run of the scenario (a crossover's cells included); absent in runs saved before it was stored. */
  readonly promises?: PromiseJudgement;
  /** With repeats, each variant's median repeat; absent with one repeat and in older runs. */
  readonly medianRepeats?: readonly MedianRepeat[];
  /** Every promise kept and every threshold held. */
  readonly passed: boolean;
  /** The crossover sweep; its runs live in its cells, and `variants` is empty. */
  readonly crossover?: CrossoverResult;
}
