/**
 * The transport benchmark: the raw ceilings the stacks are built on, measured
 * on the same brokers and in the same run as the stacks. Every primitive runs
 * between this process and a peer process (transport-peer.ts), as between two
 * services: grpc-js unary calls to handlers that do nothing, NATS
 * request/reply to an echo, JetStream publish with the stream's ack and a
 * durable consumer's ack-confirmed consumption, BullMQ add and a worker's
 * processing of jobs that do nothing.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AckPolicy, connect, RetentionPolicy, StorageType, type NatsConnection } from 'nats';
import { ManagedProcess, waitUntil } from '@lab/brokers';
import { cheaperAsyncResourceBind, serviceOf } from '@lab/transport-grpc';
import { cheapCancelledErrors } from '@lab/transport-nats';
import {
  PRIMITIVES,
  type Primitive,
  type TransportMeasure,
  type TransportResult,
} from '../result/index.js';
import { batch, closedLoop, cpuMeter, type CpuMeter } from './closed-loop.js';

/** Seconds each closed-loop measure of the transport benchmark runs. */
export const TRANSPORT_SECONDS = { full: 2, quick: 0.5 } as const;

export interface TransportOptions {
  readonly natsUrl: string;
  readonly redisUrl: string;
  /** Seconds each closed-loop measure runs (after a short warm-up). */
  readonly seconds: number;
  /** gRPC concurrencies tried; the others use the largest. */
  readonly concurrencies?: readonly number[];
  /** The brokers' processes: their CPU counts in each measure's cost, with this process's and the peer's. */
  readonly brokerPids?: readonly (number | undefined)[];
  readonly onProgress?: (line: string) => void;
}

// Compiled JavaScript, as every process the tool starts; found from src/ (tests) and dist/ alike.
const PEER_SCRIPT = fileURLToPath(new URL('../../dist/bench/transport-peer.js', import.meta.url));
const STREAM = 'LAB_TRANSPORT_BENCH';
const SUBJECT = 'lab-transport-bench.msg';
const QUEUE = 'lab-transport-bench';
const PREFIX = 'lab-transport-bench';
const DEFAULT_CONCURRENCIES = [1, 16, 64];
/** The peer's consumer and worker take this many messages or jobs at once. */
const DRAIN_CONCURRENCY = 256;
const PEER_START_TIMEOUT_MS = 15_000;
/** Each call's own deadline: far above any latency the benchmark sees. */
const CALL_TIMEOUT_MS = 5000;
/** The peer drains a whole phase's backlog in one request. */
const DRAIN_TIMEOUT_MS = 120_000;
const NS_PER_MS = 1e6;
const DUPLICATE_WINDOW_MS = 120_000;
const ACK_WAIT_MS = 30_000;
const MAX_ACK_PENDING = 1000;

/** What every measure of one benchmark shares. */
interface Bench {
  readonly options: TransportOptions;
  readonly peer: ManagedProcess;
  readonly cpu: CpuMeter;
  readonly add: (m: TransportMeasure) => void;
  /** Has the peer drain what a phase left (`what` names it in an error); resolves with how long it took. */
  readonly drain: (what: string, command: Record<string, unknown>) => Promise<{ ms: number }>;
}

/** The order a request of the critical path carries: what every primitive sends. */
const ORDER = {
  requestId: 'ord_0123456789:validate',
  orderId: 'ord_0123456789',
  cardRef: { token: `tok_${'0'.repeat(32)}`, last4: '4242', brand: 'visa' },
  amountCents: '4999',
};

/** Starts the peer process and resolves with it and its gRPC port once it says it is ready. */
async function startPeer(
  options: TransportOptions,
): Promise<{ peer: ManagedProcess; grpcPort: number }> {
  let ready: { grpcPort: number } | undefined;
  const peer = new ManagedProcess({
    name: 'transport-peer',
    command: process.execPath,
    args: [PEER_SCRIPT],
    env: { ...process.env, NATS_URL: options.natsUrl, REDIS_URL: options.redisUrl },
    ipc: true,
    onOutput: (line) => {
      const m = /^peer ready (.*)$/.exec(line);
      if (m) ready = JSON.parse(m[1]!) as { grpcPort: number };
    },
  });
  peer.start();
  try {
    await waitUntil(async () => ready !== undefined, {
      timeoutMs: PEER_START_TIMEOUT_MS,
      what: 'the transport peer',
      abandon: () => peer.exited,
    });
  } catch (error) {
    await peer.stop();
    throw error;
  }
  if (!ready) throw new Error('the transport peer did not start');
  return { peer, grpcPort: ready.grpcPort };
}

/** gRPC: the payment service's ValidatePayment, with the request the critical path sends. */
async function measureGrpc(b: Bench, grpcPort: number): Promise<void> {
  const Ctor = serviceOf('payment');
  cheaperAsyncResourceBind(); // as the stacks' gRPC clients (libs/transport-grpc)
  const client = new Ctor(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
  const call = client as unknown as Record<
    string,
    (req: unknown, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void) => void
  >;
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      call['validatePayment']!(ORDER, { deadline: Date.now() + CALL_TIMEOUT_MS }, (e) =>
        e ? reject(e) : resolve(),
      );
      Error.stackTraceLimit = limit;
    });
  try {
    for (const c of b.options.concurrencies ?? DEFAULT_CONCURRENCIES)
      b.add(await closedLoop('grpc-unary', c, b.options.seconds, b.cpu, once));
  } finally {
    client.close();
  }
}

