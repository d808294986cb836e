/**
 * A link fault by hand, the way docs/faults.md tells a person to: brokers
 * and the sync stack run by their `serve` programs with LAB_LINKS=on, and
 * `loadtest fault` (compiled, as `nx run loadtest:fault` runs it) puts
 * latency on the link from the sync edge to payment through the stack's
 * control endpoint, and lists the links.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts, waitUntil } from '@lab/brokers';
import { SERVICE_NAMES } from '@lab/domain';
import { faultCommand, ready, serve, type Served } from './served.js';
import { checkoutBody, post } from './support.js';

const TOKEN = 'e2e-links-token-0123456789';
const ADD_MS = 50;

describe('a link fault by hand into a stack served with links on', () => {
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  let brokers: Served;
  let stack: Served;
  let edge: string;

  const fault = (...args: string[]) => faultCommand(env, ...args);
  const timedCheckout = async () => {
    const started = performance.now();
    const answer = await post(`${edge}/checkout`, checkoutBody());
    expect(answer.status).toBe(200);
    return performance.now() - started;
  };

  beforeAll(async () => {
    const p = await freePorts(20);
    dataDir = mkdtempSync(join(tmpdir(), 'lab-links-'));
    edge = `http://127.0.0.1:${p[5]}`;
    env = {
      ...process.env,
      NATS_PORT: String(p[0]),
      NATS_MONITOR_PORT: String(p[1]),
      REDIS_PORT: String(p[2]),
      LAB_VAULT_PORT: String(p[3]),
      LAB_BROKERS_CONTROL_PORT: String(p[4]),
      LAB_SYNC_GATEWAY_PORT: String(p[5]),
      LAB_SYNC_CONTROL_PORT: String(p[6]),
      // Stacks this test does not run: their control ports are free ones, so `--list` meets nobody else's.
      LAB_ASYNC_CONTROL_PORT: String(p[7]),
      LAB_HYBRID_CONTROL_PORT: String(p[8]),
      ...Object.fromEntries(
        SERVICE_NAMES.flatMap((s, i) => [
          [`LAB_SYNC_${s.toUpperCase()}_PORT`, String(p[10 + i])],
          [`LAB_SYNC_${s.toUpperCase()}_METRICS_PORT`, String(p[15 + i])],
        ]),
      ),
      LAB_DATA_DIR: dataDir,
      LAB_TIME_SCALE: '0.01',
      LAB_LOG_LEVEL: 'warn',
      LAB_CONTROL_ENABLED: 'true',
      LAB_CONTROL_TOKEN: TOKEN,
      LAB_LINKS: 'on',
    };
    delete env.NATS_URL;
    delete env.REDIS_URL;
    delete env.LAB_VAULT_URL;
    brokers = serve('brokers', 'tools/brokers/dist/serve.js', [], env);
    await ready(brokers, 'brokers ready');
    stack = serve('sync', 'tools/launcher/dist/serve-stack.js', ['sync'], env);
    await ready(stack, 'sync stack ready');
  }, 120_000);

  afterAll(async () => {
    await stack?.process.stop();
    await brokers?.process.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('lists the links of the stack with their kinds', async () => {
    const { code, out } = await fault('--list');
    expect(code).toBe(0);
    expect(out).toMatch(/sync-gateway->sync-payment +latency, bandwidth, blackhole, reset/);
    expect(out).toMatch(/sync-payment->redis/);
    expect(stack.lines.some((l) => l.startsWith('sync links: sync-payment->redis'))).toBe(true);
  });

  it('adds latency to the edge-to-payment link for the duration, then takes it off', async () => {
    await timedCheckout(); // warm
    const injected = fault(
      '--target',
      'sync-gateway->sync-payment',
      '--kind',
      'latency',
      '--add-ms',
      String(ADD_MS),
      '--for',
      '3s',
    );
    await waitUntil(async () => stack.lines.some((l) => /fault f\d+-.*latency applied/.test(l)), {
      timeoutMs: 10_000,
      what: 'the fault to take effect',
    });
    // Two calls cross that link (validate, charge): each reply waits ADD_MS at least.
    expect(await timedCheckout()).toBeGreaterThanOrEqual(2 * ADD_MS);
    const { code, out } = await injected;
    expect(code).toBe(0);
    expect(out).toMatch(
      /latency of sync-gateway->sync-payment for 3 s \(\+50 ms down\): ended, on sync-gateway->sync-payment, applied/,
    );
    await timedCheckout(); // and the stack serves (200) once it is off
  });
});
