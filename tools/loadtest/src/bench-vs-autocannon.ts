/**
 * `npm run bench:autocannon -w tools/loadtest`: the load tool's own ceiling
 * against autocannon's, on the same trivial endpoint of a running stack (GET
 * /livez of the async edge: no dependency asked, no order work), in one run:
 * the same connections and duration, one after the other, alternated. Then the
 * tool's open-loop pacer at 90 % of autocannon's rate: does it keep the
 * schedule (send lag p99) and is every request answered?
 */
import autocannon from 'autocannon';
import { startBrokers } from '@lab/brokers';
import { startStack } from '@lab/launcher';
import { EdgeClient } from './client.js';
import { runOpenLoop, schedule } from './pacer.js';
import { LatencyRecorder } from './stats.js';

const CONNECTIONS = 32;
const DURATION_S = 8;
const ROUNDS = 2;

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

async function paced(
  url: string,
  rate: number,
): Promise<{ achieved: number; lagP99: number; lagMax: number; p99: number }> {
  const client = new EdgeClient(url, 256);
  const lags = new LatencyRecorder();
  const latencies = new LatencyRecorder();
  const answers: Promise<void>[] = [];
  let done = 0;
  for (const lag of await runOpenLoop(schedule(rate, DURATION_S), (_i, intendedAt) => {
    answers.push(
      client.get('/livez').then((status) => {
        if (status === 200) done++;
        latencies.record(performance.now() - intendedAt);
      }),
    );
  }))
    lags.record(lag);
  await Promise.all(answers);
  await client.close();
  const lag = lags.summary();
  const result = {
    achieved: done / DURATION_S,
    lagP99: lag.p99,
    lagMax: lag.max,
    p99: latencies.summary().p99,
  };
  lags.destroy();
  latencies.destroy();
  return result;
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
  const target = Math.round(0.9 * (auto.reduce((x, y) => x + y, 0) / auto.length));
  const p = await paced(stack.url, target);
  console.log(
    `open loop at ${target}/s (90 % of autocannon's rate) for ${DURATION_S} s: answered ${p.achieved.toFixed(0)}/s, send lag p99 ${p.lagP99.toFixed(3)} ms (max ${p.lagMax.toFixed(2)} ms), latency p99 ${p.p99.toFixed(2)} ms`,
  );
} finally {
  await stack.stop();
  await brokers.stop();
}
