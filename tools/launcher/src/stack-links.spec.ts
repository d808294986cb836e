import { describe, expect, it } from 'vitest';
import { loadConfig } from '@lab/config';
import type { Variant } from '@lab/domain';
import { LINK_FAULT_KINDS } from '@lab/faults';
import type { AppSpec } from './app-process.js';
import { linkFaultTarget, linkStateFor } from './link-targets.js';
import { configuredPort, replicaSpecs } from './replicas.js';
import { STACK_APPS } from './stack-apps.js';
import { linkStack, stackLinkSpecs } from './stack-links.js';

const ENV = {
  NATS_URL: 'nats://127.0.0.1:14222',
  REDIS_URL: 'redis://127.0.0.1:16379',
  LAB_VAULT_URL: 'redis://127.0.0.1:16380',
};

function stackApps(kind: Variant, settings: Record<string, string> = {}) {
  const env = { ...ENV, LAB_STACK: kind, ...settings };
  const config = loadConfig(env, { workspaceRoot: '/' });
  const services = STACK_APPS[kind].flatMap((e) =>
    replicaSpecs(kind, e, {
      replicas: config.stacks[kind].replicas[e.service],
      port: configuredPort(config, kind, e.service),
      env,
    }),
  );
  const gateway: AppSpec = { name: `${kind}-gateway`, dir: `apps/${kind}/gateway`, env };
  return { config, apps: [...services, gateway] };
}

const names = (kind: Variant, settings?: Record<string, string>) => {
  const { config, apps } = stackApps(kind, settings);
  return stackLinkSpecs(kind, config, apps).map((l) => `${l.client}->${l.server}`);
};

describe('stackLinkSpecs', () => {
  it('links the sync edge to every replica of every service, and every process to what it uses', () => {
    const links = names('sync', { LAB_SYNC_PAYMENT_REPLICAS: '2' });
    expect(links.filter((l) => l.startsWith('sync-gateway->'))).toEqual([
      'sync-gateway->sync-payment',
      'sync-gateway->sync-payment-2',
      'sync-gateway->sync-inventory',
      'sync-gateway->sync-notification',
      'sync-gateway->sync-analytics',
      'sync-gateway->sync-warehouse',
      'sync-gateway->redis',
      'sync-gateway->vault',
    ]);
    expect(links).toContain('sync-payment-2->vault');
    expect(links).toContain('sync-warehouse->redis');
    expect(links).not.toContain('sync-warehouse->vault');
    // The sync stack speaks no NATS.
    expect(links.some((l) => l.endsWith('->nats'))).toBe(false);
  });

  it('gives every async process NATS and Redis, the vault to the edge and payment', () => {
    const links = names('async');
    expect(links.filter((l) => l.endsWith('->nats'))).toHaveLength(STACK_APPS.async.length + 1);
    expect(links.filter((l) => l.endsWith('->vault'))).toEqual([
      'async-payment->vault',
      'async-gateway->vault',
    ]);
    expect(links.some((l) => l.startsWith('async-gateway->async-'))).toBe(false);
  });

  it('links the hybrid edge to its gRPC services and to NATS, and the async workers it runs', () => {
    const links = names('hybrid');
    expect(links.filter((l) => l.startsWith('hybrid-gateway->'))).toEqual([
      'hybrid-gateway->hybrid-payment',
      'hybrid-gateway->hybrid-inventory',
      'hybrid-gateway->nats',
      'hybrid-gateway->redis',
      'hybrid-gateway->vault',
    ]);
    expect(links).toContain('hybrid-notification->nats');
    expect(links).not.toContain('hybrid-payment->nats');
  });
});

describe('linkStack', () => {
  it('leaves the apps as they are with links off', async () => {
    const { config, apps } = stackApps('sync');
    const { links, apps: same } = await linkStack('sync', config, apps);
    expect(links).toBeUndefined();
    expect(same).toEqual(apps);
  });

  it("points each app at its links' proxies, replicas in order, and the links at the servers", async () => {
    const { config, apps } = stackApps('sync', { LAB_LINKS: 'on', LAB_SYNC_PAYMENT_REPLICAS: '2' });
    const { links, apps: linked } = await linkStack('sync', config, apps);
    try {
      const gateway = linked.find((a) => a.name === 'sync-gateway')!;
      const proxied = (name: string) => links!.get(name)!.addresses[0]!;
      const at = (a: { host: string; port: number }) => `${a.host}:${a.port}`;
      expect(gateway.env.LAB_SYNC_PAYMENT_ADDRESSES).toBe(
        `${at(proxied('sync-gateway->sync-payment'))},${at(proxied('sync-gateway->sync-payment-2'))}`,
      );
      expect(gateway.env.REDIS_URL).toBe(`redis://${at(proxied('sync-gateway->redis'))}`);
      expect(gateway.env.LAB_VAULT_URL).toBe(`redis://${at(proxied('sync-gateway->vault'))}`);
      const payment2 = linked.find((a) => a.name === 'sync-payment-2')!;
      expect(payment2.env.REDIS_URL).toBe(`redis://${at(proxied('sync-payment-2->redis'))}`);
      expect(payment2.env.LAB_SYNC_PAYMENT_ADDRESSES).toBeUndefined();
      expect(links!.get('sync-gateway->sync-payment-2')!.spec.upstreams).toEqual([
        { host: '127.0.0.1', port: config.stacks.sync.services.payment.port + 10 },
      ]);
      const target = linkFaultTarget(links!.get('sync-gateway->redis')!);
      expect(target).toMatchObject({
        name: 'sync-gateway->redis',
        kinds: LINK_FAULT_KINDS,
        link: { client: 'sync-gateway', server: 'redis' },
      });
      await target.setLinkFault!({ kind: 'latency', direction: 'both', addMs: 5 });
      expect(links!.get('sync-gateway->redis')!.current()).toEqual({
        up: { kind: 'latency', addMs: 5, jitterMs: 0 },
        down: { kind: 'latency', addMs: 5, jitterMs: 0 },
      });
      await target.setLinkFault!(undefined);
      expect(links!.get('sync-gateway->redis')!.current()).toEqual({});
    } finally {
      await links?.close();
    }
  });
});

describe('linkStateFor', () => {
  it('puts a toxic on the directions asked for, and the whole-connection kinds as modes', () => {
    expect(linkStateFor({ kind: 'bandwidth', direction: 'up', rateKBps: 10 })).toEqual({
      up: { kind: 'bandwidth', rateKBps: 10 },
    });
    expect(linkStateFor({ kind: 'partition', direction: 'both' })).toEqual({
      up: { kind: 'blackhole' },
      down: { kind: 'blackhole' },
    });
    expect(linkStateFor({ kind: 'lost-reply', direction: 'down' })).toEqual({ mode: 'lost-reply' });
    expect(linkStateFor({ kind: 'reset', direction: 'both' })).toEqual({ mode: 'reset' });
  });
});
