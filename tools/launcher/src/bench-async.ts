/**
 * `npm run bench:async -w tools/launcher [-- N M]`: the async stack's accept
 * latency over N sequential checkouts (timeScale 0.01, so the saga behind
 * does not slow the edge), then its completion latency at the seed profile
 * (timeScale 1) over M sequential checkouts: accept, confirmed (from the
 * order's server-sent events), and every effect applied.
 */
import { Redis } from 'ioredis';
import { startBrokers, waitUntil } from '@lab/brokers';
import { CONFIRMED_ORDER_EFFECTS, TEST_CARDS, regularSku } from '@lab/domain';
import { EffectsLedger } from '@lab/ledger';
import { startStack } from './stacks.js';

const acceptCount = Number(process.argv[2] ?? 1000);
const completeCount = Number(process.argv[3] ?? 10);
const body = JSON.stringify({
  customerId: 'bench',
  email: 'bench@example.com',
  items: [{ sku: regularSku(1), quantity: 1 }],
  card: { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '123' },
});

const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${pct(s, 0.5).toFixed(2)} ms, p99 ${pct(s, 0.99).toFixed(2)} ms, max ${s.at(-1)!.toFixed(2)} ms (n=${s.length})`;
};

async function accept(url: string): Promise<{ orderId: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const answer = (await res.json()) as { orderId: string };
  if (res.status !== 202) throw new Error(`checkout answered ${res.status}`);
  return { orderId: answer.orderId, ms: performance.now() - started };
}

const brokers = await startBrokers();
const redis = new Redis(brokers.redis!.url);
try {
  const fast = await startStack('async', { env: brokers.env, settings: { LAB_TIME_SCALE: 0.01 } });
  try {
    for (let i = 0; i < 50; i++) await accept(fast.url); // warm-up
    const latencies: number[] = [];
    for (let i = 0; i < acceptCount; i++) latencies.push((await accept(fast.url)).ms);
    console.log(`async accept, ${acceptCount} sequential, compiled JS: ${summary(latencies)}`);
  } finally {
    await fast.stop();
  }

  const seed = await startStack('async', {
    env: brokers.env,
    settings: { LAB_TIME_SCALE: 1, LAB_PROFILE: 'seed' },
  });
  try {
    const ledger = new EffectsLedger(redis, 'async');
    const accepted: number[] = [];
    const confirmed: number[] = [];
    const complete: number[] = [];
    await accept(seed.url);
    for (let i = 0; i < completeCount; i++) {
      const started = performance.now();
      const { orderId, ms } = await accept(seed.url);
      accepted.push(ms);
      await (await fetch(`${seed.url}/orders/${orderId}/events`)).text(); // ends at a terminal status
      confirmed.push(performance.now() - started);
      await waitUntil(
        async () => {
          const counts = await ledger.countsOf(orderId);
          return CONFIRMED_ORDER_EFFECTS.every((e) => counts[e] === 1);
        },
        { timeoutMs: 30_000, intervalMs: 5, what: `effects of ${orderId}` },
      );
      complete.push(performance.now() - started);
    }
    console.log(`async at the seed profile (timeScale 1), ${completeCount} sequential:`);
    console.log(`  accepted  ${summary(accepted)}`);
    console.log(`  confirmed ${summary(confirmed)}   (critical path 2450 ms simulated)`);
    console.log(
      `  complete  ${summary(complete)}   (all effects; background steps run in parallel, longest 500 ms)`,
    );
  } finally {
    await seed.stop();
  }
} finally {
  redis.disconnect();
  await brokers.stop();
}
