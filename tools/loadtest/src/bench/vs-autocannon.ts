/**
 * `npm run bench:autocannon -w tools/loadtest`: the load tool against
 * autocannon on the same trivial endpoint of a running stack (GET /livez of
 * the async edge: no dependency asked, no order work), in one run. First the
 * closed loop, alternated rounds of the same connections and duration: the
 * rate each reaches and the CPU this process spends per answered request
 * (autocannon runs in-process, as a library; the stack runs in its own
 * processes). Then the tool's open loop (its sender thread, as scenarios run
 * it) at fixed rates and at shares of autocannon's rate: its CPU per answered
 * request and share of one core, and whether it keeps the schedule (send lag
 * p99).
 */
import autocannon from 'autocannon';
import { startBrokers } from '@lab/brokers';
import { startStack } from '@lab/launcher';
import { costRatio, cpuMsSince, pooledCost, type CpuCost, type CpuSample } from './cpu-cost.js';
import { EdgeClient } from '../load/edge-client.js';
import { schedule } from '../load/pacer.js';
import { PacedSender } from '../load/sender.js';
import { LatencyRecorder } from '../stats/latency-recorder.js';

const CONNECTIONS = 32;
const DURATION_S = 5;
const ROUNDS = 2;
/** Not measured in the open loop's lag and latency: connections and JIT, as a scenario's warm-up. */
const WARMUP_S = 1;
/** The open loop's fixed rates (/s): what a scenario's sender costs where scenarios run. */
const PACED_RATES = [500, 2000, 5000];
/** And its rates as shares of autocannon's: where does the schedule hold? */
const PACED_SHARES = [0.01, 0.1, 0.5, 0.9, 1];
const PATH = '/livez';
const MS_PER_S = 1000;

interface Closed extends CpuSample {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
}

async function ours(url: string): Promise<Closed> {
  const client = new EdgeClient(url, CONNECTIONS);
  const latencies = new LatencyRecorder();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + DURATION_S * MS_PER_S;
  let answered = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const at = performance.now();
        if ((await client.get(PATH)) === 200) answered++;
        latencies.record(performance.now() - at);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  await client.close();
  const s = latencies.summary();
  latencies.destroy();
  return { cpuMs, answered, wallMs, rate: answered / (wallMs / MS_PER_S), p50: s.p50, p99: s.p99 };
}

async function theirs(url: string): Promise<Closed> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const r = await autocannon({
    url: `${url}${PATH}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    pipelining: 1,
  });
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  const answered = r['2xx'];
  return {
    cpuMs,
    answered,
    wallMs,
    rate: answered / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
}

interface Paced extends CpuSample {
  readonly lagP99: number;
  readonly lagMax: number;
  readonly p99: number;
}

/** The open loop as scenarios run it: its own thread, the schedule at `rate` after a warm-up. */
async function paced(url: string, rate: number): Promise<Paced> {
  const warmupMs = WARMUP_S * MS_PER_S;
  const intended = schedule(rate, WARMUP_S + DURATION_S);
  const sender = await PacedSender.start({
    url,
    // Headroom over the closed loop's: an open loop does not wait for a free connection.
    connections: 2 * CONNECTIONS,
    intended,
    request: { kind: 'get', path: PATH },
    steadyFromMs: warmupMs,
    steadyToMs: (WARMUP_S + DURATION_S) * MS_PER_S,
  });
  const lags = new LatencyRecorder();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const all = await sender.go(started);
  all.forEach((lag, i) => {
    if (intended[i]! >= warmupMs) lags.record(lag);
  });
  while (sender.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  const { latency, statuses } = await sender.finish();
  const lag = lags.summary();
  lags.destroy();
  const answered = statuses?.['200'] ?? 0;
  return { cpuMs, answered, wallMs, lagP99: lag.p99, lagMax: lag.max, p99: latency?.p99 ?? 0 };
}

const perRequest = (c: CpuCost) => (c.msPerRequest === null ? 'n/a' : c.msPerRequest.toFixed(4));
const describeRound = (name: string, c: Closed) =>
  `${name} ${c.rate.toFixed(0)}/s, ${perRequest(pooledCost([c]))} ms CPU/request (p50 ${c.p50.toFixed(2)} ms, p99 ${c.p99.toFixed(2)} ms)`;

/** Alternated closed-loop rounds; returns autocannon's mean rate. */
async function closedLoops(url: string): Promise<number> {
  const mine: Closed[] = [];
  const auto: Closed[] = [];
  console.log(
    `GET ${PATH} of the async edge, closed loop, ${CONNECTIONS} connections, ${DURATION_S} s each, alternated:`,
  );
  for (let n = 1; n <= ROUNDS; n++) {
    // Who goes first alternates too: neither always meets a freshly warmed edge.
    const pair =
      n % 2 ? [await theirs(url), await ours(url)] : [await ours(url), await theirs(url)].reverse();
    auto.push(pair[0]!);
    mine.push(pair[1]!);
    console.log(
      `  round ${n}: ${describeRound('autocannon', pair[0]!)} · ${describeRound('loadtest', pair[1]!)}`,
    );
  }
  const rate = (xs: Closed[]) => xs.reduce((a, c) => a + c.rate, 0) / xs.length;
  const [a, m] = [pooledCost(auto), pooledCost(mine)];
  console.log(`  loadtest ÷ autocannon request rate: ${(rate(mine) / rate(auto)).toFixed(2)}`);
  console.log(
    `  CPU per answered request: loadtest ${perRequest(m)} ms, autocannon ${perRequest(a)} ms, loadtest ÷ autocannon ${costRatio(m, a)?.toFixed(2) ?? 'n/a'}`,
  );
  return rate(auto);
}

async function openLoops(url: string, autoRate: number): Promise<void> {
  const rates = [
    ...PACED_RATES.map((r) => ({ rate: r, label: '' })),
    ...PACED_SHARES.map((s) => ({
      rate: Math.round(s * autoRate),
      label: ` (${Math.round(s * 100)} % of autocannon's rate)`,
    })),
  ];
  console.log(`open loop (sender thread), ${DURATION_S} s after ${WARMUP_S} s of warm-up:`);
  for (const { rate, label } of rates) {
    const p = await paced(url, rate);
    const c = pooledCost([p]);
    console.log(
      `  ${rate}/s${label}: answered ${(p.answered / (p.wallMs / MS_PER_S)).toFixed(0)}/s, CPU ${perRequest(c)} ms/request = ${(100 * c.coreShare).toFixed(1)} % of a core, send lag p99 ${p.lagP99.toFixed(3)} ms (max ${p.lagMax.toFixed(2)} ms), latency p99 ${p.p99.toFixed(2)} ms`,
    );
  }
}

const brokers = await startBrokers();
const stack = await startStack('async', { env: brokers.env, settings: { LAB_LOG_LEVEL: 'error' } });
try {
  await openLoops(stack.url, await closedLoops(stack.url));
} finally {
  await stack.stop();
  await brokers.stop();
}
