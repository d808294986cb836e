import { startBrokers } from '@lab/brokers';
import type { TransportResult } from '../result/index.js';
import { runTransportBenchmark, TRANSPORT_SECONDS } from '../bench/transport-benchmark.js';
import { PRIMITIVE_LABELS } from '../report/text/capacity-text.js';

/** `loadtest transport`: the benchmark alone, on brokers of its own. */
export async function transportCommand(quick: boolean): Promise<TransportResult> {
  const brokers = await startBrokers();
  try {
    return await runTransportBenchmark({
      natsUrl: brokers.nats!.url,
      redisUrl: brokers.redis!.url,
      brokerPids: [brokers.nats!.pid, brokers.redis!.pid],
      seconds: quick ? TRANSPORT_SECONDS.quick : TRANSPORT_SECONDS.full,
      onProgress: (line) => console.error(line),
    });
  } finally {
    await brokers.stop();
  }
}

/** A plain-text table of the measures. */
export function formatTransport(result: TransportResult): string {
  const rows = result.measures.map(
    (m) =>
      `${PRIMITIVE_LABELS[m.primitive].padEnd(48)} ×${String(m.concurrency).padEnd(4)} ${String(Math.round(m.rate)).padStart(7)}/s` +
      (m.p50Ms === null ? '' : `  p50 ${m.p50Ms.toFixed(2)} ms  p99 ${m.p99Ms!.toFixed(2)} ms`) +
      (m.cpuMsPerOp == null ? '' : `  CPU ${(m.cpuMsPerOp * 1000).toFixed(0)} µs/op`),
  );
  return ['transport ceilings (this machine, loopback):', ...rows].join('\n');
}
