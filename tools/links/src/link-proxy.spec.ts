import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connectClient,
  observe,
  proxyTo,
  startServer,
  until,
  type TestServer,
} from './fixtures/sockets.js';
import type { LinkProxy } from './link-proxy.js';

/** What a check that nothing arrives watches for. */
const QUIET_MS = 200;
/** Megabytes through the proxy on a busy machine take their time. */
const BULK_TIMEOUT_MS = 40_000;

let server: TestServer | undefined;
let proxy: LinkProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await server?.close();
  proxy = server = undefined;
});

async function echoThroughProxy(options: { echo?: boolean } = {}) {
  server = await startServer(options);
  proxy = await proxyTo(server.address);
  return { server, proxy };
}

describe('a link with no toxic', () => {
  it(
    'passes every byte both ways, in order, and half-closes like the peers do',
    async () => {
      const { proxy: p } = await echoThroughProxy();
      const client = await connectClient(p.address);
      const payload = randomBytes(4 << 20);
      client.socket.end(payload);
      await until(() => client.ended() === 'end', 'the echo and its end', 30_000);
      expect(client.data().equals(payload)).toBe(true);
      expect(p.counters).toMatchObject({ accepted: 1, bytesUp: payload.length, resets: 0 });
      expect(p.counters.bytesDown).toBe(payload.length);
    },
    BULK_TIMEOUT_MS,
  );

  it(
    'stops reading from a server while its client does not read (backpressure)',
    async () => {
      server = await startServer({ echo: false });
      proxy = await proxyTo(server.address, 64 * 1024);
      const client = await connectClient(proxy.address);
      client.socket.pause();
      await until(() => server!.sockets.length === 1, 'the upstream connection');
      const payload = randomBytes(32 << 20);
      server.sockets[0]!.write(payload);
      await observe(QUIET_MS);
      // Only socket buffers sit between them; without backpressure all 32 MB would be read.
      expect(proxy.counters.bytesDown).toBeLessThan(payload.length / 2);
      client.socket.resume();
      await until(() => client.bytes() === payload.length, 'all of it, once read', 30_000);
      expect(client.data().equals(payload)).toBe(true);
    },
    BULK_TIMEOUT_MS,
  );

  it('resets the client when the upstream refuses, and keeps serving', async () => {
    server = await startServer();
    const address = server.address;
    await server.close();
    server = undefined;
    proxy = await proxyTo(address);
    const client = await connectClient(proxy.address);
    await until(() => client.ended() !== undefined, 'the refused connection to end');
    expect(client.ended()).toBe('reset');
    expect(proxy.openConnections).toBe(0);
  });
});

describe('latency', () => {
  it('holds each chunk its time in the direction given, and keeps the order under jitter', async () => {
    const { proxy: p } = await echoThroughProxy();
    p.set({ down: { kind: 'latency', addMs: 60, jitterMs: 40 } });
    const client = await connectClient(p.address);
    const started = performance.now();
    const messages = Array.from({ length: 50 }, (_, i) => `${i};`);
    for (const m of messages) client.socket.write(m);
    await until(() => client.data().toString() === messages.join(''), 'every message, in order');
    expect(performance.now() - started).toBeGreaterThanOrEqual(20);
    // Cleared, a chunk goes at once: far sooner than the second it would wait otherwise.
    p.set({ down: { kind: 'latency', addMs: 1000, jitterMs: 0 } });
    p.set({});
    const again = performance.now();
    client.socket.write('x');
    await until(() => client.data().toString().endsWith('x'), 'the echo without latency');
    expect(performance.now() - again).toBeLessThan(1000);
  });

  it('adds its delay once per round trip on one direction, twice on both', async () => {
    const { proxy: p } = await echoThroughProxy();
    const client = await connectClient(p.address);
    const roundTrip = async (marker: string) => {
      const t = performance.now();
      client.socket.write(marker);
      await until(() => client.data().toString().endsWith(marker), `echo of ${marker}`);
      return performance.now() - t;
    };
    p.set({ up: { kind: 'latency', addMs: 50, jitterMs: 0 } });
    expect(await roundTrip('a')).toBeGreaterThanOrEqual(49);
    const latency = { kind: 'latency', addMs: 50, jitterMs: 0 } as const;
    p.set({ up: latency, down: latency });
    expect(await roundTrip('b')).toBeGreaterThanOrEqual(99);
  });
});

