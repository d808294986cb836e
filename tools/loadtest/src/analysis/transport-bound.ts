/**
 * What a checkout asks of each transport, and the checkouts per second the
 * transports alone would allow: the reference a stack's capacity is stated
 * against. Pure: the runner states each ceiling against it (capacity.ts).
 */
import type { Variant } from '@lab/domain';
import type { MachineBound, Primitive, TransportBound, TransportResult } from '../result/index.js';

/**
 * How many times one confirmed checkout uses each primitive, on its happy
 * path (read from the code of the three checkout flows). Sync: ValidatePayment, CheckStock, Reserve, Charge,
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
      bound = { rate, limitedBy: primitive, primitiveRate: ceilings[primitive], uses };
  }
  return bound;
}

/**
 * Every hop on the machine: the slowest hop assumes each hop has the machine
 * to itself; on a machine with few CPUs this bound is the lower one, and it
 * caps the ratio a stack can reach at all. Null when the benchmark did not
 * measure CPU or a primitive lacks it.
 */
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
