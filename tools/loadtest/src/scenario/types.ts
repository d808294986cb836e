/**
 * What a scenario declares: its workload, request mix, variants, faults,
 * thresholds and, for a crossover, its sweep.
 */
import type { ProfileName, Variant } from '@lab/domain';
import type { Arrivals, FaultWindow, Threshold } from '../result/index.js';

/** The share of each kind of request in a workload; the rest are good checkouts. */
export interface RequestMix {
  /** Cards the issuer declines (402 / failed). */
  readonly declined?: number;
  /** Orders for a sold-out SKU (409 / failed). */
  readonly outOfStock?: number;
}

export type Workload =
  | {
      /** Arrivals on a fixed schedule, whatever the system does: latency from the intended time. */
      readonly mode: 'open';
      readonly rate: number;
      /** Ramp the rate linearly to this by the end. */
      readonly rampTo?: number;
      /**
       * The warm-up at this fixed rate, and the rest (rate, or rate ramped
       * to rampTo) after it: a stack is measured warm (its JIT and pools),
       * not while the ramp already climbs.
       */
      readonly warmupRate?: number;
      readonly durationS: number;
      readonly warmupS: number;
    }
  | {
      /** `count` requests at the same instant: the article's "1000 users click at once". */
      readonly mode: 'burst';
      readonly count: number;
      readonly durationS: number;
      readonly warmupS: 0;
    }
  | {
      /** N users, each sending again as soon as answered. */
      readonly mode: 'closed';
      readonly users: number;
      readonly durationS: number;
      readonly warmupS: number;
    };

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly workload: Workload;
  /** How an open loop's requests arrive; evenly spaced (uniform) when absent. */
  readonly arrivals?: Arrivals;
  readonly mix: RequestMix;
  readonly variants: readonly Variant[];
  readonly profile: ProfileName;
  readonly timeScale: number;
  /** Settings given to the stacks of this scenario (LAB_SYNC_MAX_IN_FLIGHT…). */
  readonly settings?: Readonly<Record<string, string | number>>;
  readonly faults: readonly Omit<
    FaultWindow,
    | 'executed'
    | 'note'
    | 'appliedAtS'
    | 'endedAtS'
    | 'recoveredAtS'
    | 'recoveryS'
    | 'recoveryNote'
    | 'feltS'
    | 'feltBy'
    | 'links'
    | 'linkCounts'
  >[];
  readonly thresholds: readonly Threshold[];
  /**
   * Alternated runs of the variants (A B C A B C A B C), each on a fresh
   * stack; a threshold is judged on the median over them. `--repeat` overrides.
   */
  readonly repeats?: number;
  /** The scenario this one repeats with one setting changed; the report compares the two. */
  readonly baseline?: string;
  /**
   * A ramp's service level: where it breaks is the variant's ceiling.
   * `inFlightS`: how long an accepted order is meant to stay unfinished (a
   * charge settled by webhook 2 s later), so that many seconds of arrivals
   * unfinished are the design, not a stack falling behind.
   */
  readonly ceiling?: { readonly acceptedP99Ms: number; readonly inFlightS?: number };
  /** A sweep: the workload runs once per cell of rate × payment latency (crossover-suite.ts). */
  readonly crossover?: CrossoverSpec;
  /** Longest wait, after the load, for accepted orders to complete. */
  readonly drainTimeoutS: number;
  /**
   * Brokers of its own, set up as production runs them (a NATS cluster,
   * Redis behind Sentinels), started for this scenario instead of the run's.
   */
  readonly brokers?: ScenarioBrokers;
  /**
   * What the scenario measures may be lost (a Redis failover's
   * asynchronous replication): the loss is its finding, reported with its
   * cause, and does not break the promise. Every other count still must be 0.
   */
  readonly measuresLoss?: string;
  /** Runs with tracing on beside the untraced ones (`--trace` adds them to any scenario). */
  readonly tracing?: ScenarioTracingSpec;
  /**
   * The variants run at the same time, each on a stack and brokers of its
   * own, instead of one after another: for scenarios of behaviour at low
   * rates (faults), where the variants' few orders a second leave the
   * machine to spare. Never for a figure of speed or capacity.
   */
  readonly together?: boolean;
}

/**
 * Traced runs of a scenario: each variant runs `repeats` times more with
 * tracing on, alternated with its untraced repeats on fresh stacks, so the
 * scenario's figures stay untraced and tracing's cost is measured against them.
 */
export interface ScenarioTracingSpec {
  /** Share of orders traced (LAB_TRACE_SAMPLE_RATIO), 0 to 1. */
  readonly sampleRatio: number;
  readonly repeats: number;
}

export interface ScenarioBrokers {
  /** nats-server nodes (3: a cluster; its streams replicated on each). */
  readonly natsNodes?: number;
  /** sentinel: a primary, a replica and three Sentinels. */
  readonly redisMode?: 'single' | 'sentinel';
}

/** A fault as a scenario plans it: what the runner records of it is added when it runs. */
export type FaultSpec = Scenario['faults'][number];

/** The sweep of a crossover scenario. */
export interface CrossoverSpec {
  /** Arrival rates, per second, ascending. */
  readonly rates: readonly number[];
  /** Latencies of the payment provider, ms, ascending. */
  readonly paymentLatenciesMs: readonly number[];
  /** The simulated step a cell sets for its whole run: the external provider's call. */
  readonly step: string;
}

/** One cell to run. */
export interface CrossoverCellSpec {
  readonly rate: number;
  readonly paymentLatencyMs: number;
  /** rate × latency: checkouts in flight by Little's law. */
  readonly inFlight: number;
}
