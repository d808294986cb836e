/**
 * Faults injected by hand, the way a person does it: brokers and stacks run
 * by their `serve` targets' programs (the supervisors of `nx run-many -t
 * serve`), and `loadtest fault` (compiled, as `nx run loadtest:fault` runs it)
 * talks to their control endpoints. Each kind is seen to take effect and end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { freePorts, portOpen, waitUntil } from '@lab/brokers';
import { ControlClient } from '@lab/faults';
import { Counters, EffectsLedger, OrderStore, reconcile } from '@lab/ledger';
import { SERVICE_NAMES } from '@lab/domain';
import { faultCommand, ready, serve, type Served } from './served.js';
import { checkoutBody, post } from './support.js';

const TOKEN = 'e2e-control-token-0123456789';

describe('faults injected by hand into running stacks', () => {
  let env: NodeJS.ProcessEnv;
  let ports: Record<
    | 'nats'
    | 'natsMonitor'
    | 'redis'
    | 'brokersControl'
    | 'asyncGateway'
    | 'asyncControl'
    | 'syncGateway'
    | 'syncControl',
    number
  >;
  let dataDir: string;
  let brokers: Served;
  let asyncStack: Served;
  let syncStack: Served;
  let redis: Redis;
  let store: OrderStore;
  let ledger: EffectsLedger;
  const placed: string[] = [];

  const gateway = () => `http://127.0.0.1:${ports.asyncGateway}`;
  const fault = (...args: string[]) => faultCommand(env, ...args);
  const checkout = async () => {
    const answer = await post(`${gateway()}/checkout`, checkoutBody());
    expect(answer.status).toBe(202);
    const id = answer.body.orderId as string;
    placed.push(id);
    return id;
  };
  const statusOf = async (id: string) => (await store.get(id))?.status;
  // Longer than the edge's own health timeout: /healthz asks every service and
  // broker, which on a loaded machine takes more than a few hundred ms.
  const healthy = async (port: number, timeoutMs = 3000) => {
    try {
      return (
        await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })
      ).ok;
    } catch {
      return false;
    }
  };
  const activeFault = async (endpointPort: number) => {
    const client = new ControlClient(`http://127.0.0.1:${endpointPort}`, TOKEN);
    const { faults } = await client.list();
    return { client, active: faults.filter((f) => f.state === 'active') };
  };

  beforeAll(async () => {
    const p = await freePorts(25);
    ports = {
      nats: p[0]!,
      natsMonitor: p[1]!,
      redis: p[2]!,
      brokersControl: p[3]!,
      asyncGateway: p[4]!,
      asyncControl: p[5]!,
      syncGateway: p[6]!,
      syncControl: p[7]!,
    };
    dataDir = mkdtempSync(join(tmpdir(), 'lab-faults-'));
    env = {
      ...process.env,
      NATS_PORT: String(ports.nats),
      NATS_MONITOR_PORT: String(ports.natsMonitor),
      REDIS_PORT: String(ports.redis),
      LAB_VAULT_PORT: String(p[18]),
      LAB_BROKERS_CONTROL_PORT: String(ports.brokersControl),
      LAB_ASYNC_GATEWAY_PORT: String(ports.asyncGateway),
      LAB_ASYNC_CONTROL_PORT: String(ports.asyncControl),
      LAB_SYNC_GATEWAY_PORT: String(ports.syncGateway),
      LAB_SYNC_CONTROL_PORT: String(ports.syncControl),
      ...Object.fromEntries(
        SERVICE_NAMES.flatMap((s, i) => [
          [`LAB_ASYNC_${s.toUpperCase()}_PORT`, String(p[8 + i])],
          [`LAB_SYNC_${s.toUpperCase()}_PORT`, String(p[13 + i])],
          [`LAB_SYNC_${s.toUpperCase()}_METRICS_PORT`, String(p[20 + i])],
        ]),
      ),
      LAB_DATA_DIR: dataDir,
      LAB_TIME_SCALE: '0.01',
      LAB_LOG_LEVEL: 'warn',
      LAB_CONTROL_ENABLED: 'true',
      LAB_CONTROL_TOKEN: TOKEN,
    };
    delete env.NATS_URL;
    delete env.REDIS_URL;
    delete env.LAB_VAULT_URL;
    brokers = serve('brokers', 'tools/brokers/dist/serve.js', [], env);
    await ready(brokers, 'brokers ready');
    asyncStack = serve('async', 'tools/launcher/dist/serve-stack.js', ['async'], env);
    // The sync stack runs with control off: it must serve no control endpoint.
    syncStack = serve('sync', 'tools/launcher/dist/serve-stack.js', ['sync'], {
      ...env,
      LAB_CONTROL_ENABLED: 'false',
    });
    await Promise.all([
      ready(asyncStack, 'async stack ready'),
      ready(syncStack, 'sync stack ready'),
    ]);
    redis = new Redis(`redis://127.0.0.1:${ports.redis}`);
    store = new OrderStore(redis, 'async');
    ledger = new EffectsLedger(redis, 'async');
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await syncStack?.process.stop();
    await asyncStack?.process.stop();
    await brokers?.process.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('serves a control endpoint only where enabled, and only with the token', async () => {
    const url = `http://127.0.0.1:${ports.asyncControl}/control`;
    expect((await fetch(url)).status).toBe(401);
    expect(
      (await fetch(url, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status,
    ).toBe(401);
    const described = await new ControlClient(
      `http://127.0.0.1:${ports.asyncControl}`,
      TOKEN,
    ).describe();
    expect(described.targets.map((t) => t.name)).toContain('async-notification');
    // A 401 changed nothing: no fault was recorded.
    expect((await activeFault(ports.asyncControl)).active).toEqual([]);
    // The sync stack serves (its edge answers) but has no control endpoint at all.
    expect(await healthy(ports.syncGateway)).toBe(true);
    expect(await portOpen('127.0.0.1', ports.syncControl)).toBe(false);
    const refused = await fault('--target', 'sync-payment', '--kind', 'crash', '--for', '1s');
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/no control endpoint at .*LAB_CONTROL_ENABLED=true/);
  });

  it('crash: the email worker is gone for the downtime, orders still confirm, the email follows', async () => {
    const notificationPort = Number(env.LAB_ASYNC_NOTIFICATION_PORT!);
    expect(await healthy(notificationPort)).toBe(true);
    const injected = fault('--target', 'async-notification', '--kind', 'crash', '--for', '4s');
    await waitUntil(async () => !(await portOpen('127.0.0.1', notificationPort)), {
      timeoutMs: 5000,
      what: 'the notification service to be down',
    });
    const id = await checkout();
    await waitUntil(async () => (await statusOf(id)) === 'confirmed', {
      timeoutMs: 15_000,
      what: 'confirmed',
    });
    // Still inside the fault: the supervisor has not restarted it early.
    expect(await portOpen('127.0.0.1', notificationPort)).toBe(false);
    expect((await ledger.countsOf(id)).email ?? 0).toBe(0);
    const { code, out } = await injected;
    expect(code).toBe(0);
    expect(out).toMatch(/crash of async-notification for 4 s: ended/);
    expect(out).toMatch(/serving again \d+ ms after the end/);
    expect(await healthy(notificationPort)).toBe(true);
    await waitUntil(async () => (await ledger.countsOf(id)).email === 1, {
      timeoutMs: 15_000,
      what: 'the email',
    });
  });

  it('hang: a request sent to a frozen edge is held, then answered once it thaws', async () => {
    const { code } = await fault(
      '--target',
      'async-gateway',
      '--kind',
      'hang',
      '--for',
      '2s',
      '--no-wait',
    );
    expect(code).toBe(0);
    // Frozen: not a word within 300 ms (the fault lasts 2 s, so a longer probe would see it thaw).
    expect(await healthy(ports.asyncGateway, 300)).toBe(false);
    const sentAt = Date.now();
    const id = await checkout();
    const { client, active } = await activeFault(ports.asyncControl);
    expect(active).toEqual([]); // it ended while the request waited
    expect(Date.now() - sentAt).toBeGreaterThan(300);
    const [ended] = (await client.list()).faults.filter((f) => f.kind === 'hang');
    expect(ended).toMatchObject({ state: 'ended', target: 'async-gateway' });
    expect(ended!.endedAt! - ended!.appliedAt!).toBeGreaterThanOrEqual(1990);
    await waitUntil(async () => (await statusOf(id)) === 'confirmed', {
      timeoutMs: 15_000,
      what: 'confirmed',
    });
  });

  it('slow: a charge during the window takes 100 times as long, one after it does not', async () => {
    // The charge is 2000 simulated ms; at LAB_TIME_SCALE 0.01 that is 20 ms, ×100 is 2 s.
    const { code, out } = await fault(
      '--target',
      'async-payment',
      '--kind',
      'slow',
      '--step',
      'chargeCard',
      '--multiplier',
      '100',
      '--for',
      '3s',
      '--no-wait',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/slow of async-payment for 3 s \(×100 \+0 ms on chargeCard\): active/);
    const confirmTime = async () => {
      const at = Date.now();
      const id = await checkout();
      await waitUntil(async () => (await statusOf(id)) === 'confirmed', {
        timeoutMs: 15_000,
        what: 'confirmed',
      });
      return Date.now() - at;
    };
    expect(await confirmTime()).toBeGreaterThanOrEqual(1500);
    const { client, active } = await activeFault(ports.asyncControl);
    if (active[0]) await client.whenEnded(active[0].id);
    expect(await confirmTime()).toBeLessThan(1000);
  });

  it('errors: charges fail and are redelivered during the window, and succeed after it', async () => {
    const counters = new Counters(redis, 'async');
    const before = await counters.read();
    const { code } = await fault(
      '--target',
      'async-payment',
      '--kind',
      'errors',
      '--step',
      'chargeCard',
      '--error-rate',
      '1',
      '--for',
      '2s',
      '--no-wait',
    );
    expect(code).toBe(0);
    const during = await checkout();
    await waitUntil(async () => (await counters.read()).redeliveries > before.redeliveries, {
      timeoutMs: 15_000,
      what: 'a redelivered charge',
    });
    expect((await ledger.countsOf(during)).charge ?? 0).toBe(0);
    const { client, active } = await activeFault(ports.asyncControl);
    if (active[0]) await client.whenEnded(active[0].id);
    const after = await checkout();
    await waitUntil(async () => (await statusOf(after)) === 'confirmed', {
      timeoutMs: 15_000,
      what: 'confirmed',
    });
    await waitUntil(async () => ['confirmed', 'failed'].includes((await statusOf(during)) ?? ''), {
      timeoutMs: 15_000,
      what: 'the order of the window to settle',
    });
  });

  it('broker down: NATS stops and starts again; orders accepted meanwhile complete', async () => {
    const injected = fault('--target', 'nats', '--kind', 'broker-down', '--for', '2s');
    await waitUntil(async () => !(await portOpen('127.0.0.1', ports.nats)), {
      timeoutMs: 5000,
      what: 'nats-server to stop',
    });
    const id = await checkout(); // the outbox keeps it until NATS is back
    const { code, out } = await injected;
    expect(code).toBe(0);
    expect(out).toMatch(/broker-down of nats for 2 s: ended/);
    expect(await portOpen('127.0.0.1', ports.nats)).toBe(true);
    await waitUntil(async () => (await statusOf(id)) === 'confirmed', {
      timeoutMs: 30_000,
      what: 'the order accepted during the outage',
    });
  });

  it('kept every promise through all of it', async () => {
    await waitUntil(
      async () => {
        for (const id of placed) {
          const s = await statusOf(id);
          if (s !== 'confirmed' && s !== 'failed') return false;
          if (s === 'confirmed' && !(await ledger.countsOf(id)).email) return false;
        }
        return true;
      },
      { timeoutMs: 30_000, what: 'every order to settle' },
    );
    const rec = await reconcile(redis, 'async', placed);
    expect(rec).toMatchObject({ lost: 0, duplicateEffects: 0, orphanCharges: 0 });
  });
});
