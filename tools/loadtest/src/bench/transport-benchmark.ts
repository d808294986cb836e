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
import { readProcess } from '../probes/cost-meter.js';
import type { Primitive, TransportMeasure, TransportResult } from '../result/index.js';
import { LatencyRecorder } from '../stats/latency-recorder.js';
import { PRIMITIVE_LABELS } from '../analysis/transport-bound.js';

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

/** CPU seconds (user + system) of every process a measure involves, so far. */
type CpuMeter = () => number;

function cpuMeter(pids: () => readonly (number | undefined)[]): CpuMeter {
  return () => {
    const own = process.cpuUsage();
    let cpuS = (own.user + own.system) / 1e6;
    for (const pid of pids()) if (pid) cpuS += readProcess(pid)?.cpuS ?? 0;
    return cpuS;
  };
}

/** Runs `op` from `concurrency` loops for `seconds` after a warm-up; each op is timed. */
async function closedLoop(
  primitive: Primitive,
  concurrency: number,
  seconds: number,
  cpu: CpuMeter,
  op: (i: number) => Promise<unknown>,
): Promise<TransportMeasure> {
  let index = 0;
  const run = async (until: number, latency?: LatencyRecorder) => {
    let ops = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const at = performance.now();
          await op(index++);
          latency?.record(performance.now() - at);
          ops++;
        }
      }),
    );
    return ops;
  };
  await run(performance.now() + Math.min(500, seconds * 250));
  const latency = new LatencyRecorder();
  const cpuBefore = cpu();
  const started = performance.now();
  const ops = await run(started + seconds * 1000, latency);
  const elapsed = (performance.now() - started) / 1000;
  const cpuS = cpu() - cpuBefore;
  const s = latency.summary();
  latency.destroy();
  return {
    primitive,
    concurrency,
    ops,
    seconds: elapsed,
    rate: ops / elapsed,
    p50Ms: s.p50,
    p99Ms: s.p99,
    cpuMsPerOp: ops > 0 ? (cpuS * 1000) / ops : null,
  };
}

function batch(
  primitive: Primitive,
  concurrency: number,
  ops: number,
  ms: number,
  cpuS: number,
): TransportMeasure {
  return {
    primitive,
    concurrency,
    ops,
    seconds: ms / 1000,
    rate: ops / (ms / 1000),
    p50Ms: null,
    p99Ms: null,
    cpuMsPerOp: ops > 0 ? (cpuS * 1000) / ops : null,
  };
}

