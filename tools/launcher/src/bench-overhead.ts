/**
 * `npm run bench:overhead -w tools/launcher [-- N]`: the stack's own cost on
 * top of the simulated latency. Starts brokers and the sync stack (compiled
 * JavaScript, seed profile, timeScale 1), sends N sequential checkouts, and
 * prints the latency percentiles and their excess over the article's 3.65 s.
 */
import { startBrokers } from '@lab/brokers';
import { CHECKOUT_STEPS, TEST_CARDS, regularSku, seedTotalMs } from '@lab/domain';
import { startStack } from './stacks.js';

const count = Number(process.argv[2] ?? 20);
const floor = seedTotalMs(CHECKOUT_STEPS);
const brokers = await startBrokers();
const stack = await startStack('sync', {
  env: brokers.env,
  settings: { LAB_TIME_SCALE: 1, LAB_PROFILE: 'seed' },
});
const body = JSON.stringify({
  customerId: 'bench',
  email: 'bench@example.com',
  items: [{ sku: regularSku(1), quantity: 1 }],
  card: { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '123' },
});
const send = async () => {
  const started = performance.now();
  const res = await fetch(`${stack.url}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await res.text();
  if (res.status !== 200) throw new Error(`checkout answered ${res.status}`);
  return performance.now() - started;
};
try {
  await send(); // warm-up: connections and JIT, not counted
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) latencies.push(await send());
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const fmt = (ms: number) =>
    `${ms.toFixed(1)} ms (+${(ms - floor).toFixed(1)} ms, +${(((ms - floor) / floor) * 100).toFixed(2)}%)`;
  console.log(
    `sync checkout, seed profile, timeScale 1, ${count} sequential (simulated floor ${floor} ms)`,
  );
  console.log(`  p50 ${fmt(at(0.5))}`);
  console.log(`  p90 ${fmt(at(0.9))}`);
  console.log(`  max ${fmt(latencies.at(-1)!)}`);
} finally {
  await stack.stop();
  await brokers.stop();
}
