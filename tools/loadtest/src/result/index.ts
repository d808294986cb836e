/**
 * The one result object of a run. The runner fills it; every printer (JSON,
 * Markdown, HTML) is a pure function of it. It carries a copy of the run's
 * options and why the run ended, so a saved report explains itself.
 */
import type { Variant } from '@lab/domain';
import type { Reconciliation } from '@lab/ledger';

/** Latency percentiles, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** One second of a variant's run (warm-up included; `warmup` marks it). */
export interface TimelinePoint {
  /** Seconds since the variant's start. */
  readonly t: number;
  readonly warmup: boolean;
  /** Requests scheduled for this second. */
  readonly offered: number;
  /** Answers received in this second (any status). */
  readonly achieved: number;
  /** Orders that reached completion in this second. */
  readonly completed: number;
  /** Answers that were errors (non-2xx or transport failures), by reason. */
  readonly errors: Readonly<Record<string, number>>;
  /** Requests sent and not yet answered, sampled at the end of the second. */
  readonly inFlight: number;
  /** Accepted but not yet completed orders at the end of the second. */
  readonly incomplete: number;
  /** Latencies of the answers received in this second (ms), null when none. */
  readonly acceptedP50: number | null;
  readonly acceptedP99: number | null;
  readonly completedP50: number | null;
  readonly completedP99: number | null;
  /** Work waiting in the brokers (JetStream pending + BullMQ waiting/active), null when not sampled. */
  readonly backlog: number | null;
}

/** A fault on the scenario's timeline. */
export interface FaultWindow {
  readonly kind: 'crash' | 'hang' | 'slow' | 'errors' | 'broker-down';
  /** A service (payment, notification…) or a broker (nats, redis); in a variant's run, the app (async-payment…). */
  readonly target: string;
  readonly startS: number;
  readonly durationS: number;
  /** slow/errors: the steps touched (all the service's steps when absent). */
  readonly steps?: readonly string[];
  /** slow: latency × multiplier + addMs. */
  readonly multiplier?: number;
  readonly addMs?: number;
  /** errors: the probability a step fails. */
  readonly errorRate?: number;
  /** When it took effect and ended, seconds since the variant's start; absent if not executed. */
  readonly appliedAtS?: number;
  readonly endedAtS?: number;
  /** crash / broker-down: when the restarted process served again. */
  readonly recoveredAtS?: number;
  /**
   * Seconds from the end of the fault until the backlog had drained and the
   * per-second latency was back under the scenario's limits (and stayed so);
   * null when that did not happen before the run ended. In a variant's run only.
   */
  readonly recoveryS?: number | null;
  /** Why there is no recovery time. */
  readonly recoveryNote?: string;
  readonly executed: boolean;
  /** Why it was not executed, or what it did. */
  readonly note: string;
}

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
 * as a volume, and the list of promises (analysis/promises.ts) must name it.
 */
export type PromiseCount = Exclude<CountOf<Accounting>, VolumeCount>;

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
}

/** Little's law on the steady part of the run: L = λ · W. */
export interface LittlesLaw {
  /** Time-averaged number of requests in flight. */
  readonly meanInFlight: number;
  /** Answers per second. */
  readonly rate: number;
  readonly meanLatencyS: number;
  /** rate × mean latency. */
  readonly predicted: number;
  /** meanInFlight ÷ predicted. */
  readonly ratio: number;
  /** Within 5 %. */
  readonly holds: boolean;
}

/** One process's share of a variant's run. */
export interface ProcessCost {
  readonly name: string;
  readonly role: 'service' | 'broker' | 'tool';
  /** CPU seconds (user + system) spent during the run (since its restart, if it was restarted). */
  readonly cpuS: number;
  /** Peak resident memory over the process's life (brokers live for the whole suite). */
  readonly peakRssMiB: number;
}

/** Cost per 1,000 confirmed orders: what each variant spends to deliver the same work. */
export interface RunCost {
  readonly processes: readonly ProcessCost[];
  readonly confirmed: number;
  /** CPU seconds per 1,000 confirmed orders; total = services + brokers (the tool is the client, not the shop). */
  readonly cpuSPer1000: {
    readonly services: number | null;
    readonly brokers: number | null;
    readonly tool: number | null;
    readonly total: number | null;
  };
  /** Sum of the processes' peaks (an upper bound of what they needed at once). */
  readonly peakRssMiB: { readonly services: number; readonly brokers: number };
}

