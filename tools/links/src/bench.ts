/**
 * `npm run bench:links [-- ROUNDS MB]`: what one link hop costs with no
 * toxic. This process runs only the proxy (as a launcher does); a peer
 * process runs the echo server, the sink and the client, and times
 * 64-byte and 4 KB round trips directly and through the proxy, alternated
 * in blocks so drift hits both alike, then streams MB megabytes each way.
 * Prints added p50/p99 per hop, the proxy's CPU per round trip and per MB.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PeerAnswer, PeerRequest } from './bench-peer.js';
import { LinkProxy } from './link-proxy.js';

const rounds = Number(process.argv[2] ?? 10);
const megabytes = Number(process.argv[3] ?? 512);
const BLOCK = 1000;
const SIZES = [64, 4096];
const BUFFER_BYTES = 1 << 20;

const peer = fork(fileURLToPath(new URL('./bench-peer.js', import.meta.url)), [], {
  stdio: 'inherit',
});
const answers: PeerAnswer[] = [];
let wake: () => void = () => undefined;
peer.on('message', (m: PeerAnswer) => {
  answers.push(m);
  wake();
});
async function next<T extends PeerAnswer['type']>(type: T): Promise<PeerAnswer & { type: T }> {
  for (;;) {
    const i = answers.findIndex((a) => a.type === type);
    if (i >= 0) return answers.splice(i, 1)[0] as PeerAnswer & { type: T };
    await new Promise<void>((r) => (wake = r));
  }
}
const ask = <T extends PeerAnswer['type']>(request: PeerRequest & { type: T }) => {
  peer.send(request);
  return next(request.type);
};

const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

const { echoPort, sinkPort } = await next('servers');
const start = (port: number) =>
  LinkProxy.start({
    upstream: { host: '127.0.0.1', port },
    bufferBytes: BUFFER_BYTES,
    rng: Math.random,
  });
const [echo, sink] = await Promise.all([start(echoPort), start(sinkPort)]);

console.log(`link proxy, no toxic: ${rounds} alternated blocks of ${BLOCK} round trips per size`);
for (const size of SIZES) {
  await ask({ type: 'ping', port: echoPort, size, count: BLOCK });
  await ask({ type: 'ping', port: echo.address.port, size, count: BLOCK });
  const direct: number[] = [];
  const proxied: number[] = [];
  let proxyCpu = 0;
  for (let r = 0; r < rounds; r++) {
    direct.push(...(await ask({ type: 'ping', port: echoPort, size, count: BLOCK })).micros);
    const cpu = process.cpuUsage();
    proxied.push(
      ...(await ask({ type: 'ping', port: echo.address.port, size, count: BLOCK })).micros,
    );
    proxyCpu += cpuMs(cpu);
  }
  direct.sort((a, b) => a - b);
  proxied.sort((a, b) => a - b);
  const line = (q: number) =>
    `${pct(direct, q).toFixed(0)} → ${pct(proxied, q).toFixed(0)} µs (+${(pct(proxied, q) - pct(direct, q)).toFixed(0)})`;
  console.log(
    `  ${String(size).padStart(4)} B round trip: p50 ${line(0.5)}, p99 ${line(0.99)}; proxy CPU ${((proxyCpu * 1000) / proxied.length).toFixed(1)} µs per round trip`,
  );
}

const bytes = megabytes * 1_000_000;
const directMs = (await ask({ type: 'stream', port: sinkPort, bytes })).ms;
const cpu = process.cpuUsage();
const proxiedMs = (await ask({ type: 'stream', port: sink.address.port, bytes })).ms;
const used = cpuMs(cpu);
const rate = (ms: number) => ((megabytes * 1000) / ms).toFixed(0);
console.log(
  `  stream of ${megabytes} MB: ${rate(directMs)} MB/s direct, ${rate(proxiedMs)} MB/s through the proxy; proxy CPU ${(used / megabytes).toFixed(2)} ms per MB`,
);

peer.disconnect();
await Promise.all([echo.close(), sink.close()]);
