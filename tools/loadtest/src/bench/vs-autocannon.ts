/**
 * `npm run bench:autocannon -w tools/loadtest`: the load tool's own ceiling
 * against autocannon's, on the same trivial endpoint of a running stack (GET
 * /livez of the async edge: no dependency asked, no order work), in one run:
 * the same connections and duration, one after the other, alternated. Then the
 * tool's open loop (its sender thread, as scenarios run it) at 1 %, 10 %, 50 %,
 * 90 % and 100 % of autocannon's rate: does it keep the schedule (send lag
 * p99) and is every request answered?
 */
import autocannon from 'autocannon';
import { startBrokers } from '@lab/brokers';
import { startStack } from '@lab/launcher';
import { EdgeClient } from '../load/edge-client.js';
import { schedule } from '../load/pacer.js';
import { PacedSender } from '../load/sender.js';
import { LatencyRecorder } from '../stats/latency-recorder.js';

const CONNECTIONS = 32;
const DURATION_S = 8;
const ROUNDS = 2;
/** Not measured in the open loop: connections and JIT, as a scenario's warm-up. */
const WARMUP_S = 1;
/** The open loop's rates, as shares of autocannon's: where does the schedule hold? */
const PACED_SHARES = [0.01, 0.1, 0.5, 0.9, 1];

async function ours(url: string): Promise<{ rate: number; p50: number; p99: number }> {
  const client = new EdgeClient(url, CONNECTIONS);
  const latencies = new LatencyRecorder();
  const end = performance.now() + DURATION_S * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        if ((await client.get('/livez')) === 200) done++;
        latencies.record(performance.now() - started);
      }
    }),
  );
  await client.close();
  const s = latencies.summary();
  latencies.destroy();
  return { rate: done / DURATION_S, p50: s.p50, p99: s.p99 };
}

async function theirs(url: string): Promise<{ rate: number; p50: number; p99: number }> {
  const result = await autocannon({
    url: `${url}/livez`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    pipelining: 1,
  });
  return { rate: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** The open loop as scenarios run it: its own thread, the schedule at `rate` after a warm-up. */
async function paced(
  url: string,
  rate: number,
): Promise<{ achieved: number; lagP99: number; lagMax: number; p99: number }> {
  const warmupMs = WARMUP_S * 1000;
  const intended = schedule(rate, WARMUP_S + DURATION_S);
  const sender = await PacedSender.start({
    url,
    // Headroom over the closed loop's: an open loop does not wait for a free connection.
    connections: 2 * CONNECTIONS,
    intended,
    request: { kind: 'get', path: '/livez' },
    steadyFromMs: warmupMs,
    steadyToMs: (WARMUP_S + DURATION_S) * 1000,
  });
  const lags = new LatencyRecorder();
  const all = await sender.go(performance.now());
  all.forEach((lag, i) => {
    if (intended[i]! >= warmupMs) lags.record(lag);
  });
  while (sender.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  const { latency, statuses } = await sender.finish();
  const lag = lags.summary();
  lags.destroy();
  return {
    achieved: (statuses?.['200'] ?? 0) / (WARMUP_S + DURATION_S),
    lagP99: lag.p99,
    lagMax: lag.max,
    p99: latency?.p99 ?? 0,
  };
}

const brokers = await startBrokers();
const stack = await startStack('async', { env: brokers.env, settings: { LAB_LOG_LEVEL: 'error' } });
try {
  const rows: string[] = [];
  const mine: number[] = [];
  const auto: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const a = await theirs(stack.url);
    const b = await ours(stack.url);
    auto.push(a.rate);
    mine.push(b.rate);
    rows.push(
      `  round ${round}: autocannon ${a.rate.toFixed(0)}/s (p50 ${a.p50} ms, p99 ${a.p99} ms) · loadtest ${b.rate.toFixed(0)}/s (p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms)`,
    );
  }
  const ratio = mine.reduce((x, y) => x + y, 0) / auto.reduce((x, y) => x + y, 0);
  console.log(
    `GET /livez of the async edge, closed loop, ${CONNECTIONS} connections, ${DURATION_S} s each, alternated:`,
  );
  console.log(rows.join('\n'));
  console.log(`  loadtest ÷ autocannon request rate: ${ratio.toFixed(2)}`);
  const autoRate = auto.reduce((x, y) => x + y, 0) / auto.length;
  for (const share of PACED_SHARES) {
    const target = Math.round(share * autoRate);
    const p = await paced(stack.url, target);
    console.log(
      `open loop at ${target}/s (${Math.round(share * 100)} % of autocannon's rate) for ${DURATION_S} s after ${WARMUP_S} s of warm-up: answered ${p.achieved.toFixed(0)}/s, send lag p99 ${p.lagP99.toFixed(3)} ms (max ${p.lagMax.toFixed(2)} ms), latency p99 ${p.p99.toFixed(2)} ms`,
    );
  }
} finally {
  await stack.stop();
  await brokers.stop();
}
