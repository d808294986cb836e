/**
 * `npm run bench:autocannon -w tools/loadtest`: the load tool's own ceiling
 * against autocannon's, on the same endpoint of a running stack (GET /healthz
 * of the async edge: Redis and NATS checks, no order work), in one run: the
 * same connections and duration, one after the other, alternated.
 */
import autocannon from 'autocannon';
import { startBrokers } from '@lab/brokers';
import { startStack } from '@lab/launcher';
import { EdgeClient } from './client.js';
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
        if ((await client.get('/healthz')) === 200) done++;
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
    url: `${url}/healthz`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    pipelining: 1,
  });
  return { rate: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
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
    `GET /healthz of the async edge, ${CONNECTIONS} connections, ${DURATION_S} s each, alternated:`,
  );
  console.log(rows.join('\n'));
  console.log(`  loadtest ÷ autocannon request rate: ${ratio.toFixed(2)}`);
} finally {
  await stack.stop();
  await brokers.stop();
}