/** Where a ramped run stopped keeping its service level. */
export interface Ceiling {
  /** The highest rate (answers per second) sustained while every second before it kept the level. */
  readonly rate: number;
  /** The first of two seconds in a row that broke the level; null if it held to the top of the ramp. */
  readonly brokeAtS: number | null;
  /** What broke, or that it held. */
  readonly why: string;
  /**
   * The level: per-second accepted p99 at most this, no outage errors, at least 90 % of the offer
   * answered, and no more accepted orders unfinished than a second of arrivals.
   */
  readonly acceptedP99Ms: number;
  /** Seconds over the level alone (the next second kept it again): not counted as the break. */
  readonly isolated?: readonly number[];
}

export interface VariantResult {
  readonly variant: Variant;
  /** 1-based index of this repetition. */
  readonly repeat: number;
  readonly startedAt: string;
  readonly durationS: number;
  readonly offeredRate: number;
  readonly achievedRate: number;
  readonly sent: number;
  readonly answered: number;
  /** HTTP status (or "transport") → count, warm-up excluded. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly errorsByReason: Readonly<Record<string, number>>;
  /** Latency of the HTTP answer, from the intended send time. */
  readonly accepted: LatencySummary;
  /** Latency until the order's terminal state with all its effects, from the intended send time. */
  readonly completed: LatencySummary;
  /** How late sends left compared with their schedule. */
  readonly sendLag: LatencySummary;
  /** [upper bound ms, count] buckets for the distribution charts. */
  readonly acceptedDistribution: readonly (readonly [number, number])[];
  readonly completedDistribution: readonly (readonly [number, number])[];
  readonly littlesLaw: LittlesLaw | null;
  readonly accounting: Accounting | null;
  /** The promises judged on the accounting; absent in runs saved before it was stored. */
  readonly promises?: PromiseJudgement;
  /** The scenario's faults as they ran against this variant, with exact times and recovery. */
  readonly faults: readonly FaultWindow[];
  /** A ramped scenario's ceiling for this variant. */
  readonly ceiling?: Ceiling;
  /** CPU and memory of every process, per 1,000 confirmed orders; absent for stacks the tool did not start. */
  readonly cost?: RunCost;
  /** The per-second limits recovery is judged by. */
  readonly recoveryLimits?: { readonly acceptedP99Ms: number; readonly completedP99Ms: number };
  readonly timeline: readonly TimelinePoint[];
  /** Whether every accepted order completed before the drain timeout. */
  readonly drained: boolean;
  readonly drainMs: number;
  /** Time until done against every order offered (the crossover grid's measure); absent elsewhere. */
  readonly timeUntilDone?: TimeUntilDone;
}

/**
 * Time until done, counted against every request meant to leave in the
 * steady part of a run: an order answered with an error (a 503), failed, or
 * not finished by the end of the drain is never done.
 */
export interface TimeUntilDone {
  /** Requests meant to leave in the steady part of the run. */
  readonly offered: number;
  /** Of those, orders confirmed with every effect applied. */
  readonly done: number;
  /**
   * From the intended send, the time (ms) by which 50 % / 99 % of the offered
   * orders were done; null when fewer than that share ever were.
   */
  readonly p50: number | null;
  readonly p99: number | null;
}

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

/** What the transport benchmark measures (tools/loadtest/src/transport.ts). */
export type Primitive =
  | 'grpc-unary'
  | 'nats-request'
  | 'jetstream-publish'
  | 'jetstream-consume'
  | 'bullmq-add'
  | 'bullmq-process';

export interface TransportMeasure {
  readonly primitive: Primitive;
  /** Calls or messages outstanding at once. */
  readonly concurrency: number;
  readonly ops: number;
  readonly seconds: number;
  /** Operations per second. */
  readonly rate: number;
  /** Per-operation latency (ms); null where only the batch was timed (consume, process). */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /**
   * CPU milliseconds (user + system) per operation, summed over every process
   * the measure involves: the tool, the peer and the brokers. Absent in runs
   * saved before it was measured.
   */
  readonly cpuMsPerOp?: number | null;
}

export interface TransportResult {
  readonly startedAt: string;
  readonly measures: readonly TransportMeasure[];
  /** The best rate of each primitive over the concurrencies tried. */
  readonly ceilings: Readonly<Record<Primitive, number>>;
  /** The CPU cost per operation of the measure that set each ceiling (absent in older runs). */
  readonly cpuMsPerOp?: Readonly<Record<Primitive, number | null>>;
  /** The CPUs the machine has: every process of a run shares them. */
  readonly cpus?: number;
}

export interface RunResult {
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The options of the run, as given. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly versions: Readonly<Record<string, string>>;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly os: string;
  };
  readonly scenarios: readonly ScenarioResult[];
  /** The raw ceilings of the transports, measured in this run on the same brokers (with a capacity scenario). */
  readonly transport?: TransportResult;
  /** "completed", "interrupted", or what stopped it. */
  readonly endedBecause: string;
  readonly passed: boolean;
}