/** Measures every primitive once, in this order, and stops what it started. */
export async function runTransportBenchmark(options: TransportOptions): Promise<TransportResult> {
  const startedAt = new Date().toISOString();
  const concurrencies = options.concurrencies ?? [1, 16, 64];
  const wide = Math.max(...concurrencies);
  const say = options.onProgress ?? (() => undefined);
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
  const cpu = cpuMeter(() => [peer.pid, ...(options.brokerPids ?? [])]);
  let nc: NatsConnection | undefined;
  let client: grpc.Client | undefined;
  let queue: Queue | undefined;
  let redis: Redis | undefined;
  const measures: TransportMeasure[] = [];
  const add = (m: TransportMeasure) => {
    measures.push(m);
    say(`transport · ${m.primitive} ×${m.concurrency}: ${Math.round(m.rate)}/s`);
  };
  try {
    await waitUntil(async () => ready !== undefined, {
      timeoutMs: 15_000,
      what: 'the transport peer',
      abandon: () => peer.exited,
    });
    if (!ready) throw new Error('the transport peer did not start');

    // gRPC: the payment service's ValidatePayment, with the request the critical path sends.
    const Ctor = serviceOf('payment');
    cheaperAsyncResourceBind(); // as the stacks' gRPC clients (libs/transport-grpc)
    client = new Ctor(`127.0.0.1:${ready.grpcPort}`, grpc.credentials.createInsecure());
    const call = client as unknown as Record<
      string,
      (req: unknown, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void) => void
    >;
    const request = {
      requestId: 'ord_0123456789:validate',
      orderId: 'ord_0123456789',
      cardRef: { token: `tok_${'0'.repeat(32)}`, last4: '4242', brand: 'visa' },
      amountCents: '4999',
    };
    for (const c of concurrencies) {
      add(
        await closedLoop(
          'grpc-unary',
          c,
          options.seconds,
          cpu,
          () =>
            new Promise<void>((resolve, reject) => {
              const limit = Error.stackTraceLimit;
              Error.stackTraceLimit = 0;
              call['validatePayment']!(request, { deadline: Date.now() + 5000 }, (e) =>
                e ? reject(e) : resolve(),
              );
              Error.stackTraceLimit = limit;
            }),
        ),
      );
    }

    // Tuned as the stacks' clients are (libs/transport-nats, libs/transport-grpc).
    cheapCancelledErrors();
    nc = await connect({ servers: options.natsUrl, name: 'transport-bench', noAsyncTraces: true });
    const payload = new TextEncoder().encode(JSON.stringify({ order: request }));
    const conn = nc;
    add(
      await closedLoop('nats-request', wide, options.seconds, cpu, () =>
        conn.request('transport.echo', payload, { timeout: 5000 }),
      ),
    );

    // JetStream: a file-backed stream like the stacks', publish with a msg id, then drain it.
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(STREAM).catch(() => undefined);
    await jsm.streams.add({
      name: STREAM,
      subjects: [SUBJECT],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: 120_000_000_000,
    });
    const js = nc.jetstream();
    const published = await closedLoop('jetstream-publish', wide, options.seconds, cpu, (i) =>
      js.publish(SUBJECT, payload, { msgID: `m${i}`, timeout: 5000 }),
    );
    add(published);
    const count = (await jsm.streams.info(STREAM)).state.messages;
    await jsm.consumers.add(STREAM, {
      durable_name: 'peer',
      ack_policy: AckPolicy.Explicit,
      ack_wait: 30_000_000_000,
      max_ack_pending: 1000,
    });
    let cpuBefore = cpu();
    const consumed = await peer.request<{ ok: boolean; ms: number; error?: string }>(
      { type: 'consume', name: STREAM, count, concurrency: 256 },
      120_000,
    );
    if (!consumed.ok) throw new Error(`JetStream consume failed: ${consumed.error}`);
    add(batch('jetstream-consume', 256, count, consumed.ms, cpu() - cpuBefore));
    await jsm.streams.delete(STREAM);

    // BullMQ: add with a job id (the stacks' dedup key), then one worker drains the queue.
    redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
    queue = new Queue(QUEUE, { connection: redis, prefix: PREFIX });
    await queue.obliterate({ force: true });
    const q = queue;
    const added = await closedLoop('bullmq-add', wide, options.seconds, cpu, (i) =>
      q.add('job', { order: request }, { jobId: `j${i}`, removeOnComplete: true }),
    );
    add(added);
    const jobs = await queue.count();
    cpuBefore = cpu();
    const processed = await peer.request<{ ok: boolean; ms: number; error?: string }>(
      { type: 'process', name: QUEUE, prefix: PREFIX, count: jobs, concurrency: 256 },
      120_000,
    );
    if (!processed.ok) throw new Error(`BullMQ processing failed: ${processed.error}`);
    add(batch('bullmq-process', 256, jobs, processed.ms, cpu() - cpuBefore));
    await queue.obliterate({ force: true });
  } finally {
    client?.close();
    await queue?.close();
    redis?.disconnect();
    await nc?.close();
    await peer.stop();
  }
  const best = (p: Primitive) =>
    measures
      .filter((m) => m.primitive === p)
      .reduce<TransportMeasure | undefined>((a, m) => (a && a.rate >= m.rate ? a : m), undefined);
  const primitives = Object.keys(PRIMITIVE_LABELS) as Primitive[];
  const ceilings = Object.fromEntries(primitives.map((p) => [p, best(p)?.rate ?? 0])) as Record<
    Primitive,
    number
  >;
  const cpuMsPerOp = Object.fromEntries(
    primitives.map((p) => [p, best(p)?.cpuMsPerOp ?? null]),
  ) as Record<Primitive, number | null>;
  return { startedAt, measures, ceilings, cpuMsPerOp, cpus: availableParallelism() };
}
