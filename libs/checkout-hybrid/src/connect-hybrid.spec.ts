import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts, startBrokers, type Brokers } from '@lab/brokers';
import { loadConfig } from '@lab/config';
import { OrderStore } from '@lab/ledger';
import { Registry, createLogger } from '@lab/telemetry';
import { connectHybrid } from './connect-hybrid.js';

const namespace = 'hybridwire';
let brokers: Brokers;
let redis: Redis;
beforeAll(async () => {
  brokers = await startBrokers({ vault: false });
  redis = new Redis(brokers.redis!.url);
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

describe('connectHybrid', () => {
  it('gives the hybrid flow, NATS and the critical path’s services as health, and closes them', async () => {
    // Free ports with no server behind them: the critical path's services are down.
    const [payment, inventory] = await freePorts(2);
    const config = loadConfig(
      {
        NATS_URL: brokers.nats!.url,
        LAB_HYBRID_PAYMENT_PORT: String(payment),
        LAB_HYBRID_INVENTORY_PORT: String(inventory),
      },
      { workspaceRoot: '/' },
    );
    const logger = createLogger('connect-hybrid', { level: 'silent' });
    const rt = { config, namespace, logger, registry: new Registry(), redis };
    const hybrid = await connectHybrid(rt, new OrderStore(redis, namespace));
    try {
      expect([hybrid.flow.variant, hybrid.flow.answersFrom]).toEqual(['hybrid', 'confirmed']);
      expect(Object.keys(hybrid.health).sort()).toEqual(['inventory', 'nats', 'payment']);
      expect(await hybrid.health.nats!()).toBe(true);
      const down = await hybrid.health.payment!().catch((e: unknown) => String(e));
      expect(down).not.toBe(true);
    } finally {
      await hybrid.close();
    }
    expect(await hybrid.health.nats!()).toBe('disconnected');
  });
});
