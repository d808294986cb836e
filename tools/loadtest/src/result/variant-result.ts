/**
 * One variant's run: what was sent and answered, the latencies, the
 * timeline, the faults as they ran, the accounting and its judgement.
 */
import type { EncodedHistograms } from './exports.js';
import type { Variant } from '@lab/domain';
import type { AnyFaultKind, LinkDirection, LinkFaultCounts } from '@lab/faults';
import type { Accounting, PromiseJudgement } from './accounting.js';
import type { WhereTheTimeWent } from './tracing-result.js';
import type { Primitive } from './transport-result.js';

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
  /** A process or broker fault, or a link fault (latency, lost-reply, partition…). */
  readonly kind: AnyFaultKind;
  /**
   * A service (payment, notification…) or a broker (nats, redis); in a variant's run, the app
   * (async-payment…). A link fault's names links: `gateway->payment`, a service (all its links),
   * `*` (every link of the stack); in a variant's run, as the stack names them.
   */
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
  /** A link fault: the direction (up: requests, down: replies, both), the kind's default when absent. */
  readonly direction?: LinkDirection;
  /** latency: each chunk's delay is addMs ± jitterMs. */
  readonly jitterMs?: number;
  /** bandwidth: KB/s. */
  readonly rateKBps?: number;
  /** slow-close: how late a close arrives. */
  readonly delayMs?: number;
  /** A link fault in a variant's run: the links it acted on. */
  readonly links?: readonly string[];
  /** A link fault in a variant's run: replies lost, connections reset, bytes swallowed while it was on. */
  readonly linkCounts?: LinkFaultCounts;
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
  /**
   * Seconds from the fault taking effect to its first sign in the variant (an
   * outage error, an answer or order over its limit, a deeper backlog); null
   * when none showed. In a variant's run only.
   */
  readonly feltS?: number | null;
  /** What that first sign was. */
  readonly feltBy?: string;
  readonly executed: boolean;
  /** Why it was not executed, or what it did. */
  readonly note: string;
}

/**
 * What latency on the links cost a variant: the median latency of the
 * orders sent and answered while it was on, against those before it, and
 * against what its sequential service hops predict.
 */
export interface LinkLatencyCost {
  /** The fault it measures: the delay added to each chunk, ± its jitter. */
  readonly addMs: number;
  readonly jitterMs: number;
  /** Calls between services the answer waits for, one after another (sync 7, hybrid 4, async 0). */
  readonly hops: number;
  /** hops × addMs: what the calls between services alone add. */
  readonly predictedMs: number;
  /** Median accepted latency with the latency on, less the median before it; null without orders in both. */
  readonly acceptedAddedMs: number | null;
  /** The same for the completed latency. */
  readonly completedAddedMs: number | null;
  /** acceptedAddedMs ÷ hops; null without hops (the links to the brokers carry the rest). */
  readonly perHopMs: number | null;
  /**
   * acceptedAddedMs ÷ addMs: the round trips one after another, on every link
   * the answer waits on, that the added latency implies (hops, and the calls
   * to NATS, Redis and the vault each of them makes); null without a figure.
   */
  readonly roundTrips: number | null;
  /** Orders measured: answered before the fault, and sent and answered within it. */
  readonly before: number;
  readonly during: number;
}

/**
 * A lost-reply fault's charges whose caller never heard of them (the
 * customer was answered with an error, or the charge was asked for again
 * once made), and how each order settled.
 */
export interface LostReplies {
  /** Replies the links dropped (each also reset its connection). */
  readonly repliesLost: number;
  readonly connectionsReset: number;
  /** Orders charged whose caller never heard of the charge: either of the two below. */
  readonly chargedUnheard: number;
  /** Of those: the customer was answered with an error. */
  readonly answeredWithError: number;
  /** Of those: the charge was asked for again once made (a retry, a redelivery), and the repeat answered. */
  readonly askedAgain: number;
  /** Of those: confirmed after all, refunded (failed and given back), or neither (an orphan). */
  readonly confirmed: number;
  readonly refunded: number;
  readonly unsettled: number;
  /** Orders charged more than once (never, if the idempotency keys hold). */
  readonly chargedTwice: number;
}

/**
 * The edge's pool (sync, hybrid) as the run measured it, steady window only:
 * each answer's wait for a slot (the edge's Server-Timing), and refusals.
 */
