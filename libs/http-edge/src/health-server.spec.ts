import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@lab/config';
import { Registry, createLogger } from '@lab/telemetry';
import type { RunningEdge } from './edge-server.js';
import { healthServer } from './health-server.js';

const config = loadConfig({}, { workspaceRoot: '/' });
// One registry per server, as one per process: a registry refuses a second
// collected gauge of the same name.
const host = () => ({
  config: { ...config, host: '127.0.0.1' },
  logger: createLogger('health', { level: 'silent' }),
  registry: new Registry(),
});
const started: RunningEdge[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close(100)));
});

async function get(edge: RunningEdge, path: string) {
  const res = await fetch(`http://127.0.0.1:${edge.port}${path}`);
  return { status: res.status, text: await res.text() };
}

describe('healthServer', () => {
  it('serves /healthz over the checks it is given: 200 when all answer, 503 naming what is not', async () => {
    let nats: true | string = true;
    const edge = await healthServer(host())(0, { redis: async () => true, nats: async () => nats });
    started.push(edge);
    expect(edge.port).toBeGreaterThan(0);
    expect(await get(edge, '/healthz')).toMatchObject({ status: 200 });
    nats = 'disconnected';
    const down = await get(edge, '/healthz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toMatchObject({ missing: ['nats: disconnected'] });
  });

  it('serves nothing else of a checkout: POST /checkout is not a route', async () => {
    const edge = await healthServer(host())(0, {});
    started.push(edge);
    const res = await fetch(`http://127.0.0.1:${edge.port}/checkout`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});