/** NATS request/reply, then JetStream: a file-backed stream like the stacks', publish with a msg id, then drain it. */
async function measureNats(b: Bench, nc: NatsConnection, wide: number): Promise<void> {
  const { seconds } = b.options;
  const payload = new TextEncoder().encode(JSON.stringify({ order: ORDER }));
  b.add(
    await closedLoop('nats-request', wide, seconds, b.cpu, () =>
      nc.request('transport.echo', payload, { timeout: CALL_TIMEOUT_MS }),
    ),
  );
  const jsm = await nc.jetstreamManager();
  await jsm.streams.delete(STREAM).catch(() => undefined);
  await jsm.streams.add({
    name: STREAM,
    subjects: [SUBJECT],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: DUPLICATE_WINDOW_MS * NS_PER_MS,
  });
  const js = nc.jetstream();
  b.add(
    await closedLoop('jetstream-publish', wide, seconds, b.cpu, (i) =>
      js.publish(SUBJECT, payload, { msgID: `m${i}`, timeout: CALL_TIMEOUT_MS }),
    ),
  );
  const count = (await jsm.streams.info(STREAM)).state.messages;
  await jsm.consumers.add(STREAM, {
    durable_name: 'peer',
    ack_policy: AckPolicy.Explicit,
    ack_wait: ACK_WAIT_MS * NS_PER_MS,
    max_ack_pending: MAX_ACK_PENDING,
  });
  const cpuBefore = b.cpu();
  const consumed = await b.drain('JetStream consume', { type: 'consume', name: STREAM, count });
  b.add(batch('jetstream-consume', DRAIN_CONCURRENCY, count, consumed.ms, b.cpu() - cpuBefore));
  await jsm.streams.delete(STREAM);
}

/** BullMQ: add with a job id (the stacks' dedup key), then one worker drains the queue. */
async function measureBullmq(b: Bench, wide: number): Promise<void> {
  const redis = new Redis(b.options.redisUrl, { maxRetriesPerRequest: 1 });
  const queue = new Queue(QUEUE, { connection: redis, prefix: PREFIX });
  try {
    await queue.obliterate({ force: true });
    b.add(
      await closedLoop('bullmq-add', wide, b.options.seconds, b.cpu, (i) =>
        queue.add('job', { order: ORDER }, { jobId: `j${i}`, removeOnComplete: true }),
      ),
    );
    const jobs = await queue.count();
    const cpuBefore = b.cpu();
    const processed = await b.drain('BullMQ processing', {
      type: 'process',
      name: QUEUE,
      prefix: PREFIX,
      count: jobs,
    });
    b.add(batch('bullmq-process', DRAIN_CONCURRENCY, jobs, processed.ms, b.cpu() - cpuBefore));
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/** The best rate of each primitive over its measures, and the CPU cost of the measure that set it. */
export function ceilingsOf(
  measures: readonly TransportMeasure[],
): Pick<TransportResult, 'ceilings' | 'cpuMsPerOp'> {
  const best = (p: Primitive) =>
    measures
      .filter((m) => m.primitive === p)
      .reduce<TransportMeasure | undefined>((a, m) => (a && a.rate >= m.rate ? a : m), undefined);
  const ceilings = Object.fromEntries(PRIMITIVES.map((p) => [p, best(p)?.rate ?? 0]));
  const cpuMsPerOp = Object.fromEntries(PRIMITIVES.map((p) => [p, best(p)?.cpuMsPerOp ?? null]));
  return {
    ceilings: ceilings as Record<Primitive, number>,
    cpuMsPerOp: cpuMsPerOp as Record<Primitive, number | null>,
  };
}

/** Measures every primitive once, in this order, and stops what it started. */
export async function runTransportBenchmark(options: TransportOptions): Promise<TransportResult> {
  const startedAt = new Date().toISOString();
  const wide = Math.max(...(options.concurrencies ?? DEFAULT_CONCURRENCIES));
  const say = options.onProgress ?? (() => undefined);
  const { peer, grpcPort } = await startPeer(options);
  const measures: TransportMeasure[] = [];
  const b: Bench = {
    options,
    peer,
    cpu: cpuMeter(() => [peer.pid, ...(options.brokerPids ?? [])]),
    add: (m) => {
      measures.push(m);
      say(`transport · ${m.primitive} ×${m.concurrency}: ${Math.round(m.rate)}/s`);
    },
    drain: async (what, command) => {
      const done = await peer.request<{ ok: boolean; ms: number; error?: string }>(
        { ...command, concurrency: DRAIN_CONCURRENCY },
        DRAIN_TIMEOUT_MS,
      );
      if (!done.ok) throw new Error(`${what} failed: ${done.error}`);
      return done;
    },
  };
  let nc: NatsConnection | undefined;
  try {
    await measureGrpc(b, grpcPort);
    // Tuned as the stacks' clients are (libs/transport-nats, libs/transport-grpc).
    cheapCancelledErrors();
    nc = await connect({ servers: options.natsUrl, name: 'transport-bench', noAsyncTraces: true });
    await measureNats(b, nc, wide);
    await measureBullmq(b, wide);
  } finally {
    await nc?.close();
    await peer.stop();
  }
  return { startedAt, measures, ...ceilingsOf(measures), cpus: availableParallelism() };
}
