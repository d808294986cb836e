/**
 * The other end of `bench.ts`, in a process of its own: an echo server, a
 * sink, and the client that times round trips and streams bytes, directly
 * and through the proxy that `bench.ts` runs. Client and servers share
 * this process in both cases, so only the hop differs.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export type PeerRequest =
  | { readonly type: 'ping'; readonly port: number; readonly size: number; readonly count: number }
  | { readonly type: 'stream'; readonly port: number; readonly bytes: number };

export type PeerAnswer =
  | { readonly type: 'servers'; readonly echoPort: number; readonly sinkPort: number }
  | { readonly type: 'ping'; readonly micros: number[] }
  | { readonly type: 'stream'; readonly ms: number };

async function listen(onSocket: (s: Socket) => void): Promise<number> {
  const server = createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function open(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Round trips of `size` bytes, one at a time, each timed in microseconds. */
async function ping(port: number, size: number, count: number): Promise<number[]> {
  const socket = await open(port);
  const message = Buffer.alloc(size, 7);
  const micros: number[] = [];
  let got = 0;
  let done: () => void = () => undefined;
  socket.on('data', (chunk: Buffer) => {
    got += chunk.length;
    if (got >= size) done();
  });
  for (let i = 0; i < count; i++) {
    got = 0;
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      done = resolve;
      socket.write(message);
    });
    micros.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  socket.destroy();
  return micros;
}

/** Writes `bytes` as fast as the sink takes them; resolves once the sink has them all. */
async function stream(port: number, bytes: number, received: () => number): Promise<number> {
  const socket = await open(port);
  const chunk = Buffer.alloc(64 * 1024, 1);
  const start = received();
  const started = performance.now();
  let sent = 0;
  while (sent < bytes) {
    sent += chunk.length;
    if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
  }
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (received() - start >= sent) {
        clearInterval(check);
        resolve();
      }
    }, 1);
  });
  socket.destroy();
  return performance.now() - started;
}

let sunk = 0;
const echoPort = await listen((s) => s.on('data', (c: Buffer) => s.write(c)));
const sinkPort = await listen((s) => s.on('data', (c: Buffer) => (sunk += c.length)));
const send = (answer: PeerAnswer) => process.send!(answer);
send({ type: 'servers', echoPort, sinkPort });
process.on('message', (request: PeerRequest) => {
  if (request.type === 'ping')
    void ping(request.port, request.size, request.count).then((micros) =>
      send({ type: 'ping', micros }),
    );
  else
    void stream(request.port, request.bytes, () => sunk).then((ms) => send({ type: 'stream', ms }));
});
process.on('disconnect', () => process.exit(0));
