import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from '@lab/config';
import { waitUntil } from '@lab/brokers';
import { checkoutBody, post, startLab, type Lab } from './support.js';

let lab: Lab;
beforeAll(async () => {
  // Slow enough (a 0.73 s checkout) that a stop lands while one is in flight.
  lab = await startLab('sync', { LAB_TIME_SCALE: 0.2 });
}, 90_000);
afterAll(async () => {
  await lab?.stop();
});

describe('sync stack lifecycle', () => {
  it('finishes a checkout in flight when the gateway gets SIGTERM, and takes no new one', async () => {
    const before = (await lab.store.ids()).length;
    const inFlight = post(`${lab.stack.url}/checkout`, checkoutBody());
    // Stop once the order is recorded and under way, not after a guessed delay.
    await waitUntil(async () => (await lab.store.ids()).length > before, {
      timeoutMs: 5000,
      what: 'the order to be recorded',
    });
    const gateway = lab.stack.app('sync-gateway');
    const stopped = gateway.stop();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('confirmed');
    await stopped;
    expect(gateway.running).toBe(false);
    await expect(fetch(`${lab.stack.url}/healthz`)).rejects.toThrow();
  });

  it('stops a service at start-up when a setting is bad, naming it', async () => {
    const root = findWorkspaceRoot();
    const child = spawn(process.execPath, ['apps/sync/payment/dist/main.js'], {
      cwd: root,
      env: { ...process.env, ...lab.stack.env, LAB_SYNC_PAYMENT_PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(
      'LAB_SYNC_PAYMENT_PORT (stacks.sync.services.payment.port): expected a TCP port',
    );
  });

  it('refuses to serve a stack it does not belong to', async () => {
    const child = spawn(process.execPath, ['apps/sync/notification/dist/main.js'], {
      cwd: findWorkspaceRoot(),
      env: { ...process.env, ...lab.stack.env, LAB_STACK: 'hybrid' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(stderr).toContain('LAB_STACK: notification serves sync, got "hybrid"');
  });
});
