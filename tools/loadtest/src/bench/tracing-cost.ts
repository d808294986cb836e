/**
 * `npm run bench:tracing -w tools/loadtest [-- N ROUNDS VARIANTS]`: what
 * tracing adds to the stack's own time. Per variant, N sequential checkouts
 * with no simulated latency (seed profile, time scale 0), on fresh stacks
 * with tracing off and on (every order traced, to the tool's collector),
 * alternated ROUNDS times; prints each run's answer p50 and the medians.
 * The report's own figure is seed-checkout's (its traced runs, at 50/s).
 */
import { startBrokers } from '@lab/brokers';
import { CHECKOUT_STEPS, TEST_CARDS, VARIANTS, regularSku, type Variant } from '@lab/domain';
import { startStack } from '@lab/launcher';
import { startSpanCollector } from '../probes/span-collector.js';

const count = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 3);
const variants = (process.argv[4]?.split(',') ?? VARIANTS) as Variant[];
/** Checkouts first, not counted: connections and JIT. */
const WARMUP = 30;
const COLLECTOR = { maxSpans: 2_000_000, bodyLimitBytes: 16 * 1024 * 1024 };
const EXPORT_DELAY_MS = 250;

const body = JSON.stringify({
  customerId: 'bench',
  email: 'bench@example.com',
  items: [{ sku: regularSku(1), quantity: 1 }],
  card: { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '123' },
});

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function answerP50(url: string): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < WARMUP + count; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await res.text();
    if (res.status >= 300) throw new Error(`checkout answered ${res.status}`);
    if (i >= WARMUP) latencies.push(performance.now() - started);
  }
  return median(latencies);
}

const collector = await startSpanCollector(COLLECTOR);
const brokers = await startBrokers();
try {
  console.log(
    `${count} sequential checkouts per run, no simulated latency (${CHECKOUT_STEPS.length} steps at 0 ms)`,
  );
  for (const variant of variants) {
    const runs = { off: [] as number[], on: [] as number[] };
    for (let round = 1; round <= rounds; round++) {
      for (const traced of [false, true]) {
        const tracing: Record<string, string | number> = traced
          ? {
              LAB_TRACING: 'otlp',
              LAB_OTLP_ENDPOINT: collector.endpoint,
              LAB_TRACE_EXPORT_DELAY_MS: EXPORT_DELAY_MS,
            }
          : {};
        const stack = await startStack(variant, {
          env: brokers.env,
          settings: { LAB_PROFILE: 'seed', LAB_TIME_SCALE: 0, LAB_LOG_LEVEL: 'error', ...tracing },
        });
        try {
          runs[traced ? 'on' : 'off'].push(await answerP50(stack.url));
        } finally {
          await stack.stop();
          collector.clear();
        }
      }
    }
    const [off, on] = [median(runs.off), median(runs.on)];
    const each = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
    console.log(
      `${variant}: answer p50 untraced ${off.toFixed(2)} ms (${each(runs.off)}), traced ${on.toFixed(2)} ms (${each(runs.on)}): ` +
        `+${(on - off).toFixed(2)} ms (${(((on - off) / off) * 100).toFixed(1)} %)`,
    );
  }
} finally {
  await brokers.stop();
  await collector.close();
}