export interface PoolMeasure {
  /** Checkouts that got a slot. */
  readonly admitted: number;
  /** Of those, the ones that waited for it. */
  readonly waited: number;
  /** Checkouts refused with 503 saturated (no room to wait, or waited past the queue timeout). */
  readonly refused: number;
  /** waited ÷ admitted. */
  readonly pWait: number;
  /** refused ÷ (admitted + refused). */
  readonly refusedShare: number;
  /** The wait for a slot over every admitted checkout (0 for those that got one at once), ms. */
  readonly wait: LatencySummary;
  /**
   * How long admitted checkouts held their slot (the answer's latency less its
   * wait, ms): its mean, and its squared coefficient of variation (variance ÷ mean²).
   */
  readonly service: { readonly meanMs: number; readonly cv2: number };
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
  /** Present when the stack charged by webhook (LAB_CHARGING=webhook): shown as `<variant>-webhook`. */
  readonly charging?: 'webhook';
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
  /** The two latencies' full histograms, for the HDR log exports. */
  readonly histograms?: EncodedHistograms;
  readonly littlesLaw: LittlesLaw | null;
  /** The edge's pool, when the edge has one (its answers say how long each waited for a slot). */
  readonly pool?: PoolMeasure;
  readonly accounting: Accounting | null;
  /** The promises judged on the accounting. */
  readonly promises: PromiseJudgement;
  /** The scenario's faults as they ran against this variant, with exact times and recovery. */
  readonly faults: readonly FaultWindow[];
  /** A scenario with latency on its links: what it cost this variant, per hop. */
  readonly linkLatency?: LinkLatencyCost;
  /** A scenario that loses replies: the charges whose caller never heard, and how they settled. */
  readonly lostReplies?: LostReplies;
  /** A ramped scenario's ceiling for this variant. */
  readonly ceiling?: Ceiling;
  /** The ceiling against what the transports and the machine allow (with a ceiling). */
  readonly capacity?: Capacity;
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
  /** A run with tracing on: its median and p99 orders' waterfalls. */
  readonly whereTheTimeWent?: WhereTheTimeWent;
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

/** A run as the runner measured it, before its promises and capacity are judged. */
export type VariantRun = Omit<VariantResult, 'promises' | 'capacity'>;

/** The checkouts per second the transport alone allows a variant: its slowest hop. */
export interface TransportBound {
  readonly rate: number;
  /** The primitive that binds, its measured rate and how often a checkout uses it. */
  readonly limitedBy: Primitive;
  readonly primitiveRate: number;
  readonly uses: number;
}

/**
 * What the transports alone cost one checkout in CPU, and the checkouts per
 * second that allows when every hop shares the machine's CPUs, as the stacks'
 * processes do: CPUs ÷ Σ (uses × CPU per operation).
 */
export interface MachineBound {
  /** CPU ms of the tool, the peer and the brokers per checkout, over the primitives it uses. */
  readonly cpuMsPerCheckout: number;
  readonly cpus: number;
  /** cpus × 1000 ÷ cpuMsPerCheckout. */
  readonly rate: number;
}

/** A variant's ceiling stated against its transports' own, measured in the same run. */
export interface Capacity {
  /** The slowest hop; null without a transport run. */
  readonly transportBound: TransportBound | null;
  /** Ceiling ÷ transport bound (the slowest hop); null without a bound. */
  readonly ratio: number | null;
  /** The ratio the performance work aims for, to the machine bound. */
  readonly target: number;
  /** ratio ≥ target, against the slowest hop (an earlier round's target); null without a ratio. */
  readonly meetsTarget: boolean | null;
  /** Every hop on the machine's CPUs; null without the benchmark's CPU measures. */
  readonly machineBound: MachineBound | null;
  /** Ceiling ÷ machine bound: what the target is judged on; null without the bound. */
  readonly machineRatio: number | null;
  /** machineRatio ≥ target; null without it. */
  readonly meetsMachineTarget: boolean | null;
  /** The highest ratio the machine allows: min(1, machine bound ÷ transport bound). */
  readonly bestRatio: number | null;
  /** bestRatio ≥ target: false when even a stack that added nothing could not reach it here. */
  readonly targetReachable: boolean | null;
  /** The stack's CPU (services and brokers) per confirmed checkout in this run, ms. */
  readonly stackCpuMsPerCheckout: number | null;
  /** The stack's CPU per checkout over its transports' (the machine bound's). */
  readonly stackOverTransports: number | null;
  /**
   * Against the scenario this one repeats with one setting changed: that
   * scenario's ceiling for the same variant and repeat (null when it has
   * none), and the change to this one, (this − that) ÷ that, null from 0.
   */
  readonly baseline?: {
    readonly scenario: string;
    readonly rate: number | null;
    readonly change: number | null;
  };
}

/**
 * A ramped variant over its repeats: the median ceiling (min and max
 * beside it) against the machine bound, which is what the target is judged
 * on, so one repeat that the machine's noise broke early cannot decide it.
 */
export interface CapacitySummary {
  readonly variant: Variant;
  /** Each repeat's ceiling (0: broken below the ramp's start), in the order they ran. */
  readonly ceilings: {
    readonly values: readonly number[];
    readonly median: number;
    readonly min: number;
    readonly max: number;
  };
  /** The ramp's first rate: a median of 0 is a ceiling below it, not a measured 0. */
  readonly rampStart: number | null;
  /** Every hop on the machine's CPUs, from the run's transport benchmark; null without it. */
  readonly machineBound: number | null;
  /** The median ceiling ÷ the machine bound; null without the bound. */
  readonly machineRatio: number | null;
  readonly target: number;
  /** machineRatio ≥ target; null without it. */
  readonly meetsTarget: boolean | null;
}