describe('bandwidth', () => {
  it('lets bytes through at the rate given', async () => {
    const { proxy: p } = await echoThroughProxy({ echo: false });
    p.set({ up: { kind: 'bandwidth', rateKBps: 500 } });
    const client = await connectClient(p.address);
    const started = performance.now();
    const payload = randomBytes(100_000);
    client.socket.write(payload);
    await until(
      () => Buffer.concat(server!.received).length === payload.length,
      'the bytes at 500 KB/s',
    );
    // 100 KB at 500 KB/s take 200 ms; the first chunk waits its own share too.
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(Buffer.concat(server!.received).equals(payload)).toBe(true);
  });
});

describe('blackhole', () => {
  it('swallows bytes and keeps the connection open, then resets a connection that lost any', async () => {
    const { server: s, proxy: p } = await echoThroughProxy();
    const client = await connectClient(p.address);
    const spared = await connectClient(p.address);
    p.set({ up: { kind: 'blackhole' }, down: { kind: 'blackhole' } });
    client.socket.write('lost');
    await until(() => p.counters.swallowedBytes === 4, 'the bytes to be swallowed');
    await observe(QUIET_MS);
    expect(s.received).toHaveLength(0);
    expect(client.ended()).toBeUndefined();
    p.set({});
    await until(() => client.ended() !== undefined, 'the holed connection to be reset');
    expect(client.ended()).toBe('reset');
    // The connection that lost nothing carries on.
    spared.socket.write('kept');
    await until(() => spared.data().toString() === 'kept', 'the untouched connection');
    expect(spared.ended()).toBeUndefined();
  });

  it('on one direction only: requests arrive, replies do not', async () => {
    const { server: s, proxy: p } = await echoThroughProxy();
    p.set({ down: { kind: 'blackhole' } });
    const client = await connectClient(p.address);
    client.socket.write('ping');
    await until(() => Buffer.concat(s.received).toString() === 'ping', 'the request upstream');
    await until(() => p.counters.swallowedBytes === 4, 'the reply swallowed');
    expect(client.data()).toHaveLength(0);
  });
});

describe('reset', () => {
  it('resets every open connection now and each new one until it ends', async () => {
    const { proxy: p } = await echoThroughProxy();
    const open = await connectClient(p.address);
    p.set({ mode: 'reset' });
    await until(() => open.ended() !== undefined, 'the open connection to be reset');
    expect(open.ended()).toBe('reset');
    const next = await connectClient(p.address);
    await until(() => next.ended() !== undefined, 'the new connection to be reset');
    expect(next.ended()).toBe('reset');
    p.set({});
    const healed = await connectClient(p.address);
    healed.socket.write('ok');
    await until(() => healed.data().toString() === 'ok', 'a connection after the fault');
    expect(p.counters.resets).toBe(2);
  });
});

describe('lost-reply', () => {
  it('lets the request reach the server, drops its reply and resets the connection', async () => {
    const { server: s, proxy: p } = await echoThroughProxy();
    const client = await connectClient(p.address);
    client.socket.write('before');
    await until(() => client.data().toString() === 'before', 'a reply before the fault');
    p.set({ mode: 'lost-reply' });
    client.socket.write('charge');
    await until(() => client.ended() !== undefined, 'the connection to be reset');
    expect(client.ended()).toBe('reset');
    expect(Buffer.concat(s.received).toString()).toBe('beforecharge');
    expect(client.data().toString()).toBe('before');
    expect(p.counters.lostReplies).toBe(1);
  });
});

describe('slow-close', () => {
  it("delays the server's close on its way to the client", async () => {
    const { server: s, proxy: p } = await echoThroughProxy();
    p.set({ down: { kind: 'slow-close', delayMs: 150 } });
    const client = await connectClient(p.address);
    await until(() => s.sockets.length === 1, 'the upstream connection');
    const closedAt = performance.now();
    s.sockets[0]!.end('bye');
    await until(() => client.ended() !== undefined, 'the close to arrive');
    expect(client.data().toString()).toBe('bye');
    expect(client.endedAt()! - closedAt).toBeGreaterThanOrEqual(145);
  });
});
