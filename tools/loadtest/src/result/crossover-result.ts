/**
 * The crossover scenario's grid: arrival rate × payment latency, sync against
 * async, every cell's figures and judgement and the grid's verdict, all as
 * numbers (analysis/crossover-*.ts computes them, report/ words them).
 */
import type { Variant } from '@lab/domain';
import type { PromiseCount, PromiseJudgement } from './accounting.js';
import type { VariantResult } from './variant-result.js';

/** What the rule reads of one variant in one cell (median over its repetitions). */
export interface CellFigures {
  /** p99 time until done, ms; null ("never") when more than 1 % of the offered orders were never done. */
  readonly doneP99: number | null;
  readonly doneP50: number | null;
  /** Share of the offered orders never done. */
  readonly notDone: number;
  /** Errors answered, by reason, summed over repetitions. */
  readonly errors: Readonly<Record<string, number>>;
  /** The HTTP answer (sync: the outcome; async: 202 accepted), ms. */
  readonly answeredP50: number | null;
  readonly answeredP99: number | null;
}

/** What settled a cell. */
export type CellReason =
  /** Sync and async did not both run: `ran` says which did. */
  | 'one-ran'
  /** A variant broke a promise: the one that kept them is better; with both broken, neither. */
  | 'promises-broken'
  /** Neither got 99 % done: the one with fewer orders not done is better. */
  | 'neither-done'
  /** One of them left more than 1 % not done: the other is better. */
  | 'not-done'
  /** The two p99s within the grid's tie tolerance. */
  | 'within-tie'
  /** One p99 faster than the other by more than the tolerance. */
  | 'faster';

/** Which variant one cell of the crossover grid favours, by the rule of the grid. */
export interface CrossoverJudgement {
  /** The better one; tie within the margin; null when sync and async did not both run. */
  readonly better: Variant | 'tie' | null;
  /** The worse p99 time until done over the better one; null when one of them was never done. */
  readonly factor: number | null;
  readonly reason: CellReason;
  /** With `one-ran`: the variant that ran, or null when neither did. */
  readonly ran?: Variant | null;
  /** With `not-done`: the variant that left too much undone. */
  readonly notDone?: Variant;
  /** The variants that broke a promise in the cell: they settle it before any time does. */
  readonly promisesBroken?: readonly Variant[];
}

/** A cell of the grid, named by its rate and its payment latency. */
export interface CellRef {
  readonly rate: number;
  readonly paymentLatencyMs: number;
}

/** One cell of the crossover grid: one arrival rate at one payment provider latency. */
export interface CrossoverCell extends CellRef {
  /** rate × payment latency: the checkouts a sync edge must hold at once to keep up (Little's law). */
  readonly inFlight: number;
  /** Each variant's run of the cell (repetitions included), with its time until done. */
  readonly runs: readonly VariantResult[];
  /** Each variant's figures in the cell, the median over its repetitions. */
  readonly figures: Readonly<Partial<Record<Variant, CellFigures>>>;
  /** Each variant's promises over its runs of the cell. */
  readonly promises: Readonly<Partial<Record<Variant, PromiseJudgement>>>;
  readonly judgement: CrossoverJudgement;
}

/** What sync does in a cell past the pool that async wins. */
export interface SyncPastThePool {
  readonly cell: CellRef;
  /**
   * saturated: it answers 503 to more than 1 % (its pool and queue full);
   * not-done: it leaves more than 1 % undone otherwise; waits-for-pool: its
   * requests queue for a place in the pool; slower: its p99 is above async's.
   */
  readonly behaviour: 'saturated' | 'not-done' | 'waits-for-pool' | 'slower';
  readonly notDone: number;
  readonly errors: Readonly<Record<string, number>>;
  /** Sync's p99 over async's; null when one was never done. */
  readonly factor: number | null;
}

/** The verdict's part under the sync pool: rate × latency within it. */
export interface UnderThePool {
  /** Per payment latency (ascending), the highest rate under the pool; null where none was. */
  readonly upTo: readonly { readonly latencyMs: number; readonly rate: number | null }[];
  /** The highest rate the grid tried. */
  readonly maxRate: number;
  readonly cells: number;
  readonly syncFaster: number;
  readonly even: number;
  /** The cells async is ahead in, by checkouts in flight. */
  readonly asyncAhead: readonly CellRef[];
  /** Async's largest lead there; null when it led nowhere or only without a factor. */
  readonly asyncAheadBy: number | null;
  /** Sync, unless async leads in at least half of these cells. */
  readonly better: 'sync' | 'async';
}

/** The verdict's part past the sync pool. */
export interface PastThePool {
  /** The fewest checkouts in flight of a cell past the pool. */
  readonly fromInFlight: number;
  readonly cells: number;
  /** Of them, the cells async completion wins. */
  readonly asyncWins: number;
  /** The cells sync wins or ties there. */
  readonly held: readonly CellRef[];
  /** What sync does in the first cell async wins, and where it leaves most undone. */
  readonly shown: readonly SyncPastThePool[];
}

/** A variant that broke a promise in a cell. */
export interface CellBrokenPromise {
  readonly cell: CellRef;
  readonly variant: Variant;
  readonly promises: PromiseJudgement;
}

/**
 * The grid's verdict, told around the sync pool, where the crossover comes
 * from (Little's law): under it, whether sync is the better choice; past it,
 * whether async completion beats sync and what sync does there; then the
 * cells where a variant broke a promise.
 */
export interface CrossoverVerdict {
  /** Cells where sync and async both ran, of all the grid's. */
  readonly judged: number;
  readonly cells: number;
  /** The sync pool the cells are told against (its places). */
  readonly pool: number;
  /** Null when no judged cell was under the pool. */
  readonly under: UnderThePool | null;
  /** Null when no judged cell passed the pool. */
  readonly past: PastThePool | null;
  /** The most checkouts in flight of a judged cell (what "no cell passed the pool" is told with). */
  readonly maxInFlight: number | null;
  readonly broken: readonly CellBrokenPromise[];
  /** Per payment latency, where the model puts sync's boundary and where the grid found it. */
  readonly boundary?: readonly SyncBoundary[];
}

/** Sync's boundary at one payment latency: Little's law's, and the grid's. */
export interface SyncBoundary {
  readonly latencyMs: number;
  /** The rate at which rate × latency fills the pool: pool ÷ latency. */
  readonly modelRate: number;
  /** The lowest rate tried where sync answered 503 or left orders undone; null when it kept up at every rate. */
  readonly measuredRate: number | null;
  /** The highest rate below it where sync kept up; null when none did. */
  readonly heldRate: number | null;
}

/** One variant's accounting summed over every cell. */
export interface CrossoverBooks {
  readonly variant: Variant;
  readonly runs: number;
  readonly accepted: number;
  readonly confirmed: number;
  readonly failed: number;
  /** Each promise count, summed over the cells. */
  readonly counts: Readonly<Record<PromiseCount, number>>;
  readonly promises: PromiseJudgement;
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
  /** The rule the cells were judged by. */
  readonly rule: {
    /** p99s within this share of each other are even. */
    readonly tieWithin: number;
    /** More than this share never done, and a p99 is "never". */
    readonly notDoneAllowed: number;
  };
  /** By payment latency, then rate, both ascending. */
  readonly cells: readonly CrossoverCell[];
  /** Per variant, in the order they ran. */
  readonly books: readonly CrossoverBooks[];
  readonly verdict: CrossoverVerdict;
}
