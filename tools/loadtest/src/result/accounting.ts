/**
 * The accounting of DESIGN.md section 5 and the judgement of its promises.
 */
import type { Reconciliation } from '@lab/ledger';

/** DESIGN.md section 5, per variant: the ledger's reconciliation, counters as deltas of the run. */
export type Accounting = Reconciliation;

/** The names of the accounting's counts (its number fields). */
type CountOf<T> = { [K in keyof T]-?: T[K] extends number ? K : never }[keyof T];

/** The accounting's counts that are volumes or the hidden work it took, not promises. */
export type VolumeCount =
  'accepted' | 'confirmed' | 'failed' | 'retries' | 'redeliveries' | 'deadLettered';

/**
 * The counts of DESIGN.md section 5 that must all be 0: every other count of
 * the reconciliation. A count the ledger adds is a promise until it is listed
 * as a volume, and PROMISE_COUNTS must name it.
 */
export type PromiseCount = Exclude<CountOf<Accounting>, VolumeCount>;

/**
 * Each promise count and its place in the order DESIGN.md gives them.
 * `satisfies` makes the compiler refuse a count of the ledger's
 * reconciliation that is neither listed here nor declared a volume.
 */
const PROMISE_ORDER = {
  lost: 0,
  duplicateEffects: 1,
  orphanCharges: 2,
  missingEffects: 3,
  leakedReservations: 4,
} as const satisfies Record<PromiseCount, number>;

/** The five counts, in the order DESIGN.md gives them. */
export const PROMISE_COUNTS = Object.keys(PROMISE_ORDER) as readonly PromiseCount[];

/** A promise count that was not 0. */
export interface BrokenPromise {
  readonly count: PromiseCount;
  readonly value: number;
}

/** Whether the promises of section 5 were kept, judged by analysis/promises.ts. */
export interface PromiseJudgement {
  /** Every promise count 0, in an accounting that exists. */
  readonly kept: boolean;
  /** The counts that were not 0 (a scenario's: summed over its runs). */
  readonly broken: readonly BrokenPromise[];
  /** Runs without an accounting (their reconcile failed): not kept, whatever they did. */
  readonly unaccounted: number;
  /**
   * A scenario that measures loss (a Redis failover): what it lost, and why.
   * Its counts are the scenario's finding, reported, not broken promises.
   */
  readonly measured?: { readonly cause: string; readonly counts: readonly BrokenPromise[] };
}
