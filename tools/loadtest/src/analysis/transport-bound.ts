/**
 * What a checkout asks of each transport, and the checkouts per second the
 * transports alone would allow: the reference a stack's capacity is stated
 * against. Pure: the report uses it.
 */
import type { Variant } from '@lab/domain';
import type { Primitive, TransportResult } from '../result/index.js';

export const PRIMITIVE_LABELS: Readonly<Record<Primitive, string>> = {
  'grpc-unary': 'grpc-js unary call (handler does nothing)',
  'nats-request': 'NATS request/reply (echo)',
  'jetstream-publish': 'JetStream publish, stream ack awaited',
  'jetstream-consume': 'JetStream durable pull consume, ack confirmed',
  'bullmq-add': 'BullMQ add (job id given)',
  'bullmq-process': 'BullMQ worker processing (job does nothing)',
};

/** Names short enough for a table cell. */
export const PRIMITIVE_SHORT: Readonly<Record<Primitive, string>> = {
  'grpc-unary': 'gRPC unary',
  'nats-request': 'NATS request/reply',
  'jetstream-publish': 'JetStream publish',
  'jetstream-consume': 'JetStream consume',
  'bullmq-add': 'BullMQ add',
  'bullmq-process': 'BullMQ process',
};

/**
 * How many times one confirmed checkout uses each primitive, on its happy
 * path (read from the code: libs/checkout-sync, libs/checkout-async,
 * apps/hybrid/gateway). Sync: ValidatePayment, CheckStock, Reserve, Charge,
 * SendEmail, RecordOrder, NotifyShipment. Async: placed, reserved, confirmed
 * published; placed→inventory, reserved→payment, confirmed→notification,
 * analytics, warehouse consumed; three background jobs. Hybrid: the four
 * critical-path calls, confirmed published and consumed three times, three
 * jobs. Ledger writes to Redis are not counted (every variant makes them).
 */
export const USES_PER_CHECKOUT: Readonly<Record<Variant, Partial<Record<Primitive, number>>>> = {
  sync: { 'grpc-unary': 7 },
  async: {
    'jetstream-publish': 3,
    'jetstream-consume': 5,
    'bullmq-add': 3,
    'bullmq-process': 3,
  },
  hybrid: {
    'grpc-unary': 4,
    'jetstream-publish': 1,
    'jetstream-consume': 3,
    'bullmq-add': 3,
    'bullmq-process': 3,
  },
};

/** The checkouts per second the transport alone allows a variant, and which primitive binds. */
export interface TransportBound {
  readonly rate: number;
  readonly limitedBy: Primitive;
  readonly uses: number;
}

/** The slowest hop: min over the primitives a checkout uses of rate ÷ uses. */
export function transportBound(
  variant: Variant,
  ceilings: Readonly<Record<Primitive, number>>,
): TransportBound | null {
  let bound: TransportBound | null = null;
  for (const [primitive, uses] of Object.entries(USES_PER_CHECKOUT[variant]) as [
    Primitive,
    number,
  ][]) {
    const rate = ceilings[primitive] / uses;
    if (Number.isFinite(rate) && (!bound || rate < bound.rate))
      bound = { rate, limitedBy: primitive, uses };
  }
  return bound;
}

/**
 * What the transports alone cost one checkout in CPU, and the checkouts per
 * second that allows when every hop shares the machine's CPUs, as the stacks'
 * processes do: CPUs ÷ Σ (uses × CPU per operation). The slowest hop assumes
 * each hop has the machine to itself; on a machine with few CPUs this bound
 * is the lower one, and it caps the ratio a stack can reach at all.
 */
export interface MachineBound {
  /** CPU ms of the tool, the peer and the brokers per checkout, over the primitives it uses. */
  readonly cpuMsPerCheckout: number;
  readonly cpus: number;
  /** cpus × 1000 ÷ cpuMsPerCheckout. */
  readonly rate: number;
}

/** Null when the benchmark did not measure CPU (older runs) or a primitive lacks it. */
export function machineBound(
  variant: Variant,
  transport: Pick<TransportResult, 'cpuMsPerOp' | 'cpus'>,
): MachineBound | null {
  const { cpuMsPerOp, cpus } = transport;
  if (!cpuMsPerOp || !cpus) return null;
  let cpuMsPerCheckout = 0;
  for (const [primitive, uses] of Object.entries(USES_PER_CHECKOUT[variant]) as [
    Primitive,
    number,
  ][]) {
    const cost = cpuMsPerOp[primitive];
    if (cost == null || !(cost > 0)) return null;
    cpuMsPerCheckout += uses * cost;
  }
  return { cpuMsPerCheckout, cpus, rate: (cpus * 1000) / cpuMsPerCheckout };
}
