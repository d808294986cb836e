import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { Registry } from './metrics.js';
import { startMetricsServer, type RunningMetricsServer } from './metrics-server.js';

const limits = {
  headersTimeoutMs: 500,
  requestTimeoutMs: 1000,
  keepAliveTimeoutMs: 1000,
  timeoutCheckIntervalMs: 100,
  maxHeaderBytes: 4096,
};

/** Sends raw bytes and resolves with whatever the server answers before it closes. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(bytes));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('metrics server', () => {
  const registry = new Registry({ defaultMetrics: true });
  registry.counter('lab_calls_total', 'Calls.').inc();
  let server: RunningMetricsServer;
  let url: string;
  let failing = false;
  registry.gauge('lab_flaky', 'Fails on demand.', [], () => {
    if (failing) throw new Error('unreadable');
    return 1;
  });

  beforeAll(async () => {
    server = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      registry,
      logger: createLogger('metrics-spec', { level: 'silent' }),
      limits,
    });
    url = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server?.close());

  it('serves the registry as Prometheus text on GET /metrics', async () => {
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(registry.contentType);
    const text = await res.text();
    expect(text).toMatch(/^lab_calls_total 1$/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    const head = await fetch(`${url}/metrics?x=1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('answers nothing else, and says what it serves', async () => {
    const other = await fetch(`${url}/healthz`);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('GET /metrics');
    const post = await fetch(`${url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('leaves out a figure that cannot be read, and serves the rest', async () => {
    failing = true;
    const text = await (await fetch(`${url}/metrics`)).text();
    failing = false;
    // prom-client writes NaN as "Nan"; Prometheus reads any case.
    expect(text).toMatch(/^lab_flaky nan$/im);
    expect(text).toMatch(/^lab_calls_total 1$/m);
  });

  it('refuses bad bytes and slow clients, and keeps serving', async () => {
    expect(await raw(server.port, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(
      await raw(server.port, `GET /metrics HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(8192)}\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 431/);
    // Headers never finished: cut after the header timeout.
    const slow = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: server.port }, () =>
        socket.write('GET /metrics HTTP/1.1\r\n'),
      );
      let answer = '';
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('close', () => resolve(answer));
    });
    expect(slow).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
  });

  it('refuses a port already taken, naming why', async () => {
    await expect(
      startMetricsServer({
        host: '127.0.0.1',
        port: server.port,
        registry,
        logger: createLogger('metrics-spec', { level: 'silent' }),
        limits,
      }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
