/**
 * A transport benchmark as the runner stores it (with the uses per checkout
 * the bounds divide by), for the capacity tables' tests.
 */
import { USES_PER_CHECKOUT } from '../analysis/transport-bound.js';
import type { TransportResult } from '../result/index.js';

const measure = (
  primitive: TransportResult['measures'][number]['primitive'],
  rate: number,
  cpuMsPerOp?: number,
) => ({
  primitive,
  ...(cpuMsPerOp === undefined ? {} : { cpuMsPerOp }),
  concurrency: 64,
  ops: rate * 2,
  seconds: 2,
  rate,
  p50Ms: 6.9,
  p99Ms: 17.6,
});
/** A benchmark of gRPC at 7,000/s and JetStream consume at 4,000/s, on 2 CPUs. */
export const TRANSPORT: TransportResult = {
  startedAt: '2025-03-14T10:02:11.000Z',
  measures: [measure('grpc-unary', 7000, 0.15), measure('jetstream-consume', 4000)],
  ceilings: {
    'grpc-unary': 7000,
    'nats-request': 30000,
    'jetstream-publish': 30000,
    'jetstream-consume': 4000,
    'bullmq-add': 30000,
    'bullmq-process': 15000,
  },
  cpuMsPerOp: {
    'grpc-unary': 0.15,
    'nats-request': 0.02,
    'jetstream-publish': 0.03,
    'jetstream-consume': 0.05,
    'bullmq-add': 0.05,
    'bullmq-process': 0.1,
  },
  cpus: 2,
  usesPerCheckout: USES_PER_CHECKOUT,
};
