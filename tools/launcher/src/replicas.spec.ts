import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig, replicaPort } from '@lab/config';
import { configuredPort, freeReplicaPorts, replicaName, replicaSpecs } from './replicas.js';
import { STACK_APPS } from './stack-apps.js';

const payment = STACK_APPS.sync.find((e) => e.service === 'payment')!;

describe('replicaSpecs', () => {
  it('keeps the first replica as the service app, and gives each its own port', () => {
    const specs = replicaSpecs('sync', payment, {
      replicas: 3,
      port: 9000,
      env: { LAB_STACK: 'sync', LAB_SYNC_PAYMENT_PORT: '9000', LAB_SYNC_PAYMENT_REPLICAS: '3' },
    });
    expect(specs.map((s) => s.name)).toEqual(['sync-payment', 'sync-payment-2', 'sync-payment-3']);
    expect(specs.map((s) => s.readyAs)).toEqual(Array(3).fill('sync-payment'));
    expect(specs.map((s) => s.env.LAB_SYNC_PAYMENT_PORT)).toEqual(['9000', '9010', '9020']);
    expect(specs.every((s) => s.env.LAB_SYNC_PAYMENT_REPLICAS === '1')).toBe(true);
    expect(specs.every((s) => s.env.LAB_STACK === 'sync' && s.dir === 'apps/sync/payment')).toBe(
      true,
    );
  });

  it('names replicas after the first <stack>-<service>-<k>', () => {
    expect(replicaName('hybrid', 'warehouse', 1)).toBe('hybrid-warehouse');
    expect(replicaName('hybrid', 'warehouse', 4)).toBe('hybrid-warehouse-4');
  });
});

describe('configuredPort', () => {
  it('reads a gRPC port or a worker port, as the stack runs the service', () => {
    const c = loadConfig({}, { workspaceRoot: '/' });
    expect(configuredPort(c, 'sync', 'notification')).toBe(8113);
    expect(configuredPort(c, 'async', 'payment')).toBe(8211);
    expect(configuredPort(c, 'hybrid', 'payment')).toBe(8311);
    expect(configuredPort(c, 'hybrid', 'warehouse')).toBe(8315);
  });
});

describe('freeReplicaPorts', () => {
  it('finds first ports whose replica ports are free too, none repeated', async () => {
    const counts = [1, 3, 1, 2];
    const firsts = await freeReplicaPorts(counts);
    const all = firsts.flatMap((p, i) =>
      Array.from({ length: counts[i]! }, (_, k) => replicaPort(p, k + 1)),
    );
    expect(new Set(all).size).toBe(all.length);
    // Every one of them is free again once picked.
    for (const port of all) {
      await new Promise<void>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen({ port, host: '127.0.0.1' }, () => server.close(() => resolve()));
      });
    }
  });
});
