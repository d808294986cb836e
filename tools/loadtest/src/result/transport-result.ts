/**
 * The transport benchmark: the raw ceilings of the primitives the stacks use.
 */

/** What the transport benchmark measures (bench/transport-benchmark.ts). */
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
