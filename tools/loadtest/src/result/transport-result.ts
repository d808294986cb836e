/**
 * The transport benchmark: the raw ceilings of the primitives the stacks use.
 */
import type { Variant } from '@lab/domain';

/** What the transport benchmark measures (bench/transport-benchmark.ts), in the order it does. */
export const PRIMITIVES = [
  'grpc-unary',
  'nats-request',
  'jetstream-publish',
  'jetstream-consume',
  'bullmq-add',
  'bullmq-process',
] as const;

export type Primitive = (typeof PRIMITIVES)[number];

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
   * the measure involves: the tool, the peer and the brokers; null with no
   * operation to divide by.
   */
  readonly cpuMsPerOp?: number | null;
}

export interface TransportResult {
  readonly startedAt: string;
  readonly measures: readonly TransportMeasure[];
  /** The best rate of each primitive over the concurrencies tried. */
  readonly ceilings: Readonly<Record<Primitive, number>>;
  /** The CPU cost per operation of the measure that set each ceiling. */
  readonly cpuMsPerOp?: Readonly<Record<Primitive, number | null>>;
  /** The CPUs the machine has: every process of a run shares them. */
  readonly cpus?: number;
  /**
   * How many times one confirmed checkout of each variant uses each
   * primitive (analysis/transport-bound.ts): what the bounds divide by.
   * Added by the runner; absent from the benchmark run alone.
   */
  readonly usesPerCheckout?: Readonly<
    Record<Variant, Readonly<Partial<Record<Primitive, number>>>>
  >;
}
