/**
 * How the transport benchmark times a primitive: many loops calling it back
 * to back for a while (each call timed), or a batch drained by the peer
 * (only the whole timed), with the CPU every process involved spent on it.
 */
import type { Primitive, TransportMeasure } from '../result/index.js';
import { readProcess } from '../probes/cost-meter.js';
import { LatencyRecorder } from '../stats/latency-recorder.js';

const MS_PER_S = 1000;
const US_PER_S = 1e6;
/** The warm-up before a measure: a quarter of its length, at most this. */
const MAX_WARMUP_MS = 500;
const WARMUP_SHARE = 0.25;

/** CPU seconds (user + system) of every process a measure involves, so far. */
export type CpuMeter = () => number;

/** This process's CPU and that of the processes `pids` names (the peer, the brokers). */
export function cpuMeter(pids: () => readonly (number | undefined)[]): CpuMeter {
  return () => {
    const own = process.cpuUsage();
    let cpuS = (own.user + own.system) / US_PER_S;
    for (const pid of pids()) if (pid) cpuS += readProcess(pid)?.cpuS ?? 0;
    return cpuS;
  };
}

const perOp = (cpuS: number, ops: number) => (ops > 0 ? (cpuS * MS_PER_S) / ops : null);

/** Runs `op` from `concurrency` loops for `seconds` after a warm-up; each op is timed. */
export async function closedLoop(
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
  await run(performance.now() + Math.min(MAX_WARMUP_MS, seconds * MS_PER_S * WARMUP_SHARE));
  const latency = new LatencyRecorder();
  const cpuBefore = cpu();
  const started = performance.now();
  const ops = await run(started + seconds * MS_PER_S, latency);
  const elapsed = (performance.now() - started) / MS_PER_S;
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
    cpuMsPerOp: perOp(cpuS, ops),
  };
}

/** A batch of `ops` that took `ms` and cost `cpuS`: only its whole is timed. */
export function batch(
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
    seconds: ms / MS_PER_S,
    rate: ops / (ms / MS_PER_S),
    p50Ms: null,
    p99Ms: null,
    cpuMsPerOp: perOp(cpuS, ops),
  };
}
