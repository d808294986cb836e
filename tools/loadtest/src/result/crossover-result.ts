/**
 * The crossover scenario's grid: arrival rate × payment latency, sync against async.
 */
import type { Variant } from '@lab/domain';
import type { VariantResult } from './variant-result.js';

/** Which variant one cell of the crossover grid favours, by the rule of the grid. */
export interface CrossoverJudgement {
  /** The better one; tie within the margin; null when sync and async did not both run. */
  readonly better: Variant | 'tie' | null;
  /** The worse p99 time until done over the better one; null when one of them was never done. */
  readonly factor: number | null;
  /** "sync 1.6× faster: 52 ms vs 84 ms", "sync: 34 % not done (saturated)", … */
  readonly why: string;
  /** The variants that broke a promise in the cell: they settle it before any time does. */
  readonly promisesBroken?: readonly Variant[];
}

/** One cell of the crossover grid: one arrival rate at one payment provider latency. */
export interface CrossoverCell {
  readonly rate: number;
  /** The payment provider's latency in this cell (the charge step), ms. */
  readonly paymentLatencyMs: number;
  /** rate × payment latency: the checkouts a sync edge must hold at once to keep up (Little's law). */
  readonly inFlight: number;
  /** Each variant's run of the cell (repetitions included), with its time until done. */
  readonly runs: readonly VariantResult[];
  readonly judgement: CrossoverJudgement;
}

/** The crossover scenario's sweep: arrival rate × payment latency, sync against async. */
export interface CrossoverResult {
  readonly rates: readonly number[];
  readonly paymentLatenciesMs: readonly number[];
  /** The simulated step whose latency a cell sets (chargeCard). */
  readonly step: string;
  /** The sync edge's bounded pool the cells ran against. */
  readonly syncPool: {
    readonly maxInFlight: number;
    readonly maxQueued: number;
    readonly queueTimeoutMs: number;
  };
  /** By payment latency, then rate, both ascending. */
  readonly cells: readonly CrossoverCell[];
  /** One or two sentences computed from the grid. */
  readonly verdict: string;
}
